#include "msgs/hello_request.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

// RFC 5246 §7.4.1.1: struct { } HelloRequest.
TEST(HelloRequest, IsAnEmptyMessageOfType0) {
  auto message = encode_handshake(HelloRequest{});
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, testing::hex("00000000"));
  EXPECT_TRUE(testing::round_trips(HelloRequest{}));
  EXPECT_FAILS_WITH(HelloRequest::decode(testing::hex("0000")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
