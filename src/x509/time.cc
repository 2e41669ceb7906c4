#include "x509/time.h"

#include <cstdio>
#include <optional>

namespace tlspp::x509 {
namespace {

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads `n` ASCII digits at `pos` of `s`, or nullopt.
std::optional<unsigned> digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return v;
}

std::optional<UnixTime> from_fields(std::int64_t year, unsigned month, unsigned day, unsigned hour,
                                    unsigned minute, unsigned second) {
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string_view as_text(der::Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// "YYYY?MMDDHHMMSSZ" after the year: the month..second fields at `pos` followed by exactly "Z".
Result<UnixTime> parse_after_year(std::string_view s, std::int64_t year, std::size_t pos,
                                  std::string_view what) {
  auto mo = digits(s, pos, 2), d = digits(s, pos + 2, 2), h = digits(s, pos + 4, 2),
       mi = digits(s, pos + 6, 2), sec = digits(s, pos + 8, 2);
  if (!mo || !d || !h || !mi || !sec || s.size() != pos + 11 || s[pos + 10] != 'Z') {
    return Error(ErrorCode::bad_encoding,
                 std::string(what) + " '" + std::string(s) + "' is not in the DER form");
  }
  auto t = from_fields(year, *mo, *d, *h, *mi, *sec);
  if (!t) {
    return Error(ErrorCode::bad_encoding,
                 std::string(what) + " '" + std::string(s) + "' is out of range");
  }
  return *t;
}

}  // namespace

// Howard Hinnant's days_from_civil: eras of 400 years, March-based years.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime civil_from_unix(UnixTime t) {
  std::int64_t days = t / 86400;
  std::int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  return {y,
          m,
          d,
          static_cast<unsigned>(secs / 3600),
          static_cast<unsigned>(secs / 60 % 60),
          static_cast<unsigned>(secs % 60)};
}

Result<UnixTime> parse_utc_time(der::Bytes contents) {
  const std::string_view s = as_text(contents);
  auto yy = digits(s, 0, 2);
  if (!yy) return Error(ErrorCode::bad_encoding, "UTCTime '" + std::string(s) + "' is malformed");
  // RFC 5280 §4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY.
  const std::int64_t year = *yy >= 50 ? 1900 + *yy : 2000 + *yy;
  return parse_after_year(s, year, 2, "UTCTime");
}

Result<UnixTime> parse_generalized_time(der::Bytes contents) {
  const std::string_view s = as_text(contents);
  auto yyyy = digits(s, 0, 4);
  if (!yyyy) {
    return Error(ErrorCode::bad_encoding, "GeneralizedTime '" + std::string(s) + "' is malformed");
  }
  return parse_after_year(s, *yyyy, 4, "GeneralizedTime");
}

Result<UnixTime> parse_time(const der::Element& element) {
  if (element.tag == der::kUtcTime) return parse_utc_time(element.contents);
  if (element.tag == der::kGeneralizedTime) return parse_generalized_time(element.contents);
  return Error(ErrorCode::bad_encoding,
               "Time: expected UTCTime or GeneralizedTime, found " + der::describe(element.tag));
}

std::string format_time(UnixTime t) {
  const CivilTime c = civil_from_unix(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

Result<UnixTime> parse_rfc3339(std::string_view s) {
  auto bad = [&] {
    return Error(ErrorCode::invalid_argument,
                 "'" + std::string(s) + "' is neither a Unix time nor an RFC 3339 date-time");
  };
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos) {
    if (s.size() > 15) return bad();
    UnixTime v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  }
  auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2),
       mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !sec || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
    return bad();
  }
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return bad();
  }
  std::int64_t offset = 0;
  const std::string_view zone = s.substr(std::min(pos, s.size()));
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    auto oh = digits(zone, 1, 2), om = digits(zone, 4, 2);
    if (!oh || !om || *oh > 23 || *om > 59) return bad();
    offset = (zone[0] == '+' ? 1 : -1) * static_cast<std::int64_t>(*oh * 3600 + *om * 60);
  } else {
    return bad();
  }
  auto t = from_fields(*y, *mo, *d, *h, *mi, *sec);
  if (!t) return bad();
  return *t - offset;
}

}  // namespace tlspp::x509
