#include "msgs/server_hello_done.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

// RFC 5246 §7.4.5: struct { } ServerHelloDone.
TEST(ServerHelloDone, IsAnEmptyMessageOfType14) {
  auto message = encode_handshake(ServerHelloDone{});
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, testing::hex("0e000000"));
  EXPECT_TRUE(testing::round_trips(ServerHelloDone{}));
  EXPECT_FAILS_WITH(ServerHelloDone::decode(testing::hex("01")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
