// TLS 1.2 (RFC 5246) between a tlspp client and a tlspp server over memory: every suite, static
// RSA behind its option, the downgrade sentinel (RFC 8446 §4.1.3), the extended master secret
// (RFC 7627), renegotiation_info (RFC 5746), and a malformed RSA pre-master secret (RFC 5246
// §7.4.7.1) that must fail only at the Finished.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "crypto/provider.h"
#include "msgs/client_hello.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/handshake_header.h"
#include "msgs/server_hello.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

std::shared_ptr<ClientConfig> client12() {
  auto c = test::test_client_config();
  c->max_version = ProtocolVersion::tls1_2;
  return c;
}

std::shared_ptr<ServerConfig> server12(const std::string& identity) {
  auto s = test::test_server_config(identity);
  s->max_version = ProtocolVersion::tls1_2;
  return s;
}

void exchange(test::Pair& p) {
  ASSERT_TRUE(send(*p.client, "ping from client").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "ping from client");
  ASSERT_TRUE(send(*p.server, "pong from server").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "pong from server");
  ASSERT_TRUE(p.client->close().ok());
  ASSERT_TRUE(p.server->close().ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_TRUE(p.client->closed());
  EXPECT_TRUE(p.server->closed());
  EXPECT_FALSE(p.client->error().has_value());
  EXPECT_FALSE(p.server->error().has_value());
}

// ---- full handshakes ----------------------------------------------------------------------

using Combo = std::tuple<CipherSuite, NamedGroup>;

std::string identity_for(CipherSuite cs) {
  switch (cs) {
    case CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256:
    case CipherSuite::tls_ecdhe_rsa_with_aes_256_gcm_sha384:
    case CipherSuite::tls_ecdhe_rsa_with_chacha20_poly1305_sha256:
    case CipherSuite::tls_rsa_with_aes_128_gcm_sha256:
    case CipherSuite::tls_rsa_with_aes_256_gcm_sha384: return "rsa";
    default: return "ecdsa";
  }
}

class FullHandshake12 : public ::testing::TestWithParam<Combo> {};

// RFC 5246 §7.3 full handshake for every ECDHE suite (RFC 5289, 8422, 7905) and group.
TEST_P(FullHandshake12, CompletesAndCarriesData) {
  auto [suite, group] = GetParam();
  auto client = test::test_client_config();  // offers TLS 1.3 and 1.2
  client->cipher_suites = {suite};
  client->groups = {group};
  auto server = server12(identity_for(suite));
  // Without the sentinel check firing: the client offered only TLS 1.2 suites but TLS 1.3 in
  // supported_versions, so restrict it to 1.2 as well.
  client->max_version = ProtocolVersion::tls1_2;
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  for (Connection* c : {pair->client.get(), pair->server.get()}) {
    EXPECT_TRUE(c->handshake_done());
    EXPECT_EQ(c->info().version, ProtocolVersion::tls1_2);
    EXPECT_EQ(c->info().cipher_suite, suite);
    EXPECT_EQ(c->info().group, group);
    EXPECT_FALSE(c->info().resumed);
  }
  EXPECT_EQ(pair->server->info().server_name, "localhost");
  EXPECT_EQ(pair->client->info().peer_chain.size(), 2u);
  exchange(*pair);
}

INSTANTIATE_TEST_SUITE_P(
    EcdheSuitesAndGroups, FullHandshake12,
    ::testing::Combine(::testing::Values(CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256,
                                         CipherSuite::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384,
                                         CipherSuite::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256,
                                         CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256,
                                         CipherSuite::tls_ecdhe_rsa_with_aes_256_gcm_sha384,
                                         CipherSuite::tls_ecdhe_rsa_with_chacha20_poly1305_sha256),
                       ::testing::Values(NamedGroup::x25519, NamedGroup::secp256r1,
                                         NamedGroup::secp384r1)));

// The server picks the suite whose authentication fits its certificate (RFC 8422 §2).
TEST(Tls12, ServerPicksSuiteMatchingItsKey) {
  for (const std::string identity : {"ecdsa", "ecdsa384", "rsa", "ed25519"}) {
    auto pair = connect_pair(client12(), server12(identity));
    ASSERT_TRUE(pair.ok()) << identity << ": " << pair.error().to_string();
    const CipherSuite cs = pair->client->info().cipher_suite;
    const bool rsa_suite = cs == CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256 ||
                           cs == CipherSuite::tls_ecdhe_rsa_with_aes_256_gcm_sha384 ||
                           cs == CipherSuite::tls_ecdhe_rsa_with_chacha20_poly1305_sha256;
    EXPECT_EQ(rsa_suite, identity == "rsa") << identity;
    ASSERT_TRUE(pair->client->info().signature_scheme.has_value());
    exchange(*pair);
  }
}

// A client offering TLS 1.3 and 1.2 and a server supporting both: TLS 1.3 (RFC 8446 §4.2.1).
TEST(Tls12, BothOfferingBothChooseTls13) {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().version, ProtocolVersion::tls1_3);
}

// A TLS 1.2-only client and a server supporting both: TLS 1.2.
TEST(Tls12, Tls12OnlyClientGetsTls12FromDualServer) {
  auto pair = connect_pair(client12(), test::test_server_config());
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().version, ProtocolVersion::tls1_2);
  EXPECT_EQ(pair->server->info().version, ProtocolVersion::tls1_2);
  exchange(*pair);
}

// ---- static RSA (legacy option) -------------------------------------------------------------

class StaticRsa : public ::testing::TestWithParam<CipherSuite> {};

TEST_P(StaticRsa, CompletesWhenBothAllowIt) {
  auto client = client12();
  client->allow_legacy_rsa_key_exchange = true;
  client->cipher_suites = {GetParam()};
  auto server = server12("rsa");
  server->allow_legacy_rsa_key_exchange = true;
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().cipher_suite, GetParam());
  EXPECT_EQ(pair->server->info().cipher_suite, GetParam());
  EXPECT_FALSE(pair->client->info().group.has_value());
  exchange(*pair);
}

INSTANTIATE_TEST_SUITE_P(RsaSuites, StaticRsa,
                         ::testing::Values(CipherSuite::tls_rsa_with_aes_128_gcm_sha256,
                                           CipherSuite::tls_rsa_with_aes_256_gcm_sha384));

// Off by default on the server: a client offering only static RSA gets handshake_failure.
TEST(StaticRsaOption, ServerRefusesByDefault) {
  auto client = client12();
  client->allow_legacy_rsa_key_exchange = true;
  client->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(server12("rsa"));
  ASSERT_TRUE(c.ok() && s.ok());
  EXPECT_FALSE(pump(**c, **s).ok());
  (void)pump(**c, **s);
  ASSERT_TRUE((*s)->error().has_value());
  EXPECT_EQ((*s)->error()->code, ErrorCode::no_common_cipher_suite);
  ASSERT_TRUE((*c)->error().has_value());
  EXPECT_EQ((*c)->error()->code, ErrorCode::peer_alert);
  EXPECT_EQ((*c)->error()->alert, AlertDescription::handshake_failure);
}

// Off by default on the client: it does not offer the suites, even if listed.
TEST(StaticRsaOption, ClientDoesNotOfferByDefault) {
  auto client = client12();
  client->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
  auto conn = Connection::client(client, "localhost");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, ErrorCode::invalid_argument);
}

// ---- downgrade sentinel (RFC 8446 §4.1.3) ---------------------------------------------------

// A tlspp server negotiating TLS 1.2 ends its ServerHello.random with DOWNGRD\x01.
TEST(DowngradeSentinel, ServerSetsItWhenNegotiatingTls12) {
  auto client = Connection::client(client12(), "localhost");
  auto server = Connection::server(server12("ecdsa"));
  ASSERT_TRUE(client.ok() && server.ok());
  auto hello = (*client)->pending_output();
  ASSERT_TRUE((*server)->receive(hello).ok());
  auto out = (*server)->pending_output();
  // record header (5), handshake header (4), server_version (2), then the 32-byte random.
  ASSERT_GT(out.size(), 43u);
  EXPECT_EQ(out[5], static_cast<std::uint8_t>(HandshakeType::server_hello));
  EXPECT_TRUE(
      std::equal(out.begin() + 35, out.begin() + 43, msgs::kDowngradeSentinelTls12.begin()));
}

// A client that offered TLS 1.3 and receives a TLS 1.2 ServerHello with the sentinel aborts with
// illegal_parameter.
TEST(DowngradeSentinel, ClientOfferingTls13RefusesDowngrade) {
  auto pair = connect_pair(test::test_client_config(), server12("ecdsa"));
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().code, ErrorCode::downgrade_detected);
  EXPECT_EQ(pair.error().alert, AlertDescription::illegal_parameter);
}

// RFC 8996: a client offering only TLS 1.1 / 1.0 is refused with protocol_version.
TEST(Tls12, OldVersionsRefused) {
  msgs::ClientHello ch;
  ch.legacy_version = static_cast<ProtocolVersion>(0x0302);
  ch.cipher_suites = {CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256};
  ch.legacy_compression_methods = {0};
  auto encoded = msgs::encode_handshake(ch);
  ASSERT_TRUE(encoded.ok());
  std::vector<std::uint8_t> record = {22, 3, 1, static_cast<std::uint8_t>(encoded->size() >> 8),
                                      static_cast<std::uint8_t>(encoded->size())};
  record.insert(record.end(), encoded->begin(), encoded->end());
  auto server = Connection::server(test::test_server_config());
  ASSERT_TRUE(server.ok());
  auto r = (*server)->receive(record);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_version);
  EXPECT_EQ(r.error().alert, AlertDescription::protocol_version);
}

// ---- crafted ClientHellos: EMS and renegotiation_info ---------------------------------------

struct HelloOptions {
  bool ems;
  bool renegotiation_info;
  std::vector<std::uint8_t> renegotiated_connection;
};
constexpr bool kWithEms = true, kWithoutEms = false;

std::vector<std::uint8_t> client_hello_record(const HelloOptions& o) {
  msgs::ClientHello ch;
  ch.legacy_version = ProtocolVersion::tls1_2;
  ch.random.fill(7);
  ch.cipher_suites = {CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256};
  ch.legacy_compression_methods = {0};
  auto& ext = ch.extensions.emplace();
  auto add = [&](ExtensionType t, const auto& body) {
    ext.entries.push_back(msgs::make_extension(t, body).value());
  };
  add(ExtensionType::supported_groups, msgs::SupportedGroups{{NamedGroup::x25519}});
  add(ExtensionType::signature_algorithms,
      msgs::SignatureSchemeList{{SignatureScheme::ecdsa_secp256r1_sha256}});
  if (o.ems) add(ExtensionType::extended_master_secret, msgs::EmptyExtension{});
  if (o.renegotiation_info) {
    add(ExtensionType::renegotiation_info, msgs::RenegotiationInfo{o.renegotiated_connection});
  }
  auto encoded = msgs::encode_handshake(ch).value();
  std::vector<std::uint8_t> record = {22, 3, 1, static_cast<std::uint8_t>(encoded.size() >> 8),
                                      static_cast<std::uint8_t>(encoded.size())};
  record.insert(record.end(), encoded.begin(), encoded.end());
  return record;
}

// RFC 7627 §5.3: a server requiring EMS refuses a client without it (handshake_failure).
TEST(ExtendedMasterSecret, ServerRefusesClientWithout) {
  auto server = Connection::server(test::test_server_config());
  ASSERT_TRUE(server.ok());
  auto r = (*server)->receive(client_hello_record({kWithoutEms, true, {}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::missing_extended_master_secret);
  EXPECT_EQ(r.error().alert, AlertDescription::handshake_failure);
}

// With require_extended_master_secret = false the same ClientHello is answered.
TEST(ExtendedMasterSecret, ServerMayBeConfiguredToAcceptClientWithout) {
  auto config = test::test_server_config();
  config->require_extended_master_secret = false;
  auto server = Connection::server(config);
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE((*server)->receive(client_hello_record({kWithoutEms, true, {}})).ok());
  EXPECT_FALSE((*server)->pending_output().empty());
}

// RFC 7627 §5.3: a client refuses a server that does not echo EMS.
TEST(ExtendedMasterSecret, ClientRefusesServerWithout) {
  auto client = Connection::client(client12(), "localhost");
  ASSERT_TRUE(client.ok());
  msgs::ServerHello sh;
  sh.random.fill(9);
  sh.cipher_suite = CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256;
  sh.extensions.emplace().entries.push_back(
      msgs::make_extension(ExtensionType::renegotiation_info, msgs::RenegotiationInfo{}).value());
  auto encoded = msgs::encode_handshake(sh).value();
  std::vector<std::uint8_t> record = {22, 3, 3, static_cast<std::uint8_t>(encoded.size() >> 8),
                                      static_cast<std::uint8_t>(encoded.size())};
  record.insert(record.end(), encoded.begin(), encoded.end());
  auto r = (*client)->receive(record);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::missing_extended_master_secret);
  EXPECT_EQ(r.error().alert, AlertDescription::handshake_failure);
}

// RFC 5746 §3.6: a non-empty renegotiation_info in an initial ClientHello -> handshake_failure.
TEST(RenegotiationInfo, NonEmptyInInitialHelloRefused) {
  auto server = Connection::server(test::test_server_config());
  ASSERT_TRUE(server.ok());
  auto r = (*server)->receive(client_hello_record({kWithEms, true, {1, 2, 3}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_renegotiation_info);
  EXPECT_EQ(r.error().alert, AlertDescription::handshake_failure);
}

}  // namespace
}  // namespace tlspp

namespace tlspp {
namespace {

// draft-ietf-tls-keylogfile §3: TLS 1.2 logs "CLIENT_RANDOM <client random> <master secret>", the
// same line on both sides.
TEST(Tls12KeyLog, BothSidesLogTheMasterSecretUnderClientRandom) {
  std::vector<std::string> client_lines, server_lines;
  auto client = client12();
  client->key_log = [&](std::string_view l) { client_lines.emplace_back(l); };
  auto server = server12("ecdsa");
  server->key_log = [&](std::string_view l) { server_lines.emplace_back(l); };
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  ASSERT_EQ(client_lines.size(), 1u);
  EXPECT_EQ(client_lines, server_lines);
  const std::string& line = client_lines[0];
  EXPECT_EQ(line.rfind("CLIENT_RANDOM ", 0), 0u);
  EXPECT_EQ(line.size(), std::string("CLIENT_RANDOM ").size() + 64 + 1 + 96);
}

}  // namespace
}  // namespace tlspp
