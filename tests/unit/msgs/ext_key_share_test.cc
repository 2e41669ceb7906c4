#include "msgs/ext_key_share.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(KeyShare, RoundTripsAllThreeForms) {
  EXPECT_TRUE(testing::round_trips(
      KeyShareClientHello{{KeyShareEntry{NamedGroup::x25519, ByteVector(32, 1)},
                           KeyShareEntry{NamedGroup::secp256r1, ByteVector(65, 4)}}}));
  EXPECT_TRUE(testing::round_trips(KeyShareClientHello{}));
  EXPECT_TRUE(testing::round_trips(
      KeyShareServerHello{KeyShareEntry{NamedGroup::x448, ByteVector(56, 9)}}));
  EXPECT_TRUE(testing::round_trips(KeyShareHelloRetryRequest{NamedGroup::secp384r1}));
}

TEST(KeyShare, FindsShareByGroup) {
  KeyShareClientHello shares{{KeyShareEntry{NamedGroup::x25519, ByteVector(32, 1)},
                              KeyShareEntry{NamedGroup::secp256r1, ByteVector(65, 4)}}};
  ASSERT_NE(shares.find(NamedGroup::secp256r1), nullptr);
  EXPECT_EQ(shares.find(NamedGroup::secp256r1)->key_exchange.size(), 65u);
  EXPECT_EQ(shares.find(NamedGroup::x448), nullptr);
}

// RFC 8446 §4.2.8: key_exchange<1..2^16-1>.
TEST(KeyShare, EmptyKeyExchangeIsDecodeError) {
  EXPECT_FAILS_WITH(KeyShareClientHello::decode(hex("0004 001d 0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(KeyShareServerHello::decode(hex("001d 0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group" and
// servers may abort with illegal_parameter.
TEST(KeyShare, TwoSharesForOneGroupIsIllegalParameter) {
  EXPECT_FAILS_WITH(KeyShareClientHello::decode(hex("000a 001d 0001 aa 001d 0001 bb")),
                    ErrorCode::bad_value, AlertDescription::illegal_parameter);
}

TEST(KeyShare, TruncatedOrTrailingIsDecodeError) {
  EXPECT_FAILS_WITH(KeyShareClientHello::decode(hex("0005 001d 0002 aa")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(KeyShareHelloRetryRequest::decode(hex("001d 00")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(KeyShareServerHello::decode(hex("001d 0001 aa bb")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
