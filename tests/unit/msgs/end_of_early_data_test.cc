#include "msgs/end_of_early_data.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

// RFC 8448 §4: EndOfEarlyData is a header with an empty body.
TEST(EndOfEarlyData, DecodesRfc8448Message) {
  const ByteVector message = testing::rfc8448_message("4", "", "EndOfEarlyData");
  ASSERT_EQ(message, testing::hex("05000000"));
  auto view = split_handshake_message(message);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->type, EndOfEarlyData::kType);
  EXPECT_TRUE(EndOfEarlyData::decode(view->body).ok());
  auto again = encode_handshake(EndOfEarlyData{});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

TEST(EndOfEarlyData, NonEmptyBodyIsDecodeError) {
  EXPECT_FAILS_WITH(EndOfEarlyData::decode(testing::hex("00")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
