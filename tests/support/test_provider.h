// The crypto provider x509 tests verify signatures with.
#pragma once

#include <memory>

#include "support/fake_provider.h"

namespace tlspp::test {

inline std::shared_ptr<crypto::Provider> make_test_provider() {
  return std::make_shared<FakeVerifyProvider>();
}

}  // namespace tlspp::test
