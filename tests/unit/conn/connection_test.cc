// Client and server Connections over memory: every suite, group and certificate type, HRR,
// fragmentation, KeyUpdate, close_notify, and the failures a client must report (RFC 8446).
#include "tlspp/connection.h"

#include <gtest/gtest.h>

#include <tuple>

#include "support/tls_pair.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

// Data both ways, then close_notify both ways.
void exchange_and_close(test::Pair& p) {
  ASSERT_TRUE(send(*p.client, "ping from client").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "ping from client");
  ASSERT_TRUE(send(*p.server, "pong from server").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "pong from server");
  ASSERT_TRUE(p.client->close().ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_TRUE(p.server->peer_closed());
  EXPECT_FALSE(p.client->closed());  // half-closed: the server may still send
  ASSERT_TRUE(send(*p.server, "last words").ok());
  ASSERT_TRUE(p.server->close().ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "last words");
  EXPECT_TRUE(p.client->closed());
  EXPECT_TRUE(p.server->closed());
  EXPECT_FALSE(p.client->error().has_value());
}

using Combo = std::tuple<CipherSuite, NamedGroup, std::string>;

class FullHandshake : public ::testing::TestWithParam<Combo> {};

TEST_P(FullHandshake, CompletesAndCarriesData) {
  auto [suite, group, identity] = GetParam();
  auto client = test::test_client_config();
  client->cipher_suites = {suite};
  client->groups = {group};
  auto server = test::test_server_config(identity);
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  for (Connection* c : {pair->client.get(), pair->server.get()}) {
    EXPECT_TRUE(c->handshake_done());
    EXPECT_EQ(c->info().version, ProtocolVersion::tls1_3);
    EXPECT_EQ(c->info().cipher_suite, suite);
    EXPECT_EQ(c->info().group, group);
  }
  EXPECT_EQ(pair->server->info().server_name, "localhost");
  EXPECT_EQ(pair->client->info().peer_chain.size(), 2u);
  exchange_and_close(*pair);
}

INSTANTIATE_TEST_SUITE_P(
    SuitesGroupsCertificates, FullHandshake,
    ::testing::Combine(
        ::testing::Values(CipherSuite::tls_aes_128_gcm_sha256, CipherSuite::tls_aes_256_gcm_sha384,
                          CipherSuite::tls_chacha20_poly1305_sha256),
        ::testing::Values(NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1),
        ::testing::Values("ecdsa", "ecdsa384", "rsa", "ed25519")));

// RFC 8446 §4.1.4: no acceptable share -> HelloRetryRequest, then the handshake completes.
TEST(HelloRetryRequest, ServerAsksForAnotherGroup) {
  auto client = test::test_client_config();
  client->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  client->key_shares = 1;  // only x25519
  auto server = test::test_server_config();
  server->groups = {NamedGroup::secp256r1};
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().group, NamedGroup::secp256r1);
  exchange_and_close(*pair);
}

TEST(HelloRetryRequest, WorksWithoutCompatibilityMode) {
  auto client = test::test_client_config();
  client->groups = {NamedGroup::x25519, NamedGroup::secp384r1};
  client->middlebox_compatibility = false;
  auto server = test::test_server_config();
  server->groups = {NamedGroup::secp384r1};
  server->hello_retry_cookie = false;
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->server->info().group, NamedGroup::secp384r1);
}

TEST(Records, OneByteAtATime) {
  auto pair =
      connect_pair(test::test_client_config(), test::test_server_config("rsa"), "localhost", 1);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  ASSERT_TRUE(send(*pair->client, "fragmented").ok());
  ASSERT_TRUE(pump(*pair->client, *pair->server, 1).ok());
  EXPECT_EQ(read_all(*pair->server), "fragmented");
}

TEST(Records, LargeWritesSpanManyRecords) {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  ASSERT_TRUE(pair.ok());
  std::string big(100000, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  ASSERT_TRUE(send(*pair->client, big).ok());
  std::string got;
  // The server reads as it goes (receive() stops at 64 KiB of unread plaintext).
  while (got.size() < big.size()) {
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    std::string part = read_all(*pair->server);
    ASSERT_FALSE(part.empty());
    got += part;
  }
  EXPECT_EQ(got, big);
}

// RFC 8446 §4.6.3
TEST(KeyUpdate, BothDirectionsMidStream) {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  ASSERT_TRUE(pair.ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(pair->client->key_update(/*request_peer_update=*/true).ok());
    ASSERT_TRUE(send(*pair->client, "after client update").ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    EXPECT_EQ(read_all(*pair->server), "after client update");
    ASSERT_TRUE(send(*pair->server, "server answers").ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    EXPECT_EQ(read_all(*pair->client), "server answers");
    ASSERT_TRUE(pair->server->key_update(false).ok());
    ASSERT_TRUE(send(*pair->server, "after server update").ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    EXPECT_EQ(read_all(*pair->client), "after server update");
  }
  exchange_and_close(*pair);
}

TEST(Verification, WrongHostIsBadCertificate) {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config(), "other.test");
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().code, ErrorCode::cert_name_mismatch);
  EXPECT_EQ(pair.error().alert, AlertDescription::bad_certificate);
}

TEST(Verification, UnknownCaIsUnknownCa) {
  auto client = test::test_client_config();
  client->trust_store = std::make_shared<x509::TrustStore>();  // trusts nothing
  auto pair = connect_pair(client, test::test_server_config());
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().alert, AlertDescription::unknown_ca);
}

TEST(Verification, ServerSeesTheClientsAlert) {
  auto client = test::test_client_config();
  client->trust_store = std::make_shared<x509::TrustStore>();
  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(test::test_server_config());
  ASSERT_TRUE(c.ok() && s.ok());
  (void)pump(**c, **s);
  (void)pump(**c, **s);
  ASSERT_TRUE((*s)->error().has_value());
  EXPECT_EQ((*s)->error()->code, ErrorCode::peer_alert);
  EXPECT_EQ((*s)->error()->alert, AlertDescription::unknown_ca);
}

TEST(Verification, DangerousOptionSkipsTheCheck) {
  auto client = test::test_client_config();
  client->trust_store = std::make_shared<x509::TrustStore>();
  client->dangerous_disable_certificate_verification = true;
  auto pair = connect_pair(client, test::test_server_config(), "anything.example");
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
}

TEST(Negotiation, NoCommonSuiteIsHandshakeFailure) {
  auto client = test::test_client_config();
  client->cipher_suites = {CipherSuite::tls_aes_128_gcm_sha256};
  auto server = test::test_server_config();
  server->cipher_suites = {CipherSuite::tls_chacha20_poly1305_sha256};
  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  auto status = pump(**c, **s);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().alert, AlertDescription::handshake_failure);
  (void)pump(**c, **s);
  ASSERT_TRUE((*c)->error().has_value());
  EXPECT_EQ((*c)->error()->alert, AlertDescription::handshake_failure);
}

TEST(Negotiation, AlpnAgreed) {
  auto client = test::test_client_config();
  client->alpn = {"h2", "http/1.1"};
  auto server = test::test_server_config();
  server->alpn = {"http/1.1"};
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().alpn, "http/1.1");
  EXPECT_EQ(pair->server->info().alpn, "http/1.1");
}

TEST(Negotiation, AlpnWithoutOverlapIsNoApplicationProtocol) {
  auto client = test::test_client_config();
  client->alpn = {"h2"};
  auto server = test::test_server_config();
  server->alpn = {"http/1.1"};
  auto pair = connect_pair(client, server);
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().alert, AlertDescription::no_application_protocol);
}

TEST(Records, TamperedRecordIsBadRecordMac) {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  ASSERT_TRUE(pair.ok());
  ASSERT_TRUE(send(*pair->client, "secret").ok());
  auto out = pair->client->pending_output();
  std::vector<std::uint8_t> record(out.begin(), out.end());
  pair->client->consume_output(record.size());
  record.back() ^= 1;
  auto r = pair->server->receive(record);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::bad_record_mac);
  // The server queued a fatal bad_record_mac alert.
  auto alert = pair->server->pending_output();
  ASSERT_GE(alert.size(), 5u);
  EXPECT_EQ(alert[0], static_cast<std::uint8_t>(ContentType::application_data));
}

// RFC 8449 §4: a client whose ClientHello carried record_size_limit (tlspp adds it only through
// the edit_extensions hook) keeps the plaintext of its protected records, content type included,
// within the limit the server answers with.
TEST(RecordSizeLimit, ClientHonoursTheServersLimit) {
  auto client = test::test_client_config();
  client->edit_extensions = [](HandshakeType m, RawExtensions& e) {
    if (m == HandshakeType::client_hello) e.emplace_back(28, std::vector<std::uint8_t>{0x40, 1});
  };
  auto server = test::test_server_config();
  server->edit_extensions = [](HandshakeType m, RawExtensions& e) {
    if (m == HandshakeType::encrypted_extensions) {
      e.emplace_back(28, std::vector<std::uint8_t>{0, 100});
    }
  };
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  const std::string data(1000, 'x');
  ASSERT_TRUE(send(*pair->client, data).ok());
  auto out = pair->client->pending_output();
  std::size_t records = 0;
  for (std::size_t at = 0; at + 5 <= out.size(); ++records) {
    const std::size_t length = static_cast<std::size_t>(out[at + 3] << 8 | out[at + 4]);
    EXPECT_LE(length, 100u + 16u);  // inner plaintext (<= 100) + AEAD tag
    at += 5 + length;
  }
  EXPECT_EQ(records, 11u);  // 99 bytes of data per record
  ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
  EXPECT_EQ(read_all(*pair->server), data);
}

TEST(Close, WriteAfterCloseFails) {
  auto pair = connect_pair(test::test_client_config(), test::test_server_config());
  ASSERT_TRUE(pair.ok());
  ASSERT_TRUE(pair->client->close().ok());
  auto s = send(*pair->client, "too late");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::closed);
}

TEST(Close, DataWrittenBeforeTheHandshakeIsSentAfterIt) {
  auto c = Connection::client(test::test_client_config(), "localhost");
  auto s = Connection::server(test::test_server_config());
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE(send(**c, "early bird").ok());
  ASSERT_TRUE(pump(**c, **s).ok());
  EXPECT_EQ(read_all(**s), "early bird");
}

}  // namespace
}  // namespace tlspp
