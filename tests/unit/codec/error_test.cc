#include "tlspp/error.h"

#include <gtest/gtest.h>

#include <set>

#include "codec/hex.h"
#include "tlspp/result.h"

namespace tlspp {
namespace {

// DESIGN.md: one constexpr table maps each code to exactly one alert; entry i is code i.
TEST(ErrorTable, EntryIHoldsCodeIAndNamesAreUnique) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kErrorTable.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kErrorTable[i].code), i);
    EXPECT_FALSE(kErrorTable[i].name.empty());
    EXPECT_TRUE(names.insert(kErrorTable[i].name).second) << kErrorTable[i].name;
    // Every alert in the table is one tlspp can name (RFC 8446 §6).
    EXPECT_FALSE(name_of(kErrorTable[i].alert).empty()) << kErrorTable[i].name;
  }
}

TEST(ErrorTable, DecodeFailuresAreDecodeErrors) {
  // RFC 8446 §6.2: decode_error for a message that cannot be parsed; illegal_parameter for a field
  // that parses but holds a forbidden value.
  EXPECT_EQ(alert_for(ErrorCode::truncated), AlertDescription::decode_error);
  EXPECT_EQ(alert_for(ErrorCode::trailing_data), AlertDescription::decode_error);
  EXPECT_EQ(alert_for(ErrorCode::bad_value), AlertDescription::illegal_parameter);
  EXPECT_EQ(alert_for(ErrorCode::bad_finished), AlertDescription::decrypt_error);
  EXPECT_EQ(alert_for(ErrorCode::cert_expired), AlertDescription::certificate_expired);
  EXPECT_EQ(alert_for(ErrorCode::cert_unknown_issuer), AlertDescription::unknown_ca);
}

TEST(Error, ToStringNamesCodeAndReason) {
  Error e(ErrorCode::truncated, "ClientHello: 3 bytes left");
  EXPECT_EQ(e.to_string(), "truncated: ClientHello: 3 bytes left");
  EXPECT_EQ(e.alert, AlertDescription::decode_error);
}

Result<int> half(int v) {
  if (v % 2) return Error(ErrorCode::bad_value, "odd");
  return v / 2;
}
Result<int> quarter(int v) {
  TLSPP_ASSIGN_OR_RETURN(int h, half(v));
  return half(h);
}

TEST(Result, PropagatesErrors) {
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_value);
}

TEST(Hex, RoundTripsAndIgnoresWhitespace) {
  auto bytes = codec::from_hex("00 ff\n 1A");
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(codec::to_hex(*bytes), "00ff1a");
  EXPECT_FALSE(codec::from_hex("abc").has_value());
  EXPECT_FALSE(codec::from_hex("zz").has_value());
}

TEST(Wire, GreaseValuesAreRecognised) {
  EXPECT_TRUE(is_grease(0x0a0a));
  EXPECT_TRUE(is_grease(0xfafa));
  EXPECT_FALSE(is_grease(0x0a1a));
  EXPECT_FALSE(is_grease(0x1301));
  EXPECT_EQ(name_of(CipherSuite::tls_aes_128_gcm_sha256), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(name_of(static_cast<NamedGroup>(0x1234)), "");
}

}  // namespace
}  // namespace tlspp
