// What each cipher suite tlspp implements means: AEAD, hash, version and (for TLS 1.2) the key
// exchange and the authentication it requires.
#pragma once

#include <span>

#include "crypto/provider.h"
#include "tlspp/wire.h"

namespace tlspp::handshake {

enum class KeyExchange : std::uint8_t {
  tls13,        // TLS 1.3: (EC)DHE and/or PSK chosen by extensions (RFC 8446 §2)
  ecdhe_ecdsa,  // TLS 1.2 RFC 8422
  ecdhe_rsa,    // TLS 1.2 RFC 8422
  rsa,          // TLS 1.2 static RSA (RFC 5246 §7.4.7.1): legacy, off by default
};

struct SuiteInfo {
  CipherSuite suite;
  ProtocolVersion version;  // tls1_3 or tls1_2
  crypto::AeadAlg aead;
  crypto::HashAlg hash;  // the transcript/HKDF hash (1.3) or PRF hash (1.2)
  KeyExchange kex;
};

// The suite's description, or nullptr for a suite tlspp does not implement (CBC, RC4, export,
// anonymous, unknown and GREASE values: none are implemented on purpose).
const SuiteInfo* suite_info(CipherSuite suite);

// Every implemented suite, TLS 1.3 first, in tlspp's default preference order.
std::span<const SuiteInfo> all_suites();

}  // namespace tlspp::handshake
