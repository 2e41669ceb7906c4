#include "msgs/alert.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(Alert, RoundTripsLevelAndDescription) {
  EXPECT_TRUE(testing::round_trips(Alert{AlertLevel::fatal, AlertDescription::handshake_failure}));
  EXPECT_EQ(testing::encoded(Alert{AlertLevel::warning, AlertDescription::close_notify}),
            hex("0100"));
  auto alert = Alert::decode(hex("022f"));
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(alert->level, AlertLevel::fatal);
  EXPECT_EQ(alert->description, AlertDescription::illegal_parameter);
}

TEST(Alert, UnknownValuesAreKept) {
  auto alert = Alert::decode(hex("07fe"));
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(static_cast<int>(alert->level), 7);
  EXPECT_EQ(static_cast<int>(alert->description), 0xfe);
}

// An alert is exactly two bytes.
TEST(Alert, WrongLengthIsDecodeError) {
  EXPECT_FAILS_WITH(Alert::decode(hex("")), ErrorCode::truncated, AlertDescription::decode_error);
  EXPECT_FAILS_WITH(Alert::decode(hex("02")), ErrorCode::truncated, AlertDescription::decode_error);
  EXPECT_FAILS_WITH(Alert::decode(hex("022f00")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
