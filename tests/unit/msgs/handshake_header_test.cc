#include "msgs/handshake_header.h"

#include <gtest/gtest.h>

#include "msgs/finished.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(HandshakeHeader, SplitsOneMessageIntoTypeAndBody) {
  const ByteVector message = hex("14 000003 aabbcc");
  auto view = split_handshake_message(message);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->type, HandshakeType::finished);
  EXPECT_EQ(ByteVector(view->body.begin(), view->body.end()), hex("aabbcc"));
  EXPECT_EQ(view->encoded.data(), message.data());
  EXPECT_EQ(view->encoded.size(), message.size());
}

TEST(HandshakeHeader, ShortOrLongInputIsDecodeError) {
  EXPECT_FAILS_WITH(split_handshake_message(hex("14 0000")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(split_handshake_message(hex("14 000003 aabb")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(split_handshake_message(hex("14 000001 aabb")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

// Several messages in one buffer (as in one record) are read one by one.
TEST(HandshakeHeader, ReadsConsecutiveMessages) {
  const ByteVector flight = hex("0e000000 14000002 0102");
  codec::Reader r(flight, "flight");
  auto first = read_handshake_message(r);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->type, HandshakeType::server_hello_done);
  EXPECT_TRUE(first->body.empty());
  EXPECT_EQ(first->encoded.size(), 4u);
  auto second = read_handshake_message(r);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->type, HandshakeType::finished);
  EXPECT_EQ(ByteVector(second->encoded.begin(), second->encoded.end()), hex("14000002 0102"));
  EXPECT_TRUE(r.empty());
}

TEST(HandshakeHeader, WriteHandshakePatchesTheLength) {
  auto message = encode_handshake(Finished{ByteVector(300, 0xEE)});
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(ByteVector(message->begin(), message->begin() + 4), hex("14 00012c"));
  EXPECT_EQ(message->size(), 304u);
}

}  // namespace
}  // namespace tlspp::msgs
