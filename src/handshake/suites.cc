#include "handshake/suites.h"

#include <array>

namespace tlspp::handshake {
namespace {

using crypto::AeadAlg;
using crypto::HashAlg;
using CS = CipherSuite;
using V = ProtocolVersion;

constexpr std::array<SuiteInfo, 11> kSuites = {{
    // RFC 8446 §B.4
    {CS::tls_aes_128_gcm_sha256, V::tls1_3, AeadAlg::aes_128_gcm, HashAlg::sha256,
     KeyExchange::tls13},
    {CS::tls_aes_256_gcm_sha384, V::tls1_3, AeadAlg::aes_256_gcm, HashAlg::sha384,
     KeyExchange::tls13},
    {CS::tls_chacha20_poly1305_sha256, V::tls1_3, AeadAlg::chacha20_poly1305, HashAlg::sha256,
     KeyExchange::tls13},
    // RFC 5289 / RFC 8422 / RFC 7905 (TLS 1.2, ECDHE)
    {CS::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256, V::tls1_2, AeadAlg::aes_128_gcm, HashAlg::sha256,
     KeyExchange::ecdhe_ecdsa},
    {CS::tls_ecdhe_rsa_with_aes_128_gcm_sha256, V::tls1_2, AeadAlg::aes_128_gcm, HashAlg::sha256,
     KeyExchange::ecdhe_rsa},
    {CS::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384, V::tls1_2, AeadAlg::aes_256_gcm, HashAlg::sha384,
     KeyExchange::ecdhe_ecdsa},
    {CS::tls_ecdhe_rsa_with_aes_256_gcm_sha384, V::tls1_2, AeadAlg::aes_256_gcm, HashAlg::sha384,
     KeyExchange::ecdhe_rsa},
    {CS::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256, V::tls1_2, AeadAlg::chacha20_poly1305,
     HashAlg::sha256, KeyExchange::ecdhe_ecdsa},
    {CS::tls_ecdhe_rsa_with_chacha20_poly1305_sha256, V::tls1_2, AeadAlg::chacha20_poly1305,
     HashAlg::sha256, KeyExchange::ecdhe_rsa},
    // RFC 5288 (TLS 1.2, static RSA key exchange; legacy)
    {CS::tls_rsa_with_aes_128_gcm_sha256, V::tls1_2, AeadAlg::aes_128_gcm, HashAlg::sha256,
     KeyExchange::rsa},
    {CS::tls_rsa_with_aes_256_gcm_sha384, V::tls1_2, AeadAlg::aes_256_gcm, HashAlg::sha384,
     KeyExchange::rsa},
}};

}  // namespace

const SuiteInfo* suite_info(CipherSuite suite) {
  for (const auto& s : kSuites) {
    if (s.suite == suite) return &s;
  }
  return nullptr;
}

std::span<const SuiteInfo> all_suites() { return kSuites; }

}  // namespace tlspp::handshake
