#include "msgs/ext_lists.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(SupportedVersions, RoundTripsBothForms) {
  EXPECT_TRUE(testing::round_trips(SupportedVersionsClientHello{
      {static_cast<ProtocolVersion>(0x1A1A), ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}}));
  EXPECT_TRUE(testing::round_trips(SupportedVersionsServerHello{ProtocolVersion::tls1_3}));
  auto ch = SupportedVersionsClientHello::decode(hex("04 0304 0303"));
  ASSERT_TRUE(ch.ok());
  EXPECT_EQ(ch->versions,
            (std::vector<ProtocolVersion>{ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}));
}

// RFC 8446 §4.2.1: versions<2..254>.
TEST(SupportedVersions, EmptyOddOrTrailingIsDecodeError) {
  EXPECT_FAILS_WITH(SupportedVersionsClientHello::decode(hex("00")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SupportedVersionsClientHello::decode(hex("03 0304 03")),
                    ErrorCode::bad_list_length, AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SupportedVersionsClientHello::decode(hex("02 0304 00")),
                    ErrorCode::trailing_data, AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SupportedVersionsServerHello::decode(hex("0304 00")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SupportedVersionsServerHello::decode(hex("03")), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

TEST(SupportedGroups, RoundTripsAndRejectsBadLists) {
  EXPECT_TRUE(testing::round_trips(SupportedGroups{
      {NamedGroup::x25519, NamedGroup::secp256r1, static_cast<NamedGroup>(0xCACA)}}));
  EXPECT_FAILS_WITH(SupportedGroups::decode(hex("0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SupportedGroups::decode(hex("0003 001d 00")), ErrorCode::bad_list_length,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SupportedGroups::decode(hex("0004 001d")), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2.3: supported_signature_algorithms<2..2^16-2>.
TEST(SignatureSchemeList, RoundTripsAndRejectsBadLists) {
  EXPECT_TRUE(testing::round_trips(
      SignatureSchemeList{{SignatureScheme::ed25519, SignatureScheme::rsa_pss_rsae_sha256,
                           SignatureScheme::ecdsa_secp256r1_sha256}}));
  EXPECT_FAILS_WITH(SignatureSchemeList::decode(hex("0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(SignatureSchemeList::decode(hex("0001 08")), ErrorCode::bad_list_length,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2.9: ke_modes<1..255>.
TEST(PskKeyExchangeModes, RoundTripsAndRejectsEmpty) {
  EXPECT_TRUE(testing::round_trips(
      PskKeyExchangeModes{{PskKeyExchangeMode::psk_dhe_ke, PskKeyExchangeMode::psk_ke,
                           static_cast<PskKeyExchangeMode>(0x0B)}}));
  EXPECT_FAILS_WITH(PskKeyExchangeModes::decode(hex("00")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

// RFC 8422 §5.1.2: ec_point_format_list<1..2^8-1>, and uncompressed must be in it.
TEST(EcPointFormats, RequiresUncompressed) {
  EXPECT_TRUE(testing::round_trips(EcPointFormats{{EcPointFormat::uncompressed}}));
  EXPECT_TRUE(testing::round_trips(
      EcPointFormats{{EcPointFormat::ansix962_compressed_prime, EcPointFormat::uncompressed}}));
  EXPECT_FAILS_WITH(EcPointFormats::decode(hex("01 01")), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
  EXPECT_FAILS_WITH(EcPointFormats::decode(hex("00")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
