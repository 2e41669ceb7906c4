#include "msgs/ext_pre_shared_key.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::concat;
using testing::hex;

OfferedPsks two_psks() {
  return OfferedPsks{{PskIdentity{hex("01"), 7}, PskIdentity{ByteVector(100, 2), 0xFFFFFFFF}},
                     {ByteVector(32, 0xA1), ByteVector(48, 0xB2)}};
}

TEST(PreSharedKey, RoundTripsBothForms) {
  EXPECT_TRUE(testing::round_trips(two_psks()));
  EXPECT_TRUE(testing::round_trips(PreSharedKeyServerHello{1}));
}

TEST(PreSharedKey, BindersEncodedSizeCountsPrefixes) {
  auto size = two_psks().binders_encoded_size();
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 2u + 1 + 32 + 1 + 48);
}

TEST(PreSharedKey, TruncateRefusesAMessageShorterThanItsBinders) {
  const ByteVector tiny(10, 0);
  EXPECT_FAILS_WITH(truncate_client_hello(tiny, two_psks()), ErrorCode::invalid_argument,
                    AlertDescription::internal_error);
}

// RFC 8446 §4.2.11: identities<7..2^16-1>, identity<1..2^16-1>, binders<33..2^16-1>,
// PskBinderEntry<32..255>.
TEST(PreSharedKey, ListBoundsAreDecodeErrors) {
  const ByteVector binders = concat(hex("0021 20"), ByteVector(32, 0));
  EXPECT_FAILS_WITH(OfferedPsks::decode(concat(hex("0000"), binders)), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(OfferedPsks::decode(concat(hex("0006 0000 00000000"), binders)),
                    ErrorCode::bad_list_length, AlertDescription::decode_error);
  EXPECT_FAILS_WITH(OfferedPsks::decode(hex("0007 0001 aa 00000000 0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  // A 31-byte binder.
  EXPECT_FAILS_WITH(
      OfferedPsks::decode(concat(hex("0007 0001 aa 00000000 0020 1f"), ByteVector(31, 0))),
      ErrorCode::bad_list_length, AlertDescription::decode_error);
}

TEST(PreSharedKey, IdentityAndBinderCountsMustMatch) {
  OfferedPsks psks = two_psks();
  psks.binders.pop_back();
  EXPECT_FAILS_WITH(OfferedPsks::decode(testing::encoded(psks)), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
}

TEST(PreSharedKey, ServerFormIsExactlyTwoBytes) {
  EXPECT_FAILS_WITH(PreSharedKeyServerHello::decode(hex("00")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(PreSharedKeyServerHello::decode(hex("000000")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2.10: in NewSessionTicket, early_data holds uint32 max_early_data_size.
TEST(EarlyData, NewSessionTicketFormRoundTrips) {
  EXPECT_TRUE(testing::round_trips(EarlyDataNewSessionTicket{0x4000}));
  EXPECT_FAILS_WITH(EarlyDataNewSessionTicket::decode(hex("000040")), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
