// TLS 1.2 AEAD record protection over the stand-in AEAD (RFC 5246 §6.2.3.3, RFC 5288 §3, RFC 7905
// §2). Known-answer records over the real AEADs are in tls12_known_answer_test.cc.
#include "record/tls12_protection.h"

#include <gtest/gtest.h>

#include "unit/record/record_test_util.h"

namespace tlspp::record {
namespace {

using testing::bytes;
using testing::ByteVec;
using testing::expect_error;
using testing::fake_tls12;

ByteVec as_vec(Bytes b) { return ByteVec(b.begin(), b.end()); }

ByteVec seal(Tls12RecordProtection& p, ContentType type, const ByteVec& content) {
  ByteVec record(p.sealed_size(content.size()));
  std::copy(content.begin(), content.end(), record.begin() + p.content_offset());
  Status s = p.seal_in_place(type, 0x0303, record);
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return record;
}

Result<MutableBytes> open(Tls12RecordProtection& p, ByteVec& record) {
  return p.open(static_cast<ContentType>(record[0]),
                static_cast<std::uint16_t>(record[1] << 8 | record[2]),
                MutableBytes(record).subspan(kHeaderSize));
}

// Records what the protection hands to the AEAD.
class RecordingAead : public testing::FakeAead {
 public:
  using FakeAead::FakeAead;
  using FakeAead::seal;
  Status seal(crypto::Bytes nonce, crypto::Bytes aad, crypto::Bytes head, crypto::MutableBytes out,
              crypto::MutableBytes tag) override {
    last_nonce.assign(nonce.begin(), nonce.end());
    last_aad.assign(aad.begin(), aad.end());
    return FakeAead::seal(nonce, aad, head, out, tag);
  }
  Status open(crypto::Bytes nonce, crypto::Bytes aad, crypto::MutableBytes in_out,
              crypto::Bytes tag) override {
    last_nonce.assign(nonce.begin(), nonce.end());
    last_aad.assign(aad.begin(), aad.end());
    return FakeAead::open(nonce, aad, in_out, tag);
  }
  ByteVec last_nonce;
  ByteVec last_aad;
};

TEST(Tls12Protection, AdditionalDataIsSeqTypeVersionLength) {
  // RFC 5246 §6.2.3.3: seq_num(8) || type(1) || version(2) || length(2).
  const auto ad = Tls12RecordProtection::additional_data(0x0102030405060708, ContentType::handshake,
                                                         0x0303, 0x1234);
  EXPECT_EQ(ByteVec(ad.begin(), ad.end()), bytes({1, 2, 3, 4, 5, 6, 7, 8, 22, 3, 3, 0x12, 0x34}));
}

TEST(Tls12Protection, GcmUsesSaltAndSequenceAsExplicitNonce) {
  // RFC 5288 §3: nonce = salt(4) || nonce_explicit(8); tlspp sends the sequence number.
  auto recording = std::make_unique<RecordingAead>(crypto::AeadAlg::aes_128_gcm, ByteVec(16, 9));
  RecordingAead* aead = recording.get();
  auto p = Tls12RecordProtection::from_aead(std::move(recording), testing::secret(4, 0xA5));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->explicit_nonce_size(), 8u);
  p->set_sequence_for_testing(0x0A0B0C0D0E0F1011);
  const ByteVec content = bytes({'h', 'e', 'l', 'l', 'o'});
  const ByteVec record = seal(*p, ContentType::application_data, content);

  // Header: type, version, length = 8 + 5 + 16; then the explicit nonce.
  EXPECT_EQ(ByteVec(record.begin(), record.begin() + 13),
            bytes({23, 3, 3, 0, 29, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11}));
  EXPECT_EQ(aead->last_nonce,
            bytes({0xA5, 0xA5, 0xA5, 0xA5, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11}));
  EXPECT_EQ(aead->last_aad,
            bytes({0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 23, 3, 3, 0, 5}));
}

TEST(Tls12Protection, ChaChaXorsTheIvWithTheSequenceAndHasNoExplicitNonce) {
  // RFC 7905 §2: nonce = client/server_write_IV XOR padded sequence number.
  auto recording =
      std::make_unique<RecordingAead>(crypto::AeadAlg::chacha20_poly1305, ByteVec(32, 9));
  RecordingAead* aead = recording.get();
  const ByteVec iv = bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  auto p = Tls12RecordProtection::from_aead(std::move(recording), codec::SecretBytes(iv));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->explicit_nonce_size(), 0u);
  p->set_sequence_for_testing(0x0102);
  const ByteVec record = seal(*p, ContentType::handshake, bytes({1, 2, 3}));
  EXPECT_EQ(ByteVec(record.begin(), record.begin() + 5), bytes({22, 3, 3, 0, 19}));
  EXPECT_EQ(aead->last_nonce, bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ^ 1, 11 ^ 2}));
  EXPECT_EQ(aead->last_aad, bytes({0, 0, 0, 0, 0, 0, 1, 2, 22, 3, 3, 0, 3}));
}

TEST(Tls12Protection, GcmRoundTripReadsTheExplicitNonceFromTheRecord) {
  auto writer = fake_tls12(crypto::AeadAlg::aes_256_gcm);
  auto reader = fake_tls12(crypto::AeadAlg::aes_256_gcm);
  const ByteVec content(1000, 0x5A);
  ByteVec r0 = seal(writer, ContentType::application_data, content);
  ByteVec r1 = seal(writer, ContentType::application_data, content);
  EXPECT_EQ(ByteVec(r1.begin() + 5, r1.begin() + 13), bytes({0, 0, 0, 0, 0, 0, 0, 1}));
  auto p0 = open(reader, r0);
  ASSERT_TRUE(p0.ok()) << p0.error().to_string();
  EXPECT_EQ(as_vec(*p0), content);
  auto p1 = open(reader, r1);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(as_vec(*p1), content);
  EXPECT_EQ(reader.sequence(), 2u);
}

TEST(Tls12Protection, ChaChaRoundTrip) {
  auto writer = fake_tls12(crypto::AeadAlg::chacha20_poly1305);
  auto reader = fake_tls12(crypto::AeadAlg::chacha20_poly1305);
  for (int i = 0; i < 3; ++i) {
    const ByteVec content(17 * (i + 1), static_cast<std::uint8_t>(i));
    ByteVec record = seal(writer, ContentType::handshake, content);
    EXPECT_EQ(record.size(), kHeaderSize + content.size() + 16);
    auto plaintext = open(reader, record);
    ASSERT_TRUE(plaintext.ok());
    EXPECT_EQ(as_vec(*plaintext), content);
  }
}

TEST(Tls12Protection, TamperingAnyAuthenticatedByteIsBadRecordMac) {
  // RFC 5246 §6.2.3.3: type, version, length and sequence number are in the additional data.
  auto writer = fake_tls12(crypto::AeadAlg::aes_128_gcm);
  const ByteVec good = seal(writer, ContentType::application_data, bytes({1, 2, 3, 4}));
  for (std::size_t at : {std::size_t{0}, std::size_t{2}, std::size_t{5}, std::size_t{12},
                         std::size_t{13}, good.size() - 1}) {
    ByteVec bad = good;
    bad[at] ^= (at == 0) ? 0x03 : 0x01;  // type 23 -> 20 (change_cipher_spec)
    auto reader = fake_tls12(crypto::AeadAlg::aes_128_gcm);
    expect_error(open(reader, bad), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
    EXPECT_EQ(reader.sequence(), 0u);
  }
}

TEST(Tls12Protection, RecordTooShortForNonceAndTagIsBadRecordMac) {
  auto reader = fake_tls12(crypto::AeadAlg::aes_128_gcm);
  ByteVec record(kHeaderSize + 23, 0);
  write_header(record, ContentType::application_data, 0x0303, 23);
  expect_error(open(reader, record), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
}

TEST(Tls12Protection, PlaintextOver2To14IsRecordOverflow) {
  // RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14.
  auto reader = fake_tls12(crypto::AeadAlg::aes_128_gcm);
  const std::size_t len = 8 + kMaxPlaintext + 1 + 16;
  ByteVec record(kHeaderSize + len, 0);
  write_header(record, ContentType::application_data, 0x0303, len);
  expect_error(open(reader, record), ErrorCode::record_overflow, AlertDescription::record_overflow);
}

TEST(Tls12Protection, SequenceNumberRefusesToWrap) {
  auto writer = fake_tls12(crypto::AeadAlg::chacha20_poly1305);
  writer.set_sequence_for_testing(UINT64_MAX);
  seal(writer, ContentType::application_data, bytes({1}));
  ByteVec record(writer.sealed_size(1));
  expect_error(writer.seal_in_place(ContentType::application_data, 0x0303, record),
               ErrorCode::sequence_exhausted, AlertDescription::internal_error);
}

TEST(Tls12Protection, IvSizeMustMatchTheAlgorithm) {
  expect_error(
      Tls12RecordProtection::from_aead(testing::make_fake_aead(crypto::AeadAlg::aes_128_gcm, 1),
                                       testing::secret(12, 2)),
      ErrorCode::invalid_argument, AlertDescription::internal_error);
  expect_error(
      Tls12RecordProtection::from_aead(
          testing::make_fake_aead(crypto::AeadAlg::chacha20_poly1305, 1), testing::secret(4, 2)),
      ErrorCode::invalid_argument, AlertDescription::internal_error);
}

}  // namespace
}  // namespace tlspp::record
