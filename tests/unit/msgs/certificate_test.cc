#include "msgs/certificate.h"

#include <gtest/gtest.h>

#include "msgs/ext_misc.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::encoded;
using testing::hex;
using testing::rfc8448_message;

// RFC 8448 §3: the server's Certificate: empty context, one RSA certificate, no extensions.
TEST(Certificate, DecodesRfc8448SimpleHandshakeCertificate) {
  const ByteVector message = rfc8448_message("3", "", "Certificate");
  ASSERT_EQ(message.size(), 445u);
  auto cert = CertificateTls13::decode(body_of(message));
  ASSERT_TRUE(cert.ok()) << cert.error().to_string();
  EXPECT_TRUE(cert->certificate_request_context.empty());
  ASSERT_EQ(cert->certificate_list.size(), 1u);
  const CertificateEntry& entry = cert->certificate_list[0];
  EXPECT_EQ(entry.cert_data.size(), 0x1b0u);
  // A DER SEQUENCE with a two-byte length: 30 82 01 ac.
  EXPECT_EQ(ByteVector(entry.cert_data.begin(), entry.cert_data.begin() + 4), hex("308201ac"));
  EXPECT_TRUE(entry.extensions.empty());
  auto again = encode_handshake(*cert);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// The decoded DER entries alias the input (documented in certificate.h).
TEST(Certificate, EntriesAliasTheDecodedBody) {
  const ByteVector message = rfc8448_message("3", "", "Certificate");
  const Bytes body = body_of(message);
  auto cert = CertificateTls13::decode(body);
  ASSERT_TRUE(cert.ok());
  const Bytes der = cert->certificate_list[0].cert_data;
  EXPECT_GE(der.data(), body.data());
  EXPECT_LE(der.data() + der.size(), body.data() + body.size());
}

// RFC 8448 §6 (client authentication): the server's ECDSA certificate and the client's RSA one.
TEST(Certificate, DecodesRfc8448ClientAuthCertificates) {
  const ByteVector server =
      rfc8448_message("6", "{server}  construct a Certificate", "Certificate");
  ASSERT_EQ(server.size(), 319u);
  auto server_cert = CertificateTls13::decode(body_of(server));
  ASSERT_TRUE(server_cert.ok()) << server_cert.error().to_string();
  ASSERT_EQ(server_cert->certificate_list.size(), 1u);
  EXPECT_EQ(server_cert->certificate_list[0].cert_data.size(), 0x132u);

  const ByteVector client =
      rfc8448_message("6", "{client}  construct a Certificate", "Certificate");
  ASSERT_EQ(client.size(), 451u);
  auto client_cert = CertificateTls13::decode(body_of(client));
  ASSERT_TRUE(client_cert.ok()) << client_cert.error().to_string();
  ASSERT_EQ(client_cert->certificate_list.size(), 1u);
  // The context echoes the (empty) certificate_request_context of §6's CertificateRequest.
  EXPECT_TRUE(client_cert->certificate_request_context.empty());
  auto again = encode_handshake(*client_cert);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, client);
}

CertificateTls13 sample_chain(const ByteVector& leaf, const ByteVector& ca) {
  CertificateTls13 cert;
  cert.certificate_request_context = hex("0badc0de");
  CertificateEntry first{leaf, {}};
  first.extensions.entries.push_back(*make_extension(StatusRequest{hex("0100000005aabbccddee")}));
  first.extensions.entries.push_back(
      Extension{ExtensionType::signed_certificate_timestamp, hex("0000")});
  cert.certificate_list.push_back(first);
  cert.certificate_list.push_back(CertificateEntry{ca, {}});
  return cert;
}

TEST(Certificate, RoundTripsChainWithEntryExtensions) {
  const ByteVector leaf(700, 0x30), ca(900, 0x31);
  EXPECT_TRUE(testing::round_trips(sample_chain(leaf, ca)));
  EXPECT_TRUE(testing::round_trips(CertificateTls13{}));
}

TEST(Certificate, EveryTruncationIsDecodeError) {
  const ByteVector leaf(70, 0x30), ca(90, 0x31);
  const ByteVector rfc_message = rfc8448_message("3", "", "Certificate");
  const Bytes rfc_body = body_of(rfc_message);
  for (const ByteVector& body :
       {encoded(sample_chain(leaf, ca)), ByteVector(rfc_body.begin(), rfc_body.end())}) {
    for (std::size_t n = 0; n < body.size(); ++n) {
      auto r = CertificateTls13::decode(Bytes(body).first(n));
      ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes decoded";
      EXPECT_EQ(r.error().code, ErrorCode::truncated) << n << ": " << r.error().to_string();
      EXPECT_EQ(r.error().alert, AlertDescription::decode_error);
    }
    ByteVector longer = body;
    longer.push_back(0);
    EXPECT_FAILS_WITH(CertificateTls13::decode(longer), ErrorCode::trailing_data,
                      AlertDescription::decode_error);
  }
}

// RFC 8446 §4.4.2: cert_data<1..2^24-1>.
TEST(Certificate, EmptyCertDataIsDecodeError) {
  EXPECT_FAILS_WITH(CertificateTls13::decode(hex("00 000005 000000 0000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(CertificateTls12::decode(hex("000003 000000")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2: in a CertificateEntry only status_request and signed_certificate_timestamp (CT)
// are allowed; e.g. server_name is illegal_parameter. Duplicates are illegal_parameter too.
TEST(Certificate, EntryExtensionsFollowTheTable) {
  const ByteVector leaf(10, 0x30);
  CertificateTls13 cert{{}, {CertificateEntry{leaf, {}}}};
  cert.certificate_list[0].extensions.entries.push_back(Extension{ExtensionType::server_name, {}});
  EXPECT_FAILS_WITH(CertificateTls13::decode(encoded(cert)), ErrorCode::forbidden_extension,
                    AlertDescription::illegal_parameter);
  cert.certificate_list[0].extensions.entries = {Extension{ExtensionType::status_request, {1}},
                                                 Extension{ExtensionType::status_request, {2}}};
  EXPECT_FAILS_WITH(CertificateTls13::decode(encoded(cert)), ErrorCode::duplicate_extension,
                    AlertDescription::illegal_parameter);
}

TEST(CertificateTls12, RoundTripsAndTruncationsFail) {
  const ByteVector leaf(300, 0x30), ca(200, 0x31);
  const CertificateTls12 chain{{leaf, ca}};
  EXPECT_TRUE(testing::round_trips(chain));
  EXPECT_TRUE(testing::round_trips(CertificateTls12{}));
  const ByteVector body = encoded(chain);
  EXPECT_EQ(body.size(), 3u + 3 + 300 + 3 + 200);
  for (std::size_t n = 0; n < body.size(); ++n) {
    EXPECT_FAILS_WITH(CertificateTls12::decode(Bytes(body).first(n)), ErrorCode::truncated,
                      AlertDescription::decode_error);
  }
}

}  // namespace
}  // namespace tlspp::msgs
