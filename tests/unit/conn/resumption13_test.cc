// TLS 1.3 resumption between tlspp endpoints: NewSessionTickets, PSK resumption with psk_dhe_ke
// and psk_ke, 0-RTT accepted / rejected / replayed, expired tickets, rotated-out ticket keys, a
// bad binder, and ALPN for early data (RFC 8446 §2.2, §2.3, §4.2.9-11, §4.6.1, §8).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;

// The tests start at the real time (the test certificates are valid now) and move by hand.
const std::int64_t kStart = system_clock()();

// A clock the test moves by hand.
struct TestClock {
  std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(kStart);
  Clock clock() const {
    return [n = now] { return *n; };
  }
  void advance_ms(std::int64_t ms) const { *now += ms; }
};

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

struct Fixture {
  TestClock client_clock;
  TestClock server_clock;
  std::shared_ptr<ClientConfig> client = test::test_client_config();
  std::shared_ptr<ServerConfig> server = test::test_server_config();

  Fixture() {
    client->min_version = ProtocolVersion::tls1_3;
    client->clock = client_clock.clock();
    server->clock = server_clock.clock();
  }
};

// A full handshake that leaves tickets in the client's store; the client then closes.
void first_connection(Fixture& f) {
  auto pair = connect_pair(f.client, f.server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_FALSE(pair->client->info().resumed);
  EXPECT_FALSE(pair->server->info().resumed);
}

// A client connection with `params` (server_name "localhost" added), pumped with a new server.
struct Resumed {
  std::unique_ptr<Connection> client;
  std::unique_ptr<Connection> server;
  Status status;
};
Resumed connect_with(Fixture& f, ClientParams params,
                     std::shared_ptr<const ServerConfig> server_config = nullptr) {
  Resumed r;
  params.server_name = "localhost";
  auto c = Connection::client(f.client, std::move(params));
  auto s = Connection::server(server_config ? server_config : f.server);
  if (!c.ok()) return {nullptr, nullptr, c.error()};
  if (!s.ok()) return {nullptr, nullptr, s.error()};
  r.client = std::move(c).value();
  r.server = std::move(s).value();
  r.status = pump(*r.client, *r.server);
  return r;
}

TEST(Tickets, ServerSendsTwoAndTheClientStoresThem) {
  Fixture f;
  first_connection(f);
  EXPECT_EQ(f.client->session_store->size(), 2u);
  auto session = f.client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->version(), ProtocolVersion::tls1_3);
  EXPECT_EQ(session->server_name(), "localhost");
  EXPECT_EQ(session->created_ms(), kStart);
  EXPECT_EQ(session->expires_ms(), kStart + 2 * 3600 * 1000);  // the default 2 h lifetime
  EXPECT_EQ(session->max_early_data(), 0u);                    // the server refuses early data
}

TEST(Tickets, LifetimeIsCappedAtSevenDays) {
  Fixture f;
  f.server->ticket_lifetime = std::chrono::hours(24 * 30);
  first_connection(f);
  auto session = f.client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->expires_ms(), kStart + 7LL * 24 * 3600 * 1000);
}

TEST(Tickets, NoneWhenTicketsPerHandshakeIsZero) {
  Fixture f;
  f.server->tickets_per_handshake = 0;
  first_connection(f);
  EXPECT_EQ(f.client->session_store->size(), 0u);
}

TEST(Resumption, PskDheKeResumesWithoutCertificate) {
  Fixture f;
  first_connection(f);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_TRUE(r.client->info().group.has_value());              // psk_dhe_ke: a fresh key exchange
  EXPECT_FALSE(r.client->info().signature_scheme.has_value());  // no CertificateVerify
  EXPECT_FALSE(r.client->info().peer_chain.empty());            // from the session
  EXPECT_EQ(r.client->info().peer_chain, test::test_identity("ecdsa")->chain);
  // The ticket was used once; the second one is left, and the resumed connection issued one more
  // (tickets_per_resumption).
  EXPECT_EQ(f.client->session_store->size(), 2u);
  ASSERT_TRUE(r.client->write(bytes("ping")).ok());
  ASSERT_TRUE(pump(*r.client, *r.server).ok());
  EXPECT_EQ(read_all(*r.server), "ping");
}

TEST(Resumption, StatefulTicketsFromTheSessionCache) {
  Fixture f;
  f.server->ticket_keys = nullptr;  // tickets are IDs into session_cache
  first_connection(f);
  EXPECT_EQ(f.server->session_cache->size(), 2u);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_EQ(f.server->session_cache->size(), 2u);  // one taken (single use), one new
}

// Our client offers psk_dhe_ke (and psk_ke when allowed); this editor makes it offer psk_ke only,
// as a client that wants no key exchange would.
ExtensionEditor offer_psk_ke_only() {
  return [](HandshakeType m, RawExtensions& extensions) {
    if (m != HandshakeType::client_hello) return;
    for (auto& e : extensions) {
      if (e.first == static_cast<std::uint16_t>(ExtensionType::psk_key_exchange_modes)) {
        e.second = {1, 0};  // ke_modes<1..255> = { psk_ke }
      }
    }
  };
}

TEST(Resumption, PskKeWhenBothAllowIt) {
  Fixture f;
  f.client->allow_psk_ke = true;
  f.server->allow_psk_ke = true;
  first_connection(f);
  f.client->edit_extensions = offer_psk_ke_only();
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_FALSE(r.client->info().group.has_value());  // no (EC)DHE
  EXPECT_FALSE(r.server->info().group.has_value());
}

TEST(Resumption, PskDheKePreferredWhenBothModesOffered) {
  Fixture f;
  f.client->allow_psk_ke = true;
  f.server->allow_psk_ke = true;
  first_connection(f);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_TRUE(r.server->info().group.has_value());
}

TEST(Resumption, PskKeWhenTheServerPrefersIt) {
  Fixture f;
  f.client->allow_psk_ke = true;  // offers psk_dhe_ke (with a key share) and psk_ke
  f.server->allow_psk_ke = true;
  f.server->prefer_psk_ke = true;
  first_connection(f);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_FALSE(r.client->info().group.has_value());  // the key share was ignored
  EXPECT_FALSE(r.server->info().group.has_value());
}

TEST(Resumption, PreferredPskKeNeedsNoHelloRetryRequest) {
  Fixture f;
  f.client->allow_psk_ke = true;
  f.server->allow_psk_ke = true;
  f.server->prefer_psk_ke = true;
  first_connection(f);
  f.server->groups = {NamedGroup::secp256r1};  // the client's one share (x25519) would need HRR
  auto client_hellos = std::make_shared<int>(0);
  f.client->edit_extensions = [client_hellos](HandshakeType m, RawExtensions&) {
    if (m == HandshakeType::client_hello) ++*client_hellos;
  };
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_FALSE(r.server->info().group.has_value());
  EXPECT_EQ(*client_hellos, 1);  // resumed on the first ClientHello: no HelloRetryRequest
}

TEST(Resumption, PreferPskKeWithoutAllowIsPskDheKe) {
  Fixture f;
  f.client->allow_psk_ke = true;
  f.server->prefer_psk_ke = true;  // allow_psk_ke stays off: psk_ke is never picked
  first_connection(f);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_TRUE(r.server->info().group.has_value());
}

TEST(Resumption, PskKeRefusedByDefaultGivesFullHandshake) {
  Fixture f;
  f.client->allow_psk_ke = true;
  first_connection(f);
  f.client->edit_extensions = offer_psk_ke_only();
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_FALSE(r.client->info().resumed);
  EXPECT_FALSE(r.server->info().resumed);
}

TEST(Resumption, AfterHelloRetryRequest) {
  Fixture f;
  first_connection(f);
  f.server->groups = {NamedGroup::secp256r1};  // the client's one share is x25519
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_EQ(r.client->info().group, NamedGroup::secp256r1);
}

TEST(Resumption, ExpiredTicketGivesFullHandshake) {
  Fixture f;
  f.server->ticket_lifetime = std::chrono::seconds(60);
  first_connection(f);
  // The client's clock still says the ticket is fresh; the server's says it expired.
  f.server_clock.advance_ms(61 * 1000);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_FALSE(r.client->info().resumed);
  EXPECT_FALSE(r.server->info().resumed);
}

TEST(Resumption, ClientDoesNotOfferAnExpiredTicket) {
  Fixture f;
  f.server->ticket_lifetime = std::chrono::seconds(60);
  first_connection(f);
  f.client_clock.advance_ms(61 * 1000);
  auto r = connect_with(f, {});
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_FALSE(r.client->info().resumed);
  EXPECT_EQ(f.client->session_store->size(), 2u);  // the new connection's tickets only
}

TEST(Resumption, TicketFromARotatedOutKeyGivesFullHandshake) {
  Fixture f;
  TicketKeys::Options options;
  options.rotation = std::chrono::hours(1);
  options.grace = std::chrono::minutes(30);
  f.server->ticket_keys = TicketKeys::create(test::test_provider(), options);
  first_connection(f);
  auto old_ticket = f.client->session_store->peek("localhost");  // sealed with the first key
  ASSERT_NE(old_ticket, nullptr);
  ASSERT_TRUE(f.server->ticket_keys->rotate(kStart).ok());
  // Within the grace period the retired key still opens its tickets ...
  f.server_clock.advance_ms(29 * 60 * 1000);
  auto within = connect_with(f, {});
  ASSERT_TRUE(within.status.ok()) << within.status.error().to_string();
  EXPECT_TRUE(within.server->info().resumed);
  // ... after it, not (the ticket itself is valid for 2 h).
  f.server_clock.advance_ms(2 * 60 * 1000);
  ClientParams params;
  params.resume = old_ticket;
  auto after = connect_with(f, params);
  ASSERT_TRUE(after.status.ok()) << after.status.error().to_string();
  EXPECT_FALSE(after.server->info().resumed);
}

TEST(Resumption, BadBinderIsDecryptError) {
  Fixture f;
  f.client->middlebox_compatibility = false;  // the first record is the ClientHello alone
  first_connection(f);
  auto c = Connection::client(f.client, "localhost");
  ASSERT_TRUE(c.ok());
  auto s = Connection::server(f.server);
  ASSERT_TRUE(s.ok());
  auto out = (*c)->pending_output();
  std::vector<std::uint8_t> hello(out.begin(), out.end());
  hello.back() ^= 1;  // the binder is the ClientHello's last byte (pre_shared_key comes last)
  auto n = (*s)->receive(hello);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::bad_binder);
  EXPECT_EQ(n.error().alert, AlertDescription::decrypt_error);
}

// ---- 0-RTT ----

struct EarlyFixture : Fixture {
  EarlyFixture() {
    server->max_early_data = 16384;
    client->alpn = {"h2", "http/1.1"};
    server->alpn = {"h2", "http/1.1"};
  }
};

ClientParams with_early_data(const std::string& data) {
  ClientParams p;
  p.early_data = bytes(data);
  return p;
}

TEST(EarlyData, AcceptedAndDeliveredAsEarlyData) {
  EarlyFixture f;
  first_connection(f);
  auto session = f.client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->max_early_data(), 16384u);
  f.client_clock.advance_ms(1500);
  f.server_clock.advance_ms(1500);
  auto r = connect_with(f, with_early_data("GET / 0-RTT"));
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_TRUE(r.client->info().early_data_accepted);
  EXPECT_TRUE(r.server->info().early_data_accepted);
  EXPECT_EQ(r.server->early_data_received(), 11u);
  EXPECT_EQ(read_all(*r.server), "GET / 0-RTT");
  // 1-RTT data follows as usual.
  ASSERT_TRUE(r.client->write(bytes("after")).ok());
  ASSERT_TRUE(r.server->write(bytes("reply")).ok());
  ASSERT_TRUE(pump(*r.client, *r.server).ok());
  EXPECT_EQ(read_all(*r.server), "after");
  EXPECT_EQ(read_all(*r.client), "reply");
  EXPECT_EQ(r.server->early_data_received(), 11u);
}

TEST(EarlyData, AcceptedWithoutCompatibilityMode) {
  EarlyFixture f;
  f.client->middlebox_compatibility = false;
  first_connection(f);
  auto r = connect_with(f, with_early_data("x"));
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().early_data_accepted);
  EXPECT_EQ(read_all(*r.server), "x");
}

TEST(EarlyData, RejectedByTheServerIsSkippedAndCanBeResent) {
  EarlyFixture f;
  first_connection(f);
  auto refusing = std::make_shared<ServerConfig>(*f.server);  // same ticket keys
  refusing->max_early_data = 0;
  auto r = connect_with(f, with_early_data("GET / 0-RTT"), refusing);
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_FALSE(r.client->info().early_data_accepted);
  EXPECT_FALSE(r.server->info().early_data_accepted);
  EXPECT_EQ(r.server->early_data_received(), 0u);
  EXPECT_EQ(r.server->readable(), 0u);
  // The application resends it as 1-RTT data.
  ASSERT_TRUE(r.client->write(bytes("GET / 0-RTT")).ok());
  ASSERT_TRUE(pump(*r.client, *r.server).ok());
  EXPECT_EQ(read_all(*r.server), "GET / 0-RTT");
}

TEST(EarlyData, RejectedAfterHelloRetryRequest) {
  EarlyFixture f;
  first_connection(f);
  f.server->groups = {NamedGroup::secp256r1};
  auto r = connect_with(f, with_early_data("early"));
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_FALSE(r.client->info().early_data_accepted);
  EXPECT_EQ(r.server->readable(), 0u);
}

TEST(EarlyData, ReplayedTicketGetsNoEarlyData) {
  EarlyFixture f;
  first_connection(f);
  auto session = f.client->session_store->peek("localhost");
  ClientParams params = with_early_data("transfer 100");
  params.resume = session;
  auto first = connect_with(f, params);
  ASSERT_TRUE(first.status.ok()) << first.status.error().to_string();
  EXPECT_TRUE(first.server->info().early_data_accepted);
  // The same ClientHello flight again (same ticket, same early data): resumed, no early data.
  auto replay = connect_with(f, params);
  ASSERT_TRUE(replay.status.ok()) << replay.status.error().to_string();
  EXPECT_TRUE(replay.server->info().resumed);
  EXPECT_FALSE(replay.server->info().early_data_accepted);
  EXPECT_FALSE(replay.client->info().early_data_accepted);
  EXPECT_EQ(replay.server->readable(), 0u);
}

TEST(EarlyData, ReplayedStatefulTicketGetsFullHandshake) {
  EarlyFixture f;
  f.server->ticket_keys = nullptr;
  first_connection(f);
  ClientParams params = with_early_data("transfer 100");
  params.resume = f.client->session_store->peek("localhost");
  auto first = connect_with(f, params);
  ASSERT_TRUE(first.status.ok()) << first.status.error().to_string();
  EXPECT_TRUE(first.server->info().early_data_accepted);
  auto replay = connect_with(f, params);
  ASSERT_TRUE(replay.status.ok()) << replay.status.error().to_string();
  EXPECT_FALSE(replay.server->info().resumed);
  EXPECT_FALSE(replay.client->info().early_data_accepted);
  EXPECT_EQ(replay.server->readable(), 0u);
}

TEST(EarlyData, StaleTicketAgeIsRejected) {
  EarlyFixture f;
  first_connection(f);
  // The client believes less time has passed than the server: outside the 10 s window.
  f.server_clock.advance_ms(60 * 1000);
  auto r = connect_with(f, with_early_data("early"));
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_FALSE(r.server->info().early_data_accepted);
}

TEST(EarlyData, ResumptionKeepsTheSessionsSuiteOverTheServersPreference) {
  EarlyFixture f;
  f.server->cipher_suites = {CipherSuite::tls_aes_128_gcm_sha256};
  first_connection(f);
  auto chacha_first = std::make_shared<ServerConfig>(*f.server);
  chacha_first->cipher_suites = {CipherSuite::tls_chacha20_poly1305_sha256,
                                 CipherSuite::tls_aes_128_gcm_sha256};
  chacha_first->prefer_server_cipher_order = true;
  auto r = connect_with(f, with_early_data("early"), chacha_first);
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_EQ(r.server->info().cipher_suite, CipherSuite::tls_aes_128_gcm_sha256);
  EXPECT_TRUE(r.server->info().early_data_accepted);
  EXPECT_EQ(read_all(*r.server), "early");
}

TEST(EarlyData, ClientFailsWhenTheServerAnswersWithTls12) {
  EarlyFixture f;
  f.client->min_version = ProtocolVersion::tls1_2;
  first_connection(f);
  auto tls12 = std::make_shared<ServerConfig>(*f.server);
  tls12->max_version = ProtocolVersion::tls1_2;
  ClientParams params = with_early_data("early");
  params.server_name = "localhost";
  auto c = Connection::client(f.client, params);
  auto s = Connection::server(tls12);
  ASSERT_TRUE(c.ok() && s.ok());
  // Only the ClientHello record reaches the server (its early data would fail there first).
  auto out = (*c)->pending_output();
  ASSERT_GT(out.size(), 5u);
  const std::size_t hello_record = 5 + (std::size_t{out[3]} << 8 | out[4]);
  ASSERT_TRUE((*s)->receive(out.first(hello_record)).ok());
  auto reply = (*s)->pending_output();
  auto n = (*c)->receive(std::vector<std::uint8_t>(reply.begin(), reply.end()));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::protocol_version) << n.error().to_string();
}

TEST(EarlyData, AlpnMismatchRejectsEarlyData) {
  EarlyFixture f;
  first_connection(f);  // negotiates h2
  auto other = std::make_shared<ServerConfig>(*f.server);
  other->alpn = {"http/1.1"};
  auto r = connect_with(f, with_early_data("early"), other);
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.server->info().resumed);
  EXPECT_EQ(r.client->info().alpn, "http/1.1");
  EXPECT_FALSE(r.client->info().early_data_accepted);
  EXPECT_EQ(r.server->readable(), 0u);
}

TEST(EarlyData, NotSentWhenLargerThanTheTicketAllows) {
  EarlyFixture f;
  f.server->max_early_data = 4;
  first_connection(f);
  auto r = connect_with(f, with_early_data("too long"));
  ASSERT_TRUE(r.status.ok()) << r.status.error().to_string();
  EXPECT_TRUE(r.client->info().resumed);
  EXPECT_FALSE(r.client->info().early_data_accepted);
  EXPECT_EQ(r.server->readable(), 0u);
}

}  // namespace
}  // namespace tlspp
