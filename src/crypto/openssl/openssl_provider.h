// The crypto provider implemented over OpenSSL 3 libcrypto EVP (never libssl).
#pragma once

#include <memory>

#include "crypto/provider.h"

namespace tlspp::crypto::openssl {

// The process-wide libcrypto provider. Algorithms are fetched once, at first use, and shared by all
// callers; the object is thread-safe.
std::shared_ptr<Provider> make_provider();

}  // namespace tlspp::crypto::openssl
