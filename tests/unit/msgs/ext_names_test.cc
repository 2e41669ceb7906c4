#include "msgs/ext_names.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

// RFC 6066 §3.
TEST(ServerNameList, DecodesHostNameAndRoundTrips) {
  auto sni = ServerNameList::decode(hex("0009 00 0006 736572766572"));
  ASSERT_TRUE(sni.ok()) << sni.error().to_string();
  EXPECT_EQ(sni->host_name(), "server");
  EXPECT_TRUE(
      testing::round_trips(ServerNameList{{{ServerNameType::host_name, "www.example.org"}}}));
  // An unknown name type is kept next to the host name.
  EXPECT_TRUE(testing::round_trips(
      ServerNameList{{{static_cast<ServerNameType>(7), "x"}, {ServerNameType::host_name, "a.b"}}}));
}

TEST(ServerNameList, EmptyListOrNameIsDecodeError) {
  EXPECT_FAILS_WITH(ServerNameList::decode(hex("0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(ServerNameList::decode(hex("0003 00 0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(ServerNameList::decode(hex("0004 00 0002 61")), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

// RFC 6066 §3: "The ServerNameList MUST NOT contain more than one name of the same name_type."
TEST(ServerNameList, TwoHostNamesAreIllegalParameter) {
  EXPECT_FAILS_WITH(ServerNameList::decode(hex("0008 00 0001 61 00 0001 62")), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
}

// RFC 7301 §3.1.
TEST(AlpnProtocols, RoundTripsAndServerFormHoldsExactlyOne) {
  EXPECT_TRUE(testing::round_trips(AlpnProtocols{{"h2", "http/1.1"}}));
  auto server = AlpnProtocols::decode_server(hex("0003 02 6832"));
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server->protocols, std::vector<std::string>{"h2"});
  EXPECT_FAILS_WITH(AlpnProtocols::decode_server(hex("0006 02 6832 02 6833")),
                    ErrorCode::bad_list_length, AlertDescription::decode_error);
}

TEST(AlpnProtocols, EmptyListOrEmptyNameIsDecodeError) {
  EXPECT_FAILS_WITH(AlpnProtocols::decode(hex("0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  // RFC 7301 §3.1: "Empty strings MUST NOT be included".
  EXPECT_FAILS_WITH(AlpnProtocols::decode(hex("0004 02 6832 00")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2.4: authorities<3..2^16-1>, DistinguishedName<1..2^16-1>.
TEST(CertificateAuthorities, RoundTripsAndRejectsEmpty) {
  EXPECT_TRUE(testing::round_trips(
      CertificateAuthorities{{hex("300e310c300a06035504031303727361"), hex("3000")}}));
  EXPECT_FAILS_WITH(CertificateAuthorities::decode(hex("0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(CertificateAuthorities::decode(hex("0002 0000")), ErrorCode::bad_list_length,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2.2: cookie<1..2^16-1>.
TEST(Cookie, RoundTripsAndRejectsEmpty) {
  EXPECT_TRUE(testing::round_trips(Cookie{ByteVector(300, 0xC0)}));
  EXPECT_FAILS_WITH(Cookie::decode(hex("0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(Cookie::decode(hex("0001 01 02")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
