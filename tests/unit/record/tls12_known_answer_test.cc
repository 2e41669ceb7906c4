// TLS 1.2 AEAD records over the OpenSSL provider, checked against records computed independently
// with pyca/cryptography (the spec texts carry no TLS 1.2 record vectors). Generator:
//
//   from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
//   import struct
//   def rec(t, v, body): return bytes([t]) + struct.pack(">HH", v, len(body)) + body
//   # RFC 5288 §3: nonce = salt || nonce_explicit (= seq); RFC 5246 §6.2.3.3 additional data.
//   key, salt, seq, pt = bytes(range(16)), bytes.fromhex("a0a1a2a3"), 5,
//                        b"hello, TLS 1.2 record layer"
//   explicit = struct.pack(">Q", seq)
//   aad = struct.pack(">Q", seq) + bytes([23]) + struct.pack(">HH", 0x0303, len(pt))
//   print(rec(23, 0x0303, explicit + AESGCM(key).encrypt(salt + explicit, pt, aad)).hex())
//   # RFC 7905 §2: nonce = iv XOR padded seq, no explicit nonce.
//   key, iv, seq = bytes(range(0x80, 0xa0)), bytes(range(0x40, 0x4c)), 7
//   pt = bytes.fromhex("14000020") + bytes(range(32))
//   nonce = bytes(a ^ b for a, b in zip(iv, b"\0\0\0\0" + struct.pack(">Q", seq)))
//   aad = struct.pack(">Q", seq) + bytes([22]) + struct.pack(">HH", 0x0303, len(pt))
//   print(rec(22, 0x0303, ChaCha20Poly1305(key).encrypt(nonce, pt, aad)).hex())
#include <gtest/gtest.h>

#include "codec/hex.h"
#include "crypto/openssl/openssl_provider.h"
#include "record/tls12_protection.h"
#include "unit/record/record_test_util.h"

namespace tlspp::record {
namespace {

using testing::ByteVec;

ByteVec hex(std::string_view text) { return *codec::from_hex(text); }

ByteVec range(int from, int to) {
  ByteVec out;
  for (int i = from; i < to; ++i) out.push_back(static_cast<std::uint8_t>(i));
  return out;
}

Tls12RecordProtection make(crypto::AeadAlg alg, const ByteVec& key, const ByteVec& iv) {
  static const auto provider = crypto::openssl::make_provider();
  auto p = Tls12RecordProtection::create(*provider, alg, codec::SecretBytes(key),
                                         codec::SecretBytes(iv));
  EXPECT_TRUE(p.ok()) << p.error().to_string();
  return std::move(p).value();
}

struct Vector {
  crypto::AeadAlg alg;
  ByteVec key, iv;
  std::uint64_t seq;
  ContentType type;
  ByteVec plaintext;
  ByteVec record;
};

std::vector<Vector> vectors() {
  const std::string_view gcm_text = "hello, TLS 1.2 record layer";
  return {
      {crypto::AeadAlg::aes_128_gcm, range(0, 16), hex("a0a1a2a3"), 5,
       ContentType::application_data, ByteVec(gcm_text.begin(), gcm_text.end()),
       hex("17030300330000000000000005b97bffd249f365b2c605cef51c7cbcb8bece5fd16f9503241b7a3c374803"
           "ff47afe6b5dfff7e422995b4b1")},
      {crypto::AeadAlg::chacha20_poly1305, range(0x80, 0xa0), range(0x40, 0x4c), 7,
       ContentType::handshake, testing::concat({hex("14000020"), range(0, 32)}),
       hex("160303003423a28b723adc7742b82b3dd9ce930ea5cb1c01c66adb790e62373395c392a08430ff1e67308a"
           "d4e03400906ff1c793f9128d29d0")},
  };
}

TEST(Tls12KnownAnswer, SealGivesTheIndependentlyComputedRecord) {
  for (const Vector& v : vectors()) {
    auto p = make(v.alg, v.key, v.iv);
    p.set_sequence_for_testing(v.seq);
    ByteVec record(p.sealed_size(v.plaintext.size()));
    std::copy(v.plaintext.begin(), v.plaintext.end(),
              record.begin() + static_cast<std::ptrdiff_t>(p.content_offset()));
    ASSERT_TRUE(p.seal_in_place(v.type, 0x0303, record).ok());
    EXPECT_EQ(codec::to_hex(record), codec::to_hex(v.record)) << crypto::name_of(v.alg);
  }
}

TEST(Tls12KnownAnswer, OpenGivesThePlaintextBack) {
  for (const Vector& v : vectors()) {
    auto p = make(v.alg, v.key, v.iv);
    p.set_sequence_for_testing(v.seq);
    ByteVec record = v.record;
    auto plaintext = p.open(v.type, 0x0303, MutableBytes(record).subspan(kHeaderSize));
    ASSERT_TRUE(plaintext.ok()) << plaintext.error().to_string();
    EXPECT_EQ(codec::to_hex(*plaintext), codec::to_hex(v.plaintext));
  }
}

TEST(Tls12KnownAnswer, WrongSequenceNumberIsBadRecordMac) {
  // The sequence number is in the additional data (RFC 5246 §6.2.3.3) even where the nonce is
  // explicit (AES-GCM), so a replayed or reordered record fails.
  for (const Vector& v : vectors()) {
    auto p = make(v.alg, v.key, v.iv);
    p.set_sequence_for_testing(v.seq + 1);
    ByteVec record = v.record;
    testing::expect_error(p.open(v.type, 0x0303, MutableBytes(record).subspan(kHeaderSize)),
                          ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
  }
}

}  // namespace
}  // namespace tlspp::record
