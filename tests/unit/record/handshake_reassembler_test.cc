#include "record/handshake_reassembler.h"

#include <gtest/gtest.h>

#include "record/handshake_fragmenter.h"
#include "unit/record/record_test_util.h"

namespace tlspp::record {
namespace {

using testing::ByteVec;
using testing::concat;
using testing::expect_error;
using testing::handshake_message;

ByteVec as_vec(Bytes b) { return ByteVec(b.begin(), b.end()); }

// Drains every complete message, as (type, encoded) pairs.
std::vector<std::pair<HandshakeType, ByteVec>> drain(HandshakeReassembler& r) {
  std::vector<std::pair<HandshakeType, ByteVec>> out;
  for (;;) {
    auto msg = r.next();
    EXPECT_TRUE(msg.ok()) << msg.error().to_string();
    if (!msg.ok() || !msg->has_value()) return out;
    out.emplace_back((*msg)->type, as_vec((*msg)->encoded));
  }
}

TEST(HandshakeReassembler, OneMessageInOneRecord) {
  const ByteVec msg = handshake_message(HandshakeType::finished, 32, 0x77);
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(msg).ok());
  auto next = r.next();
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ((*next)->type, HandshakeType::finished);
  EXPECT_EQ(as_vec((*next)->body), ByteVec(32, 0x77));
  EXPECT_EQ(as_vec((*next)->encoded), msg);
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeReassembler, MessageFragmentedAcrossManyRecords) {
  // RFC 8446 §5.1: handshake messages MAY be fragmented across several records.
  const ByteVec msg = handshake_message(HandshakeType::certificate, 3000, 0x42);
  HandshakeReassembler r;
  for (std::size_t i = 0; i < msg.size(); ++i) {
    ASSERT_TRUE(r.add(Bytes(msg).subspan(i, 1)).ok());
    auto got = drain(r);
    if (i + 1 < msg.size()) {
      EXPECT_TRUE(got.empty()) << "at byte " << i;
      EXPECT_FALSE(r.empty());
    } else {
      ASSERT_EQ(got.size(), 1u);
      EXPECT_EQ(got[0].first, HandshakeType::certificate);
      EXPECT_EQ(got[0].second, msg);
    }
  }
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeReassembler, CoalescedMessagesInOneRecordComeOutInOrder) {
  // RFC 8446 §5.1: handshake messages MAY be coalesced into a single record.
  const ByteVec ee = handshake_message(HandshakeType::encrypted_extensions, 2, 0);
  const ByteVec cert = handshake_message(HandshakeType::certificate, 100, 1);
  const ByteVec fin = handshake_message(HandshakeType::finished, 32, 2);
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(concat({ee, cert, fin})).ok());
  auto got = drain(r);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].second, ee);
  EXPECT_EQ(got[1].second, cert);
  EXPECT_EQ(got[2].second, fin);
}

TEST(HandshakeReassembler, RecordEndingInsideTheNextMessage) {
  const ByteVec a = handshake_message(HandshakeType::server_hello, 10, 1);
  const ByteVec b = handshake_message(HandshakeType::server_hello_done, 0);
  const ByteVec wire = concat({a, b});
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(Bytes(wire).first(a.size() + 2)).ok());
  auto first = drain(r);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].second, a);
  EXPECT_FALSE(r.empty());
  ASSERT_TRUE(r.add(Bytes(wire).subspan(a.size() + 2)).ok());
  auto second = drain(r);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].first, HandshakeType::server_hello_done);
  EXPECT_EQ(second[0].second, b);  // an empty body is a complete message
}

TEST(HandshakeReassembler, MessageOverTheCapIsRefusedFromItsHeader) {
  HandshakeReassembler r(1000);
  // Only the header has arrived: the announced length alone is refused.
  ASSERT_TRUE(r.add(testing::bytes({11, 0x00, 0x03, 0xE9})).ok());  // 1001 bytes
  auto next = r.next();
  expect_error(next, ErrorCode::handshake_message_too_large, AlertDescription::unexpected_message);
  // The reassembler stays failed.
  expect_error(r.add(testing::bytes({0})), ErrorCode::handshake_message_too_large,
               AlertDescription::unexpected_message);
}

TEST(HandshakeReassembler, MessageExactlyAtTheCapIsAccepted) {
  HandshakeReassembler r(1000);
  const ByteVec msg = handshake_message(HandshakeType::certificate, 1000);
  ASSERT_TRUE(r.add(msg).ok());
  auto got = drain(r);
  ASSERT_EQ(got.size(), 1u);
}

TEST(HandshakeReassembler, DefaultCapIs64KiB) {
  HandshakeReassembler r;
  EXPECT_EQ(r.max_message_size(), 65536u);
  ASSERT_TRUE(r.add(testing::bytes({11, 0x01, 0x00, 0x01})).ok());  // 65537 bytes
  expect_error(r.next(), ErrorCode::handshake_message_too_large,
               AlertDescription::unexpected_message);
}

TEST(HandshakeReassembler, PartialMessageAtKeyChangeIsUnexpectedMessage) {
  // RFC 8446 §5.1: handshake messages MUST NOT span key changes.
  const ByteVec msg = handshake_message(HandshakeType::finished, 32);
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(Bytes(msg).first(10)).ok());
  EXPECT_TRUE(drain(r).empty());
  expect_error(r.check_key_change(), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
  ASSERT_TRUE(r.add(Bytes(msg).subspan(10)).ok());
  EXPECT_EQ(drain(r).size(), 1u);
  EXPECT_TRUE(r.check_key_change().ok());
}

TEST(HandshakeReassembler, UntakenMessageAtKeyChangeIsUnexpectedMessage) {
  // A complete message coalesced after the one that triggers the key change also violates the
  // record-boundary rule (RFC 8446 §5.1).
  HandshakeReassembler r;
  ASSERT_TRUE(r.add(concat({handshake_message(HandshakeType::server_hello, 40),
                            handshake_message(HandshakeType::encrypted_extensions, 2)}))
                  .ok());
  auto sh = r.next();
  ASSERT_TRUE(sh.ok() && sh->has_value());
  expect_error(r.check_key_change(), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(HandshakeReassembler, OtherRecordTypeDuringPartialMessageIsUnexpectedMessage) {
  // RFC 8446 §5.1: handshake messages MUST NOT be interleaved with other record types.
  HandshakeReassembler r;
  EXPECT_TRUE(r.check_other_record(ContentType::application_data).ok());
  ASSERT_TRUE(r.add(Bytes(handshake_message(HandshakeType::certificate, 50)).first(20)).ok());
  expect_error(r.check_other_record(ContentType::alert), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(HandshakeReassembler, AddingWithoutDrainingIsBounded) {
  HandshakeReassembler r(100);
  const ByteVec chunk(kMaxPlaintext, 0);
  ASSERT_TRUE(r.add(chunk).ok());
  expect_error(r.add(chunk), ErrorCode::buffer_full, AlertDescription::internal_error);
}

TEST(HandshakeFragmenter, SplitsAtTheFragmentSizeAndCoalescesSmallMessages) {
  HandshakeFragmenter f;
  const ByteVec a = handshake_message(HandshakeType::encrypted_extensions, 6);  // 10 bytes
  const ByteVec b = handshake_message(HandshakeType::certificate, 21);          // 25 bytes
  f.add(a);
  f.add(b);
  EXPECT_EQ(f.pending_bytes(), 35u);
  std::vector<ByteVec> fragments;
  ASSERT_TRUE(f.flush(16, [&](Bytes frag) {
                 fragments.emplace_back(frag.begin(), frag.end());
                 return ok_status();
               }).ok());
  ASSERT_EQ(fragments.size(), 3u);
  EXPECT_EQ(fragments[0].size(), 16u);
  EXPECT_EQ(fragments[1].size(), 16u);
  EXPECT_EQ(fragments[2].size(), 3u);
  EXPECT_EQ(concat({fragments[0], fragments[1], fragments[2]}), concat({a, b}));
  EXPECT_TRUE(f.empty());
}

TEST(HandshakeFragmenter, FlushOfNothingEmitsNoRecord) {
  HandshakeFragmenter f;
  int calls = 0;
  ASSERT_TRUE(f.flush(100, [&](Bytes) {
                 ++calls;
                 return ok_status();
               }).ok());
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace tlspp::record
