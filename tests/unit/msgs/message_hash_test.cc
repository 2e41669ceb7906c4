#include "msgs/message_hash.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

// RFC 8446 §4.4.1: message_hash (254) || 00 00 Hash.length || Hash(ClientHello1).
TEST(MessageHash, IsType254WithTheHashAsBody) {
  const ByteVector hash(32, 0xAB);
  auto message = encode_message_hash(hash);
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, testing::concat(testing::hex("fe000020"), hash));
  const ByteVector sha384(48, 0xCD);
  auto longer = encode_message_hash(sha384);
  ASSERT_TRUE(longer.ok());
  EXPECT_EQ(ByteVector(longer->begin(), longer->begin() + 4), testing::hex("fe000030"));
  EXPECT_TRUE(testing::round_trips(MessageHash{hash}));
}

}  // namespace
}  // namespace tlspp::msgs
