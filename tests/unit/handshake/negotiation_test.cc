#include "handshake/negotiation.h"

#include <gtest/gtest.h>

namespace tlspp::handshake {
namespace {

using CS = CipherSuite;
using V = ProtocolVersion;
using S = SignatureScheme;

TEST(ChooseVersion, HighestCommonWins) {
  const std::vector<V> offered = {static_cast<V>(0x7a7a), V::tls1_3, V::tls1_2};
  auto v = choose_version(V::tls1_2, V::tls1_3, offered);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value, V::tls1_3);
  auto capped = choose_version(V::tls1_2, V::tls1_2, offered);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->value, V::tls1_2);
}

TEST(ChooseVersion, OldVersionsOnlyIsProtocolVersion) {
  // RFC 8996: TLS 1.0 and 1.1 MUST NOT be negotiated.
  const std::vector<V> offered = {V::tls1_1, V::tls1_0};
  auto v = choose_version(V::tls1_2, V::tls1_3, offered);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::protocol_version);
  EXPECT_EQ(v.error().alert, AlertDescription::protocol_version);
}

TEST(ChooseCipherSuite, ServerOrderOrClientOrder) {
  const std::vector<CS> ours = {CS::tls_aes_256_gcm_sha384, CS::tls_aes_128_gcm_sha256};
  const std::vector<CS> offered = {CS::tls_aes_128_gcm_sha256, CS::tls_aes_256_gcm_sha384};
  auto server = choose_cipher_suite(ours, offered, V::tls1_3, true);
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(server->value, CS::tls_aes_256_gcm_sha384);
  EXPECT_NE(server->why.find("second"), std::string::npos) << server->why;
  auto client = choose_cipher_suite(ours, offered, V::tls1_3, false);
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(client->value, CS::tls_aes_128_gcm_sha256);
}

TEST(ChooseCipherSuite, IgnoresSuitesOfTheOtherVersionAndUnknownOnes) {
  const std::vector<CS> ours = default_cipher_suites();
  const std::vector<CS> offered = {static_cast<CS>(0x0a0a),
                                   CS::tls_ecdhe_rsa_with_aes_128_gcm_sha256};
  auto none = choose_cipher_suite(ours, offered, V::tls1_3, true);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::no_common_cipher_suite);
  EXPECT_EQ(none.error().alert, AlertDescription::handshake_failure);
  auto tls12 = choose_cipher_suite(ours, offered, V::tls1_2, true);
  ASSERT_TRUE(tls12.ok());
  EXPECT_EQ(tls12->value, CS::tls_ecdhe_rsa_with_aes_128_gcm_sha256);
}

TEST(EffectiveCipherSuites, StaticRsaOnlyWhenAllowed) {
  auto defaults = effective_cipher_suites({}, false);
  EXPECT_EQ(std::count(defaults.begin(), defaults.end(), CS::tls_rsa_with_aes_128_gcm_sha256), 0);
  auto legacy = effective_cipher_suites({}, true);
  EXPECT_EQ(std::count(legacy.begin(), legacy.end(), CS::tls_rsa_with_aes_128_gcm_sha256), 1);
  const std::vector<CS> configured = {CS::tls_rsa_with_aes_128_gcm_sha256,
                                      static_cast<CS>(0x002f)};  // AES128-SHA (CBC): never
  EXPECT_TRUE(effective_cipher_suites(configured, false).empty());
  EXPECT_EQ(effective_cipher_suites(configured, true).size(), 1u);
}

TEST(ChooseGroup, PrefersASharedKeyShareThenAsksForRetry) {
  const std::vector<NamedGroup> ours = {NamedGroup::x25519, NamedGroup::secp256r1};
  const std::vector<NamedGroup> supported = {NamedGroup::secp256r1, NamedGroup::x25519};
  const std::vector<NamedGroup> shares_p256 = {NamedGroup::secp256r1};
  auto g = choose_group(ours, supported, shares_p256);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->value.group, NamedGroup::secp256r1);
  EXPECT_FALSE(g->value.needs_retry);
  const std::vector<NamedGroup> no_shares;
  auto retry = choose_group(ours, supported, no_shares);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->value.group, NamedGroup::x25519);
  EXPECT_TRUE(retry->value.needs_retry);
  const std::vector<NamedGroup> only_p521 = {NamedGroup::secp521r1};
  auto none = choose_group(ours, only_p521, only_p521);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::no_common_group);
}

TEST(SchemeFitsKey, Tls13BindsCurvesAndForbidsPkcs1) {
  using K = crypto::KeyType;
  // RFC 8446 §4.2.3
  EXPECT_TRUE(scheme_fits_key(S::ecdsa_secp256r1_sha256, K::ec_p256, V::tls1_3));
  EXPECT_FALSE(scheme_fits_key(S::ecdsa_secp256r1_sha256, K::ec_p384, V::tls1_3));
  EXPECT_TRUE(scheme_fits_key(S::ecdsa_secp256r1_sha256, K::ec_p384, V::tls1_2));
  EXPECT_FALSE(scheme_fits_key(S::rsa_pkcs1_sha256, K::rsa, V::tls1_3));
  EXPECT_TRUE(scheme_fits_key(S::rsa_pkcs1_sha256, K::rsa, V::tls1_2));
  EXPECT_FALSE(scheme_fits_key(S::rsa_pss_pss_sha256, K::rsa, V::tls1_3));
  EXPECT_TRUE(scheme_fits_key(S::rsa_pss_rsae_sha256, K::rsa, V::tls1_3));
  EXPECT_FALSE(scheme_fits_key(S::rsa_pkcs1_sha1, K::rsa, V::tls1_2));
}

TEST(ChooseSignatureScheme, OursFirstAmongWhatThePeerAccepts) {
  const auto ours = default_signature_schemes();
  const std::vector<S> offered = {S::rsa_pkcs1_sha256, S::rsa_pss_rsae_sha384};
  auto s = choose_signature_scheme(ours, offered, crypto::KeyType::rsa, V::tls1_3);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->value, S::rsa_pss_rsae_sha384);
  auto none = choose_signature_scheme(ours, offered, crypto::KeyType::ec_p256, V::tls1_3);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::no_common_signature_scheme);
}

TEST(ChooseAlpn, NoOverlapIsNoApplicationProtocol) {
  const std::vector<std::string> ours = {"h2", "http/1.1"};
  const std::vector<std::string> offered = {"http/1.1", "h2"};
  auto a = choose_alpn(ours, offered);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value_or(""), "h2");
  const std::vector<std::string> other = {"spdy/3"};
  auto none = choose_alpn(ours, other);
  ASSERT_FALSE(none.ok());
  // RFC 7301 §3.2
  EXPECT_EQ(none.error().alert, AlertDescription::no_application_protocol);
  auto absent = choose_alpn(ours, {});
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
}

}  // namespace
}  // namespace tlspp::handshake
