#include "msgs/server_hello.h"

#include <gtest/gtest.h>

#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/ext_pre_shared_key.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::concat;
using testing::encoded;
using testing::hex;
using testing::rfc8448_message;

TEST(ServerHello, DecodesRfc8448SimpleHandshakeServerHello) {
  const ByteVector message = rfc8448_message("3", "", "ServerHello");
  ASSERT_EQ(message.size(), 90u);
  auto hello = ServerHello::decode(body_of(message));
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  EXPECT_FALSE(hello->is_hello_retry_request());
  EXPECT_EQ(hello->legacy_version, ProtocolVersion::tls1_2);
  // The random as printed in RFC 8448 §3's ServerHello bytes.
  EXPECT_EQ(ByteVector(hello->random.begin(), hello->random.end()),
            hex("12749914 95cf4258 57262dde 2299342c 315afba9 b64a87d5 52515614 e01b045d"));
  EXPECT_TRUE(hello->legacy_session_id_echo.empty());
  EXPECT_EQ(hello->cipher_suite, CipherSuite::tls_aes_128_gcm_sha256);
  EXPECT_EQ(downgrade_sentinel(hello->random), DowngradeSentinel::none);
  ASSERT_TRUE(hello->extensions.has_value());
  ASSERT_EQ(hello->extensions->entries.size(), 2u);

  auto share = KeyShareServerHello::decode(hello->find_extension(ExtensionType::key_share)->body);
  ASSERT_TRUE(share.ok()) << share.error().to_string();
  EXPECT_EQ(share->server_share.group, NamedGroup::x25519);
  auto server_public =
      test::rfc8448::find("3", "{server}  create an ephemeral x25519 key pair", "public key");
  ASSERT_TRUE(server_public.ok());
  EXPECT_EQ(share->server_share.key_exchange, *server_public);
  auto version = SupportedVersionsServerHello::decode(
      hello->find_extension(ExtensionType::supported_versions)->body);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->selected_version, ProtocolVersion::tls1_3);

  auto again = encode_handshake(*hello);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// RFC 8448 §5: the server answers with a HelloRetryRequest selecting secp256r1 and sending a
// cookie.
TEST(ServerHello, RecognizesRfc8448HelloRetryRequest) {
  const ByteVector message = rfc8448_message("5", "", "ServerHello");
  ASSERT_EQ(message.size(), 176u);
  auto hrr = ServerHello::decode(body_of(message));
  ASSERT_TRUE(hrr.ok()) << hrr.error().to_string();
  EXPECT_TRUE(hrr->is_hello_retry_request());
  auto group =
      KeyShareHelloRetryRequest::decode(hrr->find_extension(ExtensionType::key_share)->body);
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->selected_group, NamedGroup::secp256r1);
  auto cookie = Cookie::decode(hrr->find_extension(ExtensionType::cookie)->body);
  ASSERT_TRUE(cookie.ok());
  EXPECT_EQ(cookie->cookie.size(), 0x72u);
  auto again = encode_handshake(*hrr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// RFC 8446 §4.1.3: the HRR random is SHA-256("HelloRetryRequest").
TEST(ServerHello, HelloRetryRequestRandomIsTheRfcConstant) {
  EXPECT_EQ(ByteVector(kHelloRetryRequestRandom.begin(), kHelloRetryRequestRandom.end()),
            hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C"));
}

ServerHello sample_tls13_hello() {
  ServerHello hello;
  hello.random.fill(0x5A);
  hello.legacy_session_id_echo = ByteVector(32, 0xAB);
  hello.cipher_suite = CipherSuite::tls_aes_256_gcm_sha384;
  Extensions ext;
  ext.entries.push_back(*make_extension(SupportedVersionsServerHello{ProtocolVersion::tls1_3}));
  ext.entries.push_back(*make_extension(
      KeyShareServerHello{KeyShareEntry{NamedGroup::secp256r1, ByteVector(65, 0x04)}}));
  ext.entries.push_back(*make_extension(PreSharedKeyServerHello{0}));
  hello.extensions = std::move(ext);
  return hello;
}

ServerHello sample_tls12_hello() {
  ServerHello hello;
  hello.random.fill(0x11);
  hello.legacy_session_id_echo = ByteVector(32, 0x22);
  hello.cipher_suite = CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256;
  Extensions ext;
  ext.entries.push_back(*make_extension(RenegotiationInfo{}));
  ext.entries.push_back(*make_extension(ExtensionType::extended_master_secret, EmptyExtension{}));
  ext.entries.push_back(*make_extension(EcPointFormats{{EcPointFormat::uncompressed}}));
  ext.entries.push_back(*make_extension(SessionTicketExtension{}));
  hello.extensions = std::move(ext);
  return hello;
}

TEST(ServerHello, RoundTripsTls13AndTls12Hellos) {
  EXPECT_TRUE(testing::round_trips(sample_tls13_hello()));
  EXPECT_TRUE(testing::round_trips(sample_tls12_hello()));
  ServerHello bare = sample_tls12_hello();
  bare.extensions.reset();
  EXPECT_TRUE(testing::round_trips(bare));
}

// A TLS 1.2 ServerHello (no supported_versions) is not checked against the TLS 1.3 table:
// extended_master_secret and friends are normal there.
TEST(ServerHello, Tls12HelloExtensionsAreNotCheckedAgainstTheTls13Table) {
  auto decoded = ServerHello::decode(encoded(sample_tls12_hello()));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_TRUE(decoded->find_extension(ExtensionType::extended_master_secret) != nullptr);
}

// RFC 8446 §4.2: a TLS 1.3 ServerHello may not carry an EE extension such as ALPN.
TEST(ServerHello, Tls13HelloWithEncryptedExtensionIsIllegalParameter) {
  ServerHello hello = sample_tls13_hello();
  hello.extensions->entries.push_back(*make_extension(AlpnProtocols{{"h2"}}));
  EXPECT_FAILS_WITH(ServerHello::decode(encoded(hello)), ErrorCode::forbidden_extension,
                    AlertDescription::illegal_parameter);
}

// RFC 8446 §4.1.4 / §4.2: a HelloRetryRequest may carry only supported_versions, cookie and
// key_share; pre_shared_key (allowed in SH) is forbidden in HRR.
TEST(ServerHello, HelloRetryRequestWithPreSharedKeyIsIllegalParameter) {
  ServerHello hrr = sample_tls13_hello();
  hrr.random = kHelloRetryRequestRandom;
  EXPECT_FAILS_WITH(ServerHello::decode(encoded(hrr)), ErrorCode::forbidden_extension,
                    AlertDescription::illegal_parameter);
  hrr.extensions->entries.pop_back();  // drop pre_shared_key
  hrr.extensions->entries[1] = *make_extension(KeyShareHelloRetryRequest{NamedGroup::x25519});
  hrr.extensions->entries.push_back(*make_extension(Cookie{hex("c0ffee")}));
  EXPECT_TRUE(testing::round_trips(hrr));
}

// RFC 8446 §4.1.3: legacy_compression_method "MUST have the value 0". tlspp decides this at
// decode time (it never offers compression), as illegal_parameter.
TEST(ServerHello, CompressionMethodOneIsIllegalParameter) {
  ByteVector body = encoded(sample_tls12_hello());
  // legacy_version(2) random(32) session_id(1+32) cipher_suite(2), then the compression method.
  const std::size_t compression_at = 2 + 32 + 1 + 32 + 2;
  ASSERT_EQ(body[compression_at], 0);
  body[compression_at] = 1;
  EXPECT_FAILS_WITH(ServerHello::decode(body), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
}

TEST(ServerHello, DuplicateExtensionIsIllegalParameter) {
  ServerHello hello = sample_tls13_hello();
  hello.extensions->entries.push_back(hello.extensions->entries[0]);
  EXPECT_FAILS_WITH(ServerHello::decode(encoded(hello)), ErrorCode::duplicate_extension,
                    AlertDescription::illegal_parameter);
}

TEST(ServerHello, SessionIdEchoLongerThan32BytesIsDecodeError) {
  ServerHello hello = sample_tls12_hello();
  hello.legacy_session_id_echo = ByteVector(33, 0);
  EXPECT_FAILS_WITH(ServerHello::decode(encoded(hello)), ErrorCode::bad_list_length,
                    AlertDescription::decode_error);
}

// Every proper prefix is decode_error, except the prefix ending after the compression method
// (a complete extension-less TLS 1.2 ServerHello).
TEST(ServerHello, EveryTruncationIsDecodeErrorOrAnExtensionlessHello) {
  const ByteVector rfc_message = rfc8448_message("3", "", "ServerHello");
  const Bytes rfc_body = body_of(rfc_message);
  for (const ByteVector& body : {ByteVector(rfc_body.begin(), rfc_body.end()),
                                 encoded(sample_tls13_hello()), encoded(sample_tls12_hello())}) {
    const std::size_t extensionless = 2 + 32 + 1 + body[34] + 2 + 1;
    for (std::size_t n = 0; n < body.size(); ++n) {
      auto r = ServerHello::decode(Bytes(body).first(n));
      if (n == extensionless) {
        ASSERT_TRUE(r.ok()) << r.error().to_string();
        EXPECT_FALSE(r->extensions.has_value());
        continue;
      }
      ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes decoded";
      EXPECT_EQ(r.error().code, ErrorCode::truncated) << n << ": " << r.error().to_string();
      EXPECT_EQ(r.error().alert, AlertDescription::decode_error);
    }
    ByteVector longer = body;
    longer.push_back(0);
    EXPECT_FAILS_WITH(ServerHello::decode(longer), ErrorCode::trailing_data,
                      AlertDescription::decode_error);
  }
}

// RFC 8446 §4.1.3: "DOWNGRD" followed by 01 (TLS 1.2) or 00 (TLS 1.1 and below) in the last
// 8 bytes of ServerHello.random.
TEST(ServerHello, DetectsDowngradeSentinels) {
  Random random{};
  random.fill(0x99);
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::none);
  const ByteVector tls12 = hex("444F574E47524401");
  std::copy(tls12.begin(), tls12.end(), random.end() - 8);
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::tls12);
  const ByteVector tls11 = hex("444F574E47524400");
  std::copy(tls11.begin(), tls11.end(), random.end() - 8);
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::tls11_or_below);
  // The sentinel only counts at the end.
  random.fill(0x99);
  std::copy(tls12.begin(), tls12.end(), random.begin());
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::none);
  EXPECT_EQ(ByteVector(kDowngradeSentinelTls12.begin(), kDowngradeSentinelTls12.end()), tls12);
  EXPECT_EQ(ByteVector(kDowngradeSentinelTls11.begin(), kDowngradeSentinelTls11.end()), tls11);
}

}  // namespace
}  // namespace tlspp::msgs
