// RFC 5280 §4.1.2.5 times and the civil-date arithmetic behind them.
#include "x509/time.h"

#include <gtest/gtest.h>

#include <string>

namespace tlspp::x509 {
namespace {

der::Bytes bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Time, DaysFromCivilKnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2024, 3, 1) * 86400, 1709251200);
}

TEST(Time, CivilRoundTripsAcrossLeapYears) {
  for (UnixTime t : {UnixTime{0}, UnixTime{951782400}, UnixTime{1709251199}, UnixTime{-86401},
                     UnixTime{32503680000}}) {
    const CivilTime c = civil_from_unix(t);
    EXPECT_EQ(
        days_from_civil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second,
        t);
  }
  EXPECT_EQ(format_time(951782400), "2000-02-29T00:00:00Z");
}

TEST(Time, UtcTimeCenturyRule) {
  // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
  EXPECT_EQ(*parse_utc_time(bytes("500101000000Z")), -631152000);
  EXPECT_EQ(*parse_utc_time(bytes("491231235959Z")), 2524607999);
  EXPECT_EQ(*parse_utc_time(bytes("240301000000Z")), 1709251200);
}

TEST(Time, GeneralizedTime) {
  EXPECT_EQ(*parse_generalized_time(bytes("20240301000000Z")), 1709251200);
  EXPECT_EQ(*parse_generalized_time(bytes("99991231235959Z")), 253402300799);
}

TEST(Time, StrictFormsOnly) {
  for (const char* bad : {"2403010000Z", "240301000000", "240301000000+0000", "240301000000z",
                          "24030100000aZ", "240301000000.5Z", "240230000000Z", "241301000000Z",
                          "240301240000Z", "240301006000Z", "240301000060Z", " 40301000000Z"}) {
    EXPECT_EQ(parse_utc_time(bytes(bad)).error().code, ErrorCode::bad_encoding) << bad;
  }
  for (const char* bad :
       {"20240301000000.5Z", "20240301000000", "2024030100Z", "20230229000000Z"}) {
    EXPECT_EQ(parse_generalized_time(bytes(bad)).error().code, ErrorCode::bad_encoding) << bad;
  }
  EXPECT_TRUE(parse_generalized_time(bytes("20240229000000Z")).ok());
}

TEST(Time, Rfc3339ForTheCommandLine) {
  EXPECT_EQ(*parse_rfc3339("2024-03-01T00:00:00Z"), 1709251200);
  EXPECT_EQ(*parse_rfc3339("2024-03-01T00:00:00+00:00"), 1709251200);
  EXPECT_EQ(*parse_rfc3339("2024-03-01T02:00:00+02:00"), 1709251200);
  // Fractions truncate to the second (x509-limbo notbefore-fractional / notafter-fractional).
  EXPECT_EQ(*parse_rfc3339("2024-03-01T00:00:00.999Z"), 1709251200);
  EXPECT_EQ(*parse_rfc3339("1709251200"), 1709251200);
  EXPECT_EQ(parse_rfc3339("2024-03-01").error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(parse_rfc3339("2024-13-01T00:00:00Z").error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(parse_rfc3339("yesterday").error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace tlspp::x509
