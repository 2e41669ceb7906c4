#include "msgs/ext_misc.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(EmptyExtension, OnlyAnEmptyBodyDecodes) {
  EXPECT_TRUE(testing::round_trips(EmptyExtension{}));
  EXPECT_FAILS_WITH(EmptyExtension::decode(hex("00")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

// RFC 5746 §3.2: renegotiated_connection<0..255>.
TEST(RenegotiationInfo, RoundTripsEmptyAndVerifyData) {
  EXPECT_TRUE(testing::round_trips(RenegotiationInfo{}));
  EXPECT_TRUE(testing::round_trips(RenegotiationInfo{ByteVector(24, 0x3C)}));
  EXPECT_FAILS_WITH(RenegotiationInfo::decode(hex("")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(RenegotiationInfo::decode(hex("01 aa bb")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

// RFC 5077 §3.2: the ticket is the whole extension_data, possibly empty.
TEST(SessionTicketExtension, BodyIsTheTicket) {
  EXPECT_TRUE(testing::round_trips(SessionTicketExtension{}));
  EXPECT_TRUE(testing::round_trips(SessionTicketExtension{ByteVector(190, 0x77)}));
}

// RFC 8449 §4: a value below 64 is illegal_parameter.
TEST(RecordSizeLimit, BelowSixtyFourIsIllegalParameter) {
  EXPECT_TRUE(testing::round_trips(RecordSizeLimit{0x4001}));
  EXPECT_TRUE(testing::round_trips(RecordSizeLimit{64}));
  EXPECT_FAILS_WITH(RecordSizeLimit::decode(hex("003f")), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
  EXPECT_FAILS_WITH(RecordSizeLimit::decode(hex("40")), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

// RFC 7685 §3: the padding is all zero bytes.
TEST(Padding, NonZeroByteIsIllegalParameter) {
  EXPECT_TRUE(testing::round_trips(Padding{0}));
  EXPECT_TRUE(testing::round_trips(Padding{87}));
  EXPECT_FAILS_WITH(Padding::decode(hex("0000010000")), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
}

TEST(StatusRequest, PassesBytesThrough) {
  // RFC 6066 §8: status_type ocsp(1), empty responder_id_list and request_extensions.
  EXPECT_TRUE(testing::round_trips(StatusRequest{hex("01 0000 0000")}));
  EXPECT_TRUE(testing::round_trips(StatusRequest{}));
}

}  // namespace
}  // namespace tlspp::msgs
