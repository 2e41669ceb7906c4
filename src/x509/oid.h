// Object identifiers tlspp's X.509 layer recognises, as DER contents octets (X.690 §8.19), and a
// helper to compare them with parsed contents.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

namespace tlspp::x509::oid {

template <std::size_t N>
bool equals(std::span<const std::uint8_t> contents, const std::array<std::uint8_t, N>& oid) {
  return std::ranges::equal(contents, oid);
}

// 1.2.840.113549.1.1.1
inline constexpr std::array<std::uint8_t, 9> kOidRsaEncryption = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                                  0x0d, 0x01, 0x01, 0x01};
// 1.2.840.113549.1.1.10
inline constexpr std::array<std::uint8_t, 9> kOidRsaPss = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                           0x0d, 0x01, 0x01, 0x0a};
// 1.2.840.113549.1.1.8
inline constexpr std::array<std::uint8_t, 9> kOidMgf1 = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                         0x0d, 0x01, 0x01, 0x08};
// 1.2.840.113549.1.1.4
inline constexpr std::array<std::uint8_t, 9> kOidMd5WithRsa = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                               0x0d, 0x01, 0x01, 0x04};
// 1.2.840.113549.1.1.5
inline constexpr std::array<std::uint8_t, 9> kOidSha1WithRsa = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                                0x0d, 0x01, 0x01, 0x05};
// 1.2.840.113549.1.1.11
inline constexpr std::array<std::uint8_t, 9> kOidSha256WithRsa = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                                  0x0d, 0x01, 0x01, 0x0b};
// 1.2.840.113549.1.1.12
inline constexpr std::array<std::uint8_t, 9> kOidSha384WithRsa = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                                  0x0d, 0x01, 0x01, 0x0c};
// 1.2.840.113549.1.1.13
inline constexpr std::array<std::uint8_t, 9> kOidSha512WithRsa = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                                  0x0d, 0x01, 0x01, 0x0d};
// 1.2.840.10045.2.1
inline constexpr std::array<std::uint8_t, 7> kOidEcPublicKey = {0x2a, 0x86, 0x48, 0xce,
                                                                0x3d, 0x02, 0x01};
// 1.2.840.10045.4.1
inline constexpr std::array<std::uint8_t, 7> kOidEcdsaWithSha1 = {0x2a, 0x86, 0x48, 0xce,
                                                                  0x3d, 0x04, 0x01};
// 1.2.840.10045.4.3.2
inline constexpr std::array<std::uint8_t, 8> kOidEcdsaWithSha256 = {0x2a, 0x86, 0x48, 0xce,
                                                                    0x3d, 0x04, 0x03, 0x02};
// 1.2.840.10045.4.3.3
inline constexpr std::array<std::uint8_t, 8> kOidEcdsaWithSha384 = {0x2a, 0x86, 0x48, 0xce,
                                                                    0x3d, 0x04, 0x03, 0x03};
// 1.2.840.10045.4.3.4
inline constexpr std::array<std::uint8_t, 8> kOidEcdsaWithSha512 = {0x2a, 0x86, 0x48, 0xce,
                                                                    0x3d, 0x04, 0x03, 0x04};
// 1.3.101.112
inline constexpr std::array<std::uint8_t, 3> kOidEd25519 = {0x2b, 0x65, 0x70};
// 1.2.840.10045.3.1.7
inline constexpr std::array<std::uint8_t, 8> kOidP256 = {0x2a, 0x86, 0x48, 0xce,
                                                         0x3d, 0x03, 0x01, 0x07};
// 1.3.132.0.34
inline constexpr std::array<std::uint8_t, 5> kOidP384 = {0x2b, 0x81, 0x04, 0x00, 0x22};
// 1.3.132.0.35
inline constexpr std::array<std::uint8_t, 5> kOidP521 = {0x2b, 0x81, 0x04, 0x00, 0x23};
// 1.3.14.3.2.26
inline constexpr std::array<std::uint8_t, 5> kOidSha1 = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
// 2.16.840.1.101.3.4.2.1
inline constexpr std::array<std::uint8_t, 9> kOidSha256 = {0x60, 0x86, 0x48, 0x01, 0x65,
                                                           0x03, 0x04, 0x02, 0x01};
// 2.16.840.1.101.3.4.2.2
inline constexpr std::array<std::uint8_t, 9> kOidSha384 = {0x60, 0x86, 0x48, 0x01, 0x65,
                                                           0x03, 0x04, 0x02, 0x02};
// 2.16.840.1.101.3.4.2.3
inline constexpr std::array<std::uint8_t, 9> kOidSha512 = {0x60, 0x86, 0x48, 0x01, 0x65,
                                                           0x03, 0x04, 0x02, 0x03};
// 2.5.4.3
inline constexpr std::array<std::uint8_t, 3> kOidCommonName = {0x55, 0x04, 0x03};
// 2.5.29.14
inline constexpr std::array<std::uint8_t, 3> kOidExtSubjectKeyIdentifier = {0x55, 0x1d, 0x0e};
// 2.5.29.15
inline constexpr std::array<std::uint8_t, 3> kOidExtKeyUsage = {0x55, 0x1d, 0x0f};
// 2.5.29.17
inline constexpr std::array<std::uint8_t, 3> kOidExtSubjectAltName = {0x55, 0x1d, 0x11};
// 2.5.29.19
inline constexpr std::array<std::uint8_t, 3> kOidExtBasicConstraints = {0x55, 0x1d, 0x13};
// 2.5.29.30
inline constexpr std::array<std::uint8_t, 3> kOidExtNameConstraints = {0x55, 0x1d, 0x1e};
// 2.5.29.32
inline constexpr std::array<std::uint8_t, 3> kOidExtCertificatePolicies = {0x55, 0x1d, 0x20};
// 2.5.29.35
inline constexpr std::array<std::uint8_t, 3> kOidExtAuthorityKeyIdentifier = {0x55, 0x1d, 0x23};
// 2.5.29.37
inline constexpr std::array<std::uint8_t, 3> kOidExtExtKeyUsage = {0x55, 0x1d, 0x25};
// 1.3.6.1.5.5.7.1.1
inline constexpr std::array<std::uint8_t, 8> kOidExtAuthorityInfoAccess = {0x2b, 0x06, 0x01, 0x05,
                                                                           0x05, 0x07, 0x01, 0x01};
// 2.5.29.37.0
inline constexpr std::array<std::uint8_t, 4> kOidAnyExtendedKeyUsage = {0x55, 0x1d, 0x25, 0x00};
// 1.3.6.1.5.5.7.3.1
inline constexpr std::array<std::uint8_t, 8> kOidServerAuth = {0x2b, 0x06, 0x01, 0x05,
                                                               0x05, 0x07, 0x03, 0x01};
// 1.3.6.1.5.5.7.3.2
inline constexpr std::array<std::uint8_t, 8> kOidClientAuth = {0x2b, 0x06, 0x01, 0x05,
                                                               0x05, 0x07, 0x03, 0x02};

}  // namespace tlspp::x509::oid
