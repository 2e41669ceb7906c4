#include "record/deframer.h"

#include <gtest/gtest.h>

#include "unit/record/record_test_util.h"

namespace tlspp::record {
namespace {

using testing::ascii;
using testing::bytes;
using testing::ByteVec;
using testing::concat;
using testing::expect_error;
using testing::plain_record;

ByteVec as_vec(Bytes b) { return ByteVec(b.begin(), b.end()); }

TEST(RecordDeframer, ByteAtATimeYieldsTheRecordOnlyWhenComplete) {
  const ByteVec content = bytes({0x01, 0x00, 0x00, 0x02, 0xAA, 0xBB});
  const ByteVec wire = plain_record(ContentType::handshake, content, 0x0301);
  RecordDeframer d;
  for (std::size_t i = 0; i < wire.size(); ++i) {
    EXPECT_FALSE(d.next_record().has_value()) << "at byte " << i;
    auto taken = d.feed(Bytes(wire).subspan(i, 1));
    ASSERT_TRUE(taken.ok()) << taken.error().to_string();
    EXPECT_EQ(*taken, 1u);
  }
  auto rec = d.next_record();
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(rec->type, ContentType::handshake);
  EXPECT_EQ(rec->version, 0x0301);
  EXPECT_EQ(as_vec(rec->header), ByteVec(wire.begin(), wire.begin() + 5));
  EXPECT_EQ(as_vec(rec->fragment), content);
  // Each record is returned once.
  EXPECT_FALSE(d.next_record().has_value());
}

TEST(RecordDeframer, CoalescedRecordsAreTakenOneRecordAtATime) {
  const ByteVec r1 = plain_record(ContentType::handshake, bytes({1, 2, 3}));
  const ByteVec r2 = plain_record(ContentType::alert, bytes({2, 40}));
  const ByteVec r3 = plain_record(ContentType::application_data, {});
  const ByteVec wire = concat({r1, r2, r3});
  RecordDeframer d;
  Bytes rest(wire);
  std::vector<ContentType> types;
  std::vector<std::size_t> taken_sizes;
  while (!rest.empty()) {
    auto taken = d.feed(rest);
    ASSERT_TRUE(taken.ok());
    taken_sizes.push_back(*taken);
    rest = rest.subspan(*taken);
    auto rec = d.next_record();
    ASSERT_TRUE(rec.has_value());
    types.push_back(rec->type);
  }
  EXPECT_EQ(taken_sizes, (std::vector<std::size_t>{r1.size(), r2.size(), r3.size()}));
  EXPECT_EQ(types, (std::vector<ContentType>{ContentType::handshake, ContentType::alert,
                                             ContentType::application_data}));
}

TEST(RecordDeframer, TakesNothingWhileACompleteRecordWaits) {
  const ByteVec wire = concat({plain_record(ContentType::alert, bytes({1, 0})),
                               plain_record(ContentType::alert, bytes({1, 0}))});
  RecordDeframer d;
  auto first = d.feed(wire);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 7u);
  EXPECT_EQ(d.bytes_wanted(), 0u);
  auto again = d.feed(Bytes(wire).subspan(7));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
}

TEST(RecordDeframer, BuffersAtMostOneRecord) {
  // A 64 KiB chunk of back-to-back maximum-size records: one feed takes exactly one record.
  ByteVec wire;
  while (wire.size() < 65536) {
    const ByteVec one = plain_record(ContentType::application_data, ByteVec(kMaxPlaintext, 7));
    wire.insert(wire.end(), one.begin(), one.end());
  }
  RecordDeframer d;
  auto taken = d.feed(wire);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(*taken, kHeaderSize + kMaxPlaintext);
}

TEST(RecordDeframer, ZeroLengthRecordIsCompleteAfterItsHeader) {
  RecordDeframer d;
  ASSERT_TRUE(d.feed(bytes({23, 3, 3, 0, 0})).ok());
  auto rec = d.next_record();
  ASSERT_TRUE(rec.has_value());
  EXPECT_TRUE(rec->fragment.empty());
}

TEST(RecordDeframer, LongestAcceptedLengthIsTls12CiphertextLimit) {
  // RFC 5246 §6.2.3: 2^14 + 2048 is accepted by the deframer, one more is record_overflow.
  RecordDeframer ok;
  EXPECT_TRUE(ok.feed(bytes({23, 3, 3, 0x48, 0x00})).ok());
  EXPECT_EQ(ok.bytes_wanted(), kMaxTls12Ciphertext);

  RecordDeframer d;
  expect_error(d.feed(bytes({23, 3, 3, 0x48, 0x01})), ErrorCode::record_overflow,
               AlertDescription::record_overflow);
}

TEST(RecordDeframer, UnknownContentTypeIsUnexpectedMessage) {
  // RFC 8446 §5: an unexpected record type MUST be answered with unexpected_message.
  for (int type : {0, 19, 24, 255}) {
    RecordDeframer d;
    expect_error(d.feed(bytes({type, 3, 3, 0, 1, 0})), ErrorCode::unexpected_message,
                 AlertDescription::unexpected_message);
  }
}

TEST(RecordDeframer, PlaintextHttpRequestIsNamed) {
  for (std::string_view text : {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "POST /x HTTP/1.1\r\n",
                                "HTTP/1.1 400 Bad Request\r\n", "PRI * HTTP/2.0\r\n"}) {
    RecordDeframer d;
    auto r = d.feed(ascii(text));
    expect_error(r, ErrorCode::plaintext_http, AlertDescription::unexpected_message);
    EXPECT_NE(r.error().reason.find("plaintext HTTP"), std::string::npos) << r.error().reason;
  }
}

TEST(RecordDeframer, HttpIsDetectedWhenFedByteByByte) {
  const ByteVec text = ascii("GET /index.html HTTP/1.1\r\n");
  RecordDeframer d;
  for (std::size_t i = 0; i < 4; ++i) ASSERT_TRUE(d.feed(Bytes(text).subspan(i, 1)).ok());
  expect_error(d.feed(Bytes(text).subspan(4, 1)), ErrorCode::plaintext_http,
               AlertDescription::unexpected_message);
}

TEST(RecordDeframer, Sslv2ClientHelloIsProtocolVersion) {
  RecordDeframer d;
  expect_error(d.feed(bytes({0x80, 0x2e, 0x01, 0x03, 0x01})), ErrorCode::protocol_version,
               AlertDescription::protocol_version);
}

TEST(RecordDeframer, NonTlsMajorVersionIsProtocolVersion) {
  RecordDeframer d;
  expect_error(d.feed(bytes({22, 4, 3, 0, 1})), ErrorCode::protocol_version,
               AlertDescription::protocol_version);
}

TEST(RecordDeframer, AnyTls1xRecordVersionPassesTheDeframer) {
  // The negotiated-version rules belong to RecordLayer; the deframer accepts 3.0 through 3.4.
  for (int minor : {0, 1, 2, 3, 4}) {
    RecordDeframer d;
    ASSERT_TRUE(d.feed(bytes({22, 3, minor, 0, 1, 1})).ok());
    ASSERT_TRUE(d.next_record().has_value());
  }
}

TEST(RecordDeframer, ErrorsAreSticky) {
  RecordDeframer d;
  ASSERT_FALSE(d.feed(bytes({99, 3, 3, 0, 0})).ok());
  expect_error(d.feed(plain_record(ContentType::alert, bytes({1, 0}))),
               ErrorCode::unexpected_message, AlertDescription::unexpected_message);
  EXPECT_FALSE(d.next_record().has_value());
  ASSERT_TRUE(d.error().has_value());
}

TEST(RecordDeframer, ZeroCopyInputSpaceAsksForHeaderThenBody) {
  const ByteVec wire = plain_record(ContentType::handshake, bytes({9, 8, 7, 6}));
  RecordDeframer d;
  MutableBytes space = d.input_space();
  ASSERT_EQ(space.size(), kHeaderSize);
  std::copy(wire.begin(), wire.begin() + 5, space.begin());
  ASSERT_TRUE(d.commit(5).ok());
  space = d.input_space();
  ASSERT_EQ(space.size(), 4u);
  std::copy(wire.begin() + 5, wire.end(), space.begin());
  ASSERT_TRUE(d.commit(4).ok());
  EXPECT_TRUE(d.input_space().empty());
  auto rec = d.next_record();
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(as_vec(rec->fragment), bytes({9, 8, 7, 6}));
  // The next input_space() starts the next record.
  EXPECT_EQ(d.input_space().size(), kHeaderSize);
}

TEST(RecordDeframer, CommitBeyondInputSpaceIsInvalidArgument) {
  RecordDeframer d;
  ASSERT_EQ(d.input_space().size(), kHeaderSize);
  expect_error(d.commit(6), ErrorCode::invalid_argument, AlertDescription::internal_error);
}

TEST(RecordDeframer, PartialRecordIsReportedAndKeptByReleaseMemory) {
  const ByteVec wire = plain_record(ContentType::handshake, bytes({1, 2, 3}));
  RecordDeframer d;
  ASSERT_TRUE(d.feed(Bytes(wire).first(6)).ok());
  EXPECT_TRUE(d.has_partial_record());
  d.release_memory();  // must not drop the partial record
  ASSERT_TRUE(d.feed(Bytes(wire).subspan(6)).ok());
  EXPECT_FALSE(d.has_partial_record());
  auto rec = d.next_record();
  ASSERT_TRUE(rec.has_value());
  EXPECT_EQ(as_vec(rec->fragment), bytes({1, 2, 3}));
}

}  // namespace
}  // namespace tlspp::record
