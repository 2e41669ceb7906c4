// The crypto provider x509 tests verify signatures with: the real libcrypto provider.
#pragma once

#include <memory>

#include "crypto/openssl/openssl_provider.h"

namespace tlspp::test {

inline std::shared_ptr<crypto::Provider> make_test_provider() {
  return crypto::openssl::make_provider();
}

}  // namespace tlspp::test
