// What an established connection keeps (Machine::finish hands the handshake machine over to a
// small connected one): no transcript hash and no peer key once the handshake is done, the same
// SessionInfo, and every post-handshake behaviour — tickets stored and resumed with, KeyUpdate both
// ways, close_notify — after the handover.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "support/counting_provider.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"
#include "tlspp/session.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::CountingProvider;
using test::pump;
using test::read_all;

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

// Data both ways after `label`; asserts it arrives.
void exchange_data(test::Pair& p, const std::string& label) {
  ASSERT_TRUE(send(*p.client, "client " + label).ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "client " + label);
  ASSERT_TRUE(send(*p.server, "server " + label).ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "server " + label);
}

struct Counted {
  std::shared_ptr<CountingProvider> client_provider =
      std::make_shared<CountingProvider>(test::test_provider());
  std::shared_ptr<CountingProvider> server_provider =
      std::make_shared<CountingProvider>(test::test_provider());
  std::shared_ptr<ClientConfig> client = test::test_client_config();
  std::shared_ptr<ServerConfig> server = test::test_server_config();

  explicit Counted(ProtocolVersion version) {
    client->provider = client_provider;
    server->provider = server_provider;
    client->max_version = version;
    server->max_version = version;
  }
  // Mutual TLS: the client presents the test ECDSA certificate, the server requires one.
  void require_client_certificate() {
    client->client_certificate = test::test_identity("ecdsa");
    server->client_auth = ClientAuth::required;
    server->client_trust_store = test::test_trust_store();
  }
};

class ConnectedState : public ::testing::TestWithParam<ProtocolVersion> {};

// The transcript hash is needed only until the Finished messages (tlspp does not offer
// post-handshake client authentication): no hash context is left on either side.
TEST_P(ConnectedState, NoTranscriptHashIsKeptAfterTheHandshake) {
  Counted f(GetParam());
  auto pair = connect_pair(f.client, f.server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().version, GetParam());
  EXPECT_EQ(f.client_provider->live_hash_contexts(), 0);
  EXPECT_EQ(f.server_provider->live_hash_contexts(), 0);
  exchange_data(*pair, "after the handshake");
  EXPECT_EQ(f.client_provider->live_hash_contexts(), 0);
}

// Every signature under the peer's leaf key is checked before the connection is established: the
// client keeps no server key and the server no client key (the proofs stay). Keys the trust
// stores cache for their anchors live on after the connections, so the count is compared with
// the one after the connections are gone.
TEST_P(ConnectedState, NoPeerKeyIsKeptAfterTheHandshake) {
  Counted f(GetParam());
  f.require_client_certificate();
  auto pair = connect_pair(f.client, f.server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  ASSERT_TRUE(pair->server->info().client_signature_scheme.has_value());
  const long client_keys = f.client_provider->live_public_keys();
  const long server_keys = f.server_provider->live_public_keys();
  pair->client.reset();
  pair->server.reset();
  EXPECT_EQ(client_keys, f.client_provider->live_public_keys());
  EXPECT_EQ(server_keys, f.server_provider->live_public_keys());
}

// SessionInfo after the handover: the same values as negotiated, on both sides, and still there
// once close_notify both ways has wiped the keys and destroyed the machine.
TEST_P(ConnectedState, SessionInfoIsCompleteAndOutlivesTheKeys) {
  Counted f(GetParam());
  f.require_client_certificate();
  f.client->alpn = {"h2", "http/1.1"};
  f.server->alpn = {"http/1.1"};
  auto pair = connect_pair(f.client, f.server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  const SessionInfo& c = pair->client->info();
  const SessionInfo& s = pair->server->info();
  for (const SessionInfo* info : {&c, &s}) {
    EXPECT_EQ(info->version, GetParam());
    EXPECT_EQ(info->group, NamedGroup::x25519);
    EXPECT_EQ(info->signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
    EXPECT_EQ(info->client_signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
    EXPECT_EQ(info->alpn, "http/1.1");
    EXPECT_FALSE(info->resumed);
  }
  EXPECT_EQ(c.cipher_suite, s.cipher_suite);
  EXPECT_EQ(s.server_name, "localhost");
  EXPECT_EQ(c.peer_chain, test::test_identity("ecdsa")->chain);
  EXPECT_EQ(s.peer_chain, test::test_identity("ecdsa")->chain);

  const SessionInfo before_close = c;
  ASSERT_TRUE(pair->client->close().ok());
  ASSERT_TRUE(pair->server->close().ok());
  ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
  ASSERT_TRUE(pair->client->closed());
  ASSERT_TRUE(pair->server->closed());
  EXPECT_EQ(&c, &pair->client->info());
  EXPECT_EQ(c.peer_chain, before_close.peer_chain);
  EXPECT_EQ(c.alpn, before_close.alpn);
  EXPECT_EQ(c.cipher_suite, before_close.cipher_suite);
  EXPECT_EQ(s.peer_chain, test::test_identity("ecdsa")->chain);
}

// KeyUpdate is refused on a TLS 1.2 connection and after close(), without ending the connection.
TEST_P(ConnectedState, KeyUpdateRefusedWhereItDoesNotApply) {
  Counted f(GetParam());
  auto pair = connect_pair(f.client, f.server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  if (GetParam() == ProtocolVersion::tls1_2) {
    const Status st = pair->client->key_update(true);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::invalid_argument);
    EXPECT_FALSE(pair->client->error().has_value());
    EXPECT_TRUE(pair->client->pending_output().empty());  // no alert
    exchange_data(*pair, "after the refused KeyUpdate");
  } else {
    ASSERT_TRUE(pair->client->key_update(true).ok());
    exchange_data(*pair, "after a KeyUpdate");
  }
  ASSERT_TRUE(pair->server->close().ok());
  const Status st = pair->server->key_update(false);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::closed);
  ASSERT_TRUE(pair->client->close().ok());
  ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
  EXPECT_TRUE(pair->client->closed());
  const Status after_both = pair->client->key_update(false);
  ASSERT_FALSE(after_both.ok());
  EXPECT_EQ(after_both.error().code, ErrorCode::closed);
}

INSTANTIATE_TEST_SUITE_P(Versions, ConnectedState,
                         ::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::tls1_3 ? "Tls13" : "Tls12";
                         });

// RFC 8446 §4.6.1: the server's tickets arrive after the client's Finished, so the connected
// machine is the one that stores them; a session resumed from one then updates its keys both ways.
TEST(ConnectedTls13, TicketsArrivingAfterTheHandshakeAreStoredAndResumeWithKeyUpdates) {
  Counted f(ProtocolVersion::tls1_3);
  f.server->tickets_per_handshake = 1;
  auto c = Connection::client(f.client, "localhost");
  auto s = Connection::server(f.server);
  ASSERT_TRUE(c.ok() && s.ok());
  // The ClientHello, then the server's flight: the client is done before any ticket is sent.
  ASSERT_TRUE((*s)->receive((*c)->pending_output()).ok());
  (*c)->consume_output((*c)->pending_output().size());
  ASSERT_TRUE((*c)->receive((*s)->pending_output()).ok());
  (*s)->consume_output((*s)->pending_output().size());
  ASSERT_TRUE((*c)->handshake_done());
  EXPECT_EQ(f.client->session_store->size(), 0u);
  EXPECT_EQ(f.client_provider->live_hash_contexts(), 0);
  ASSERT_TRUE(pump(**c, **s).ok());
  ASSERT_TRUE((*s)->handshake_done());
  EXPECT_EQ(f.client->session_store->size(), 1u);
  auto session = f.client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->version(), ProtocolVersion::tls1_3);
  EXPECT_EQ(session->cipher_suite(), (*c)->info().cipher_suite);

  auto resumed = connect_pair(f.client, f.server);
  ASSERT_TRUE(resumed.ok()) << resumed.error().to_string();
  EXPECT_TRUE(resumed->client->info().resumed);
  EXPECT_TRUE(resumed->server->info().resumed);
  EXPECT_EQ(resumed->client->info().peer_chain, test::test_identity("ecdsa")->chain);
  EXPECT_EQ(f.client->session_store->size(), 1u);  // the used ticket went; the new one came
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(resumed->client->key_update(/*request_peer_update=*/true).ok());
    exchange_data(*resumed, "after client update " + std::to_string(i));
    ASSERT_TRUE(resumed->server->key_update(false).ok());
    exchange_data(*resumed, "after server update " + std::to_string(i));
  }
}

}  // namespace
}  // namespace tlspp
