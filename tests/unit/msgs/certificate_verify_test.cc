#include "msgs/certificate_verify.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::hex;
using testing::rfc8448_message;

// RFC 8448 §3: rsa_pss_rsae_sha256 with a 128-byte signature.
TEST(CertificateVerify, DecodesRfc8448SimpleHandshakeMessage) {
  const ByteVector message = rfc8448_message("3", "", "CertificateVerify");
  ASSERT_EQ(message.size(), 136u);
  auto verify = CertificateVerify::decode(body_of(message));
  ASSERT_TRUE(verify.ok()) << verify.error().to_string();
  EXPECT_EQ(verify->algorithm, SignatureScheme::rsa_pss_rsae_sha256);
  ASSERT_EQ(verify->signature.size(), 128u);
  EXPECT_EQ(ByteVector(verify->signature.begin(), verify->signature.begin() + 4), hex("ace0af8e"));
  auto again = encode_handshake(*verify);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// RFC 8448 §6: ecdsa_secp256r1_sha256 with a DER signature.
TEST(CertificateVerify, DecodesRfc8448EcdsaMessage) {
  auto verify = CertificateVerify::decode(body_of(rfc8448_message("6", "", "CertificateVerify")));
  ASSERT_TRUE(verify.ok()) << verify.error().to_string();
  EXPECT_EQ(verify->algorithm, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_EQ(verify->signature.size(), 0x46u);
}

TEST(CertificateVerify, RoundTripsAndRejectsMalformed) {
  EXPECT_TRUE(testing::round_trips(CertificateVerify{SignatureScheme::ed25519, ByteVector(64, 7)}));
  EXPECT_TRUE(testing::round_trips(CertificateVerify{SignatureScheme::ed448, {}}));
  EXPECT_FAILS_WITH(CertificateVerify::decode(hex("0807 0002 aa")), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(CertificateVerify::decode(hex("0807 0001 aa bb")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
