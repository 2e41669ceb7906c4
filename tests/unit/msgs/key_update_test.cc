#include "msgs/key_update.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(KeyUpdate, RoundTripsBothValues) {
  EXPECT_TRUE(testing::round_trips(KeyUpdate{KeyUpdateRequest::update_not_requested}));
  EXPECT_TRUE(testing::round_trips(KeyUpdate{KeyUpdateRequest::update_requested}));
  EXPECT_EQ(testing::encoded(KeyUpdate{KeyUpdateRequest::update_requested}), hex("01"));
}

// RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST terminate the
// connection with an "illegal_parameter" alert."
TEST(KeyUpdate, ValueTwoIsIllegalParameter) {
  EXPECT_FAILS_WITH(KeyUpdate::decode(hex("02")), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
  EXPECT_FAILS_WITH(KeyUpdate::decode(hex("ff")), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
}

TEST(KeyUpdate, WrongLengthIsDecodeError) {
  EXPECT_FAILS_WITH(KeyUpdate::decode(hex("")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(KeyUpdate::decode(hex("0000")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
