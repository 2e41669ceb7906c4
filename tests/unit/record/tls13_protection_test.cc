// TLS 1.3 record protection over the stand-in AEAD (RFC 8446 §5.2-§5.5). The byte-exact RFC 8448
// records over the real AEADs are in rfc8448_records_test.cc.
#include "record/tls13_protection.h"

#include <gtest/gtest.h>

#include "unit/record/record_test_util.h"

namespace tlspp::record {
namespace {

using testing::bytes;
using testing::ByteVec;
using testing::expect_error;
using testing::fake_tls13;

// Seals `content` as a record of `type` with `padding` zero bytes; returns the wire record.
ByteVec seal(Tls13RecordProtection& p, ContentType type, const ByteVec& content,
             std::size_t padding = 0) {
  ByteVec record(Tls13RecordProtection::sealed_size(content.size(), padding));
  std::copy(content.begin(), content.end(), record.begin() + kHeaderSize);
  Status s = p.seal_in_place(type, record, content.size());
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return record;
}

Result<OpenedRecord> open(Tls13RecordProtection& p, ByteVec& record) {
  return p.open(Bytes(record).first(kHeaderSize), MutableBytes(record).subspan(kHeaderSize));
}

ByteVec as_vec(Bytes b) { return ByteVec(b.begin(), b.end()); }

TEST(Tls13Protection, SealOpenRoundTripHidesTheContentType) {
  auto writer = fake_tls13();
  auto reader = fake_tls13();
  const ByteVec content = bytes({0x14, 0x00, 0x00, 0x02, 0xde, 0xad});
  ByteVec record = seal(writer, ContentType::handshake, content);
  // RFC 8446 §5.2: opaque_type 23, legacy_record_version 0x0303, length = content + 1 + tag.
  const std::size_t length = content.size() + 1 + 16;
  EXPECT_EQ(ByteVec(record.begin(), record.begin() + 5),
            bytes({23, 3, 3, 0, static_cast<int>(length)}));
  EXPECT_EQ(record.size(), kHeaderSize + length);
  EXPECT_NE(ByteVec(record.begin() + 5, record.begin() + 5 + content.size()), content);

  auto opened = open(reader, record);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::handshake);
  EXPECT_EQ(as_vec(opened->content), content);
}

TEST(Tls13Protection, SequenceNumberAdvancesPerRecordAndChangesTheNonce) {
  auto writer = fake_tls13();
  auto reader = fake_tls13();
  const ByteVec content(32, 0x55);
  ByteVec r0 = seal(writer, ContentType::application_data, content);
  ByteVec r1 = seal(writer, ContentType::application_data, content);
  EXPECT_EQ(writer.sequence(), 2u);
  EXPECT_NE(r0, r1);  // same plaintext, different nonce
  ASSERT_TRUE(open(reader, r0).ok());
  ASSERT_TRUE(open(reader, r1).ok());
  EXPECT_EQ(reader.sequence(), 2u);
}

TEST(Tls13Protection, RecordsOutOfOrderFailAuthentication) {
  auto writer = fake_tls13();
  auto reader = fake_tls13();
  ByteVec r0 = seal(writer, ContentType::application_data, bytes({1}));
  ByteVec r1 = seal(writer, ContentType::application_data, bytes({2}));
  expect_error(open(reader, r1), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
}

TEST(Tls13Protection, TamperedHeaderBodyOrTagIsBadRecordMac) {
  // RFC 8446 §5.2: the header is the additional data; decryption failure is bad_record_mac.
  const ByteVec content = bytes({1, 2, 3, 4, 5, 6, 7, 8});
  auto writer = fake_tls13();
  const ByteVec good = seal(writer, ContentType::application_data, content);
  for (std::size_t at : {std::size_t{1}, std::size_t{2}, kHeaderSize, kHeaderSize + 3,
                         good.size() - 16, good.size() - 1}) {
    ByteVec bad = good;
    bad[at] ^= 0x01;
    auto reader = fake_tls13();
    expect_error(open(reader, bad), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
    EXPECT_EQ(reader.sequence(), 0u) << "a failed record must not use up a sequence number";
  }
  auto reader = fake_tls13();
  ByteVec copy = good;
  EXPECT_TRUE(open(reader, copy).ok());
}

TEST(Tls13Protection, WrongKeyOrIvIsBadRecordMac) {
  auto writer = fake_tls13(0x11, 0x22);
  ByteVec record = seal(writer, ContentType::application_data, bytes({1, 2, 3}));
  ByteVec copy = record;
  auto other_key = fake_tls13(0x12, 0x22);
  expect_error(open(other_key, record), ErrorCode::bad_record_mac,
               AlertDescription::bad_record_mac);
  auto other_iv = fake_tls13(0x11, 0x23);
  expect_error(open(other_iv, copy), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
}

TEST(Tls13Protection, RecordShorterThanTagIsBadRecordMac) {
  auto reader = fake_tls13();
  ByteVec record = bytes({23, 3, 3, 0, 15});
  record.resize(kHeaderSize + 15);
  expect_error(open(reader, record), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
}

TEST(Tls13Protection, PaddingIsZerosAndIsStrippedOnOpen) {
  // RFC 8446 §5.4: padding is zero bytes after the type; the receiver scans from the end.
  auto writer = fake_tls13();
  auto reader = fake_tls13();
  const ByteVec content = bytes({0x15, 0x00, 0x00});  // ends in zeros itself
  ByteVec record = seal(writer, ContentType::alert, content, 100);
  EXPECT_EQ(record.size(), kHeaderSize + content.size() + 1 + 100 + 16);
  auto opened = open(reader, record);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->type, ContentType::alert);
  EXPECT_EQ(as_vec(opened->content), content);
}

TEST(Tls13Protection, AllZeroInnerPlaintextIsUnexpectedMessage) {
  // RFC 8446 §5.4: no non-zero octet in the cleartext MUST be answered with unexpected_message.
  auto writer = fake_tls13();
  auto reader = fake_tls13();
  ByteVec record = seal(writer, ContentType::invalid, {}, 20);  // inner plaintext: 21 zero bytes
  expect_error(open(reader, record), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(Tls13Protection, InnerPlaintextOver2To14Plus1IsRecordOverflow) {
  // RFC 8446 §5.4: TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets. seal_in_place refuses to
  // build one, so the record is made with the stand-in AEAD directly.
  const ByteVec iv(12, 0x22);
  testing::FakeAead aead(crypto::AeadAlg::aes_128_gcm, ByteVec(16, 0x11));
  const std::size_t inner_len = kMaxTls13InnerPlaintext + 1;
  ByteVec record(kHeaderSize + inner_len + 16, 0x41);
  write_header(record, ContentType::application_data, 0x0303, inner_len + 16);
  record[kHeaderSize + inner_len - 1] = 23;
  const Nonce nonce = xor_nonce(std::span<const std::uint8_t, 12>(iv.data(), 12), 0);
  ASSERT_TRUE(aead.seal(nonce, Bytes(record).first(kHeaderSize),
                        MutableBytes(record).subspan(kHeaderSize, inner_len),
                        MutableBytes(record).subspan(kHeaderSize + inner_len))
                  .ok());
  auto reader = fake_tls13(0x11, 0x22);
  expect_error(open(reader, record), ErrorCode::record_overflow, AlertDescription::record_overflow);
}

TEST(Tls13Protection, SealRefusesInnerPlaintextOver2To14Plus1) {
  auto writer = fake_tls13();
  ByteVec record(Tls13RecordProtection::sealed_size(kMaxPlaintext, 1));
  expect_error(writer.seal_in_place(ContentType::application_data, record, kMaxPlaintext),
               ErrorCode::invalid_argument, AlertDescription::internal_error);
  ByteVec max(Tls13RecordProtection::sealed_size(kMaxPlaintext, 0));
  EXPECT_TRUE(writer.seal_in_place(ContentType::application_data, max, kMaxPlaintext).ok());
}

TEST(Tls13Protection, SequenceNumberRefusesToWrap) {
  // RFC 8446 §5.3: sequence numbers MUST NOT wrap. The last value 2^64 - 1 is still usable.
  auto writer = fake_tls13();
  auto reader = fake_tls13();
  AeadUsageLimits unlimited;
  writer.set_limits(unlimited);
  writer.set_sequence_for_testing(UINT64_MAX);
  reader.set_sequence_for_testing(UINT64_MAX);
  ByteVec last = seal(writer, ContentType::application_data, bytes({1}));
  ASSERT_TRUE(open(reader, last).ok());

  ByteVec record(Tls13RecordProtection::sealed_size(1, 0));
  expect_error(writer.seal_in_place(ContentType::application_data, record, 1),
               ErrorCode::sequence_exhausted, AlertDescription::internal_error);
  ByteVec again = last;
  expect_error(open(reader, again), ErrorCode::sequence_exhausted,
               AlertDescription::internal_error);
}

TEST(Tls13Protection, UsageLimitAsksForKeyUpdateThenRefuses) {
  // RFC 8446 §5.5: key update before the AEAD limit; the hard limit stops sealing.
  auto writer = fake_tls13();
  writer.set_limits({.key_update_after = 3, .max_records = 5});
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(writer.needs_key_update()) << i;
    seal(writer, ContentType::application_data, bytes({i}));
  }
  EXPECT_TRUE(writer.needs_key_update());
  seal(writer, ContentType::application_data, bytes({3}));
  seal(writer, ContentType::application_data, bytes({4}));
  ByteVec record(Tls13RecordProtection::sealed_size(1, 0));
  expect_error(writer.seal_in_place(ContentType::application_data, record, 1),
               ErrorCode::sequence_exhausted, AlertDescription::internal_error);
}

TEST(Tls13Protection, DefaultLimitsFollowRfc8446Section5_5) {
  const auto gcm = AeadUsageLimits::for_algorithm(crypto::AeadAlg::aes_128_gcm);
  EXPECT_EQ(gcm.max_records, 23726566u);  // floor(2^24.5)
  EXPECT_LT(gcm.key_update_after, gcm.max_records);
  EXPECT_EQ(AeadUsageLimits::for_algorithm(crypto::AeadAlg::aes_256_gcm).max_records, 23726566u);
  const auto chacha = AeadUsageLimits::for_algorithm(crypto::AeadAlg::chacha20_poly1305);
  EXPECT_EQ(chacha.max_records, UINT64_MAX);
  EXPECT_EQ(chacha.key_update_after, std::uint64_t{1} << 63);
  auto p = fake_tls13(1, 2, crypto::AeadAlg::chacha20_poly1305);
  EXPECT_EQ(p.limits().max_records, UINT64_MAX);
}

TEST(Tls13Protection, IvMustBe12Bytes) {
  auto p = Tls13RecordProtection::from_aead(
      testing::make_fake_aead(crypto::AeadAlg::aes_128_gcm, 1), testing::secret(8, 2));
  expect_error(p, ErrorCode::invalid_argument, AlertDescription::internal_error);
}

TEST(Tls13Protection, NonceIsIvXorPaddedSequenceNumber) {
  // RFC 8446 §5.3.
  const ByteVec iv = bytes({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  const Nonce n = xor_nonce(std::span<const std::uint8_t, 12>(iv.data(), 12), 0x0102030405060708);
  EXPECT_EQ(ByteVec(n.begin(), n.end()),
            bytes({0, 1, 2, 3, 4 ^ 1, 5 ^ 2, 6 ^ 3, 7 ^ 4, 8 ^ 5, 9 ^ 6, 10 ^ 7, 11 ^ 8}));
}

}  // namespace
}  // namespace tlspp::record
