#include "msgs/certificate_request.h"

#include <gtest/gtest.h>

#include "msgs/ext_lists.h"
#include "msgs/ext_names.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::encoded;
using testing::hex;
using testing::rfc8448_message;

// RFC 8448 §6: the server asks for a client certificate with only signature_algorithms.
TEST(CertificateRequest, DecodesRfc8448ClientAuthRequest) {
  const ByteVector message = rfc8448_message("6", "", "CertificateRequest");
  ASSERT_EQ(message.size(), 43u);
  auto request = CertificateRequestTls13::decode(body_of(message));
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_TRUE(request->certificate_request_context.empty());
  ASSERT_EQ(request->extensions.entries.size(), 1u);
  auto schemes = SignatureSchemeList::decode(
      request->extensions.find(ExtensionType::signature_algorithms)->body);
  ASSERT_TRUE(schemes.ok());
  EXPECT_EQ(schemes->schemes.size(), 15u);
  EXPECT_EQ(schemes->schemes.front(), SignatureScheme::ecdsa_secp256r1_sha256);
  auto again = encode_handshake(*request);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

CertificateRequestTls13 sample_request() {
  CertificateRequestTls13 request;
  request.certificate_request_context = hex("01");
  request.extensions.entries.push_back(*make_extension(
      ExtensionType::signature_algorithms, SignatureSchemeList{{SignatureScheme::ed25519}}));
  request.extensions.entries.push_back(
      *make_extension(CertificateAuthorities{{hex("3011310f300d06035504030c06726f6f7443")}}));
  request.extensions.entries.push_back(Extension{ExtensionType::oid_filters, hex("0000")});
  return request;
}

TEST(CertificateRequest, RoundTripsTls13Request) {
  EXPECT_TRUE(testing::round_trips(sample_request()));
}

// RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified".
TEST(CertificateRequest, MissingSignatureAlgorithmsIsMissingExtension) {
  CertificateRequestTls13 request = sample_request();
  request.extensions.entries.erase(request.extensions.entries.begin());
  EXPECT_FAILS_WITH(CertificateRequestTls13::decode(encoded(request)), ErrorCode::missing_extension,
                    AlertDescription::missing_extension);
}

// RFC 8446 §4.2: key_share may not appear in a CertificateRequest.
TEST(CertificateRequest, ForbiddenExtensionIsIllegalParameter) {
  CertificateRequestTls13 request = sample_request();
  request.extensions.entries.push_back(Extension{ExtensionType::key_share, hex("001d")});
  EXPECT_FAILS_WITH(CertificateRequestTls13::decode(encoded(request)),
                    ErrorCode::forbidden_extension, AlertDescription::illegal_parameter);
}

TEST(CertificateRequestTls12, RoundTripsAndChecksListBounds) {
  const CertificateRequestTls12 request{
      {ClientCertificateType::ecdsa_sign, ClientCertificateType::rsa_sign},
      {SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::rsa_pkcs1_sha256},
      {hex("3011310f300d06035504030c06726f6f7443")}};
  EXPECT_TRUE(testing::round_trips(request));
  EXPECT_TRUE(testing::round_trips(CertificateRequestTls12{
      {ClientCertificateType::rsa_sign}, {SignatureScheme::rsa_pkcs1_sha256}, {}}));
  // certificate_types<1..2^8-1>.
  EXPECT_FAILS_WITH(CertificateRequestTls12::decode(hex("00 0002 0401 0000")),
                    ErrorCode::empty_list, AlertDescription::decode_error);
  // supported_signature_algorithms<2..2^16-2>, odd length.
  EXPECT_FAILS_WITH(CertificateRequestTls12::decode(hex("01 40 0003 040105 0000")),
                    ErrorCode::bad_list_length, AlertDescription::decode_error);
  // An empty DistinguishedName.
  EXPECT_FAILS_WITH(CertificateRequestTls12::decode(hex("01 40 0002 0401 0002 0000")),
                    ErrorCode::empty_list, AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
