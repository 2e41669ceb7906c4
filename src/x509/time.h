// Certificate times (RFC 5280 §4.1.2.5) as seconds since the Unix epoch, computed with our own
// proleptic-Gregorian day count: no time_t library call, no dependence on the local zone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tlspp/result.h"
#include "x509/der.h"

namespace tlspp::x509 {

// Seconds since 1970-01-01T00:00:00Z (negative before). Leap seconds do not exist in this scale.
using UnixTime = std::int64_t;

// Days from 1970-01-01 to the civil date year-month-day (month 1..12, day 1..31; no validation).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

struct CivilTime {
  std::int64_t year;
  unsigned month, day, hour, minute, second;
};
CivilTime civil_from_unix(UnixTime t);

// RFC 5280 §4.1.2.5.1 UTCTime "YYMMDDHHMMSSZ" (YY >= 50 means 19YY, else 20YY) and §4.1.2.5.2
// GeneralizedTime "YYYYMMDDHHMMSSZ": seconds present, no fraction, Z only. Fields are range-checked
// (month 1..12, day within the month, hour < 24, minute < 60, second < 60).
// ErrorCode::bad_encoding otherwise.
Result<UnixTime> parse_utc_time(der::Bytes contents);
Result<UnixTime> parse_generalized_time(der::Bytes contents);
// Either of the above by the element's tag (a Time CHOICE); bad_encoding for another tag.
Result<UnixTime> parse_time(const der::Element& element);

// "2024-03-01T00:00:00Z".
std::string format_time(UnixTime t);

// Parses "2024-03-01T00:00:00Z", "2024-03-01T00:00:00+00:00", "2024-03-01T02:00:00+02:00" and a
// fractional second ("...00.999Z", truncated toward the earlier whole second: RFC 5280 times have
// one-second granularity), or a plain decimal Unix time ("1709251200"). ErrorCode::invalid_argument
// otherwise.
Result<UnixTime> parse_rfc3339(std::string_view text);

}  // namespace tlspp::x509
