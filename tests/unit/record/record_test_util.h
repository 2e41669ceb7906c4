// Helpers shared by the record-layer unit tests: protections over the stand-in AEAD, building
// records and handshake messages by hand, and assertions on errors.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "codec/secret_bytes.h"
#include "record/tls12_protection.h"
#include "record/tls13_protection.h"
#include "tlspp/result.h"
#include "unit/record/fake_aead.h"

namespace tlspp::record::testing {

using ByteVec = std::vector<std::uint8_t>;

inline ByteVec bytes(std::initializer_list<int> values) {
  ByteVec out;
  for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

inline ByteVec ascii(std::string_view s) { return ByteVec(s.begin(), s.end()); }

inline ByteVec concat(std::initializer_list<ByteVec> parts) {
  ByteVec out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A plaintext record: type || version || length || content.
inline ByteVec plain_record(ContentType type, Bytes content, std::uint16_t version = 0x0303) {
  ByteVec out = {static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(version >> 8),
                 static_cast<std::uint8_t>(version), static_cast<std::uint8_t>(content.size() >> 8),
                 static_cast<std::uint8_t>(content.size())};
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

// An encoded handshake message: type || u24 length || `body_size` bytes of `fill`.
inline ByteVec handshake_message(HandshakeType type, std::size_t body_size,
                                 std::uint8_t fill = 0xAB) {
  ByteVec out = {static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(body_size >> 16),
                 static_cast<std::uint8_t>(body_size >> 8), static_cast<std::uint8_t>(body_size)};
  out.insert(out.end(), body_size, fill);
  return out;
}

inline codec::SecretBytes secret(std::size_t size, std::uint8_t fill) {
  const ByteVec v(size, fill);
  return codec::SecretBytes(v);
}

// TLS 1.3 protection over FakeAead, keyed by (key_byte, iv_byte): two objects made with the same
// bytes are the two ends of one direction.
inline Tls13RecordProtection fake_tls13(std::uint8_t key_byte = 0x11, std::uint8_t iv_byte = 0x22,
                                        crypto::AeadAlg alg = crypto::AeadAlg::aes_128_gcm) {
  auto p = Tls13RecordProtection::from_aead(make_fake_aead(alg, key_byte), secret(12, iv_byte));
  EXPECT_TRUE(p.ok());
  return std::move(p).value();
}

inline Tls12RecordProtection fake_tls12(crypto::AeadAlg alg, std::uint8_t key_byte = 0x33,
                                        std::uint8_t iv_byte = 0x44) {
  const std::size_t iv_size = alg == crypto::AeadAlg::chacha20_poly1305 ? 12 : 4;
  auto p =
      Tls12RecordProtection::from_aead(make_fake_aead(alg, key_byte), secret(iv_size, iv_byte));
  EXPECT_TRUE(p.ok());
  return std::move(p).value();
}

// Asserts that `result` failed with `code`, whose alert is `alert`.
template <class R>
void expect_error(const R& result, ErrorCode code, AlertDescription alert) {
  ASSERT_FALSE(result.ok()) << "expected " << name_of(code);
  EXPECT_EQ(result.error().code, code) << result.error().to_string();
  EXPECT_EQ(result.error().alert, alert) << result.error().to_string();
  EXPECT_FALSE(result.error().reason.empty());
}

}  // namespace tlspp::record::testing
