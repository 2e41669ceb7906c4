// TLS 1.2 session resumption between a tlspp client and a tlspp server over memory: a full
// handshake, then an abbreviated one (RFC 5246 §7.3) by session ID and by RFC 5077 ticket for
// every TLS 1.2 suite; the cases where the server must refuse (full handshake) or abort; and a
// ClientSession saved, parsed and resumed.
#include <gtest/gtest.h>

#include <memory>
#include <tuple>

#include "support/tls_pair.h"
#include "tlspp/connection.h"
#include "tlspp/session.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;

enum class Mode { session_id, ticket };

std::string mode_name(Mode m) { return m == Mode::ticket ? "Ticket" : "SessionId"; }

bool is_rsa_suite(CipherSuite cs) {
  return cs == CipherSuite::tls_rsa_with_aes_128_gcm_sha256 ||
         cs == CipherSuite::tls_rsa_with_aes_256_gcm_sha384;
}

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

std::shared_ptr<ClientConfig> client12(CipherSuite suite) {
  auto c = test::test_client_config();
  c->max_version = ProtocolVersion::tls1_2;
  c->cipher_suites = {suite};
  c->allow_legacy_rsa_key_exchange = is_rsa_suite(suite);
  return c;
}

// A TLS 1.2 server resuming only by `mode`: the other mechanism is switched off.
std::shared_ptr<ServerConfig> server12(Mode mode, const std::string& identity = "ecdsa") {
  auto s = test::test_server_config(identity);
  s->max_version = ProtocolVersion::tls1_2;
  s->allow_legacy_rsa_key_exchange = true;
  if (mode == Mode::ticket) {
    s->session_cache = nullptr;
  } else {
    s->ticket_keys = nullptr;
  }
  return s;
}

constexpr CipherSuite kSuite = CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256;

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

void exchange(test::Pair& p) {
  ASSERT_TRUE(send(*p.client, "ping").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "ping");
  ASSERT_TRUE(send(*p.server, "pong").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "pong");
}

// Both sides' view of whether the handshake of `p` resumed.
void expect_resumed(const test::Pair& p, bool resumed) {
  EXPECT_EQ(p.client->info().resumed, resumed);
  EXPECT_EQ(p.server->info().resumed, resumed);
}

// A clock the test moves.
struct TestClock {
  std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(1'800'000'000'000);
  Clock clock() const {
    return [n = now] { return *n; };
  }
  void advance(std::chrono::milliseconds d) { *now += d.count(); }
};

// ---- full, then resumed, for every suite and both mechanisms ------------------------------

class Resume12 : public ::testing::TestWithParam<std::tuple<CipherSuite, Mode>> {};

TEST_P(Resume12, SecondConnectionResumes) {
  auto [suite, mode] = GetParam();
  auto client = client12(suite);
  auto server = server12(mode, identity_for(suite));
  auto first = connect_pair(client, server);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  expect_resumed(*first, false);
  ASSERT_EQ(client->session_store->size(), 1u);
  EXPECT_EQ(server->session_cache ? server->session_cache->size() : 0u,
            mode == Mode::session_id ? 1u : 0u);

  auto second = connect_pair(client, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, true);
  for (Connection* c : {second->client.get(), second->server.get()}) {
    EXPECT_EQ(c->info().version, ProtocolVersion::tls1_2);
    EXPECT_EQ(c->info().cipher_suite, suite);
    EXPECT_FALSE(c->info().group.has_value());  // no key exchange in an abbreviated handshake
  }
  // The session remembers the server's chain, verified by the full handshake.
  EXPECT_EQ(second->client->info().peer_chain, first->client->info().peer_chain);
  EXPECT_EQ(second->server->info().server_name, "localhost");
  exchange(*second);

  // And again: a renewed ticket / the same session ID keeps working.
  auto third = connect_pair(client, server);
  ASSERT_TRUE(third.ok()) << third.error().to_string();
  expect_resumed(*third, true);
  exchange(*third);
}

std::string resume_case_name(const ::testing::TestParamInfo<std::tuple<CipherSuite, Mode>>& info) {
  return "Suite" + std::to_string(static_cast<int>(std::get<0>(info.param))) +
         mode_name(std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(
    AllSuites, Resume12,
    ::testing::Combine(::testing::Values(CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256,
                                         CipherSuite::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384,
                                         CipherSuite::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256,
                                         CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256,
                                         CipherSuite::tls_ecdhe_rsa_with_aes_256_gcm_sha384,
                                         CipherSuite::tls_ecdhe_rsa_with_chacha20_poly1305_sha256,
                                         CipherSuite::tls_rsa_with_aes_128_gcm_sha256,
                                         CipherSuite::tls_rsa_with_aes_256_gcm_sha384),
                       ::testing::Values(Mode::session_id, Mode::ticket)),
    resume_case_name);

// With both the session cache and ticket keys on (the default), the ticket is used and both
// mechanisms are available to the client.
TEST(Resume12Config, DefaultServerIssuesBothAndResumes) {
  auto client = client12(kSuite);
  auto server = test::test_server_config();
  auto first = connect_pair(client, server);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(server->session_cache->size(), 1u);
  auto second = connect_pair(client, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, true);
}

// Neither a session cache nor ticket keys: nothing to resume, the client stores nothing.
TEST(Resume12Config, ServerWithoutCacheOrTicketsNeverResumes) {
  auto client = client12(kSuite);
  auto server = server12(Mode::ticket);
  server->ticket_keys = nullptr;
  ASSERT_TRUE(connect_pair(client, server).ok());
  EXPECT_EQ(client->session_store->size(), 0u);
  auto second = connect_pair(client, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, false);
}

// A client without a session store neither asks for tickets nor resumes.
TEST(Resume12Config, ClientWithoutStoreNeverResumes) {
  auto client = client12(kSuite);
  client->session_store = nullptr;
  auto server = server12(Mode::session_id);
  ASSERT_TRUE(connect_pair(client, server).ok());
  auto second = connect_pair(client, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, false);
}

// ---- refused: a full handshake instead ------------------------------------------------------

class Refused12 : public ::testing::TestWithParam<Mode> {};

// RFC 5246 §7.4.1.2: the session's suite must still be enabled on the (new) server.
TEST_P(Refused12, SuiteDisabledOnNewServerConfig) {
  auto client = client12(kSuite);
  client->cipher_suites = {kSuite, CipherSuite::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384};
  auto server = server12(GetParam());
  server->cipher_suites = {kSuite};
  ASSERT_TRUE(connect_pair(client, server).ok());
  auto changed = std::make_shared<ServerConfig>(*server);  // same cache and ticket keys
  changed->cipher_suites = {CipherSuite::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384};
  auto second = connect_pair(client, changed);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, false);
  EXPECT_EQ(second->client->info().cipher_suite,
            CipherSuite::tls_ecdhe_ecdsa_with_aes_256_gcm_sha384);
  // The new full handshake's session replaces the old one.
  auto third = connect_pair(client, changed);
  ASSERT_TRUE(third.ok()) << third.error().to_string();
  expect_resumed(*third, true);
}

// RFC 6066 §3: a session resumes only under the server name it was established with.
TEST_P(Refused12, SniDiffers) {
  auto client = client12(kSuite);
  auto server = server12(GetParam());
  ASSERT_TRUE(connect_pair(client, server).ok());
  auto renamed = std::make_shared<ClientConfig>(*client);  // same session store
  renamed->edit_extensions = [](HandshakeType, RawExtensions& ext) {
    const std::string name = "other.example";
    for (auto& [type, body] : ext) {
      if (type != 0) continue;  // server_name
      const auto n = static_cast<std::uint8_t>(name.size());
      body = {0, static_cast<std::uint8_t>(n + 3), 0, 0, n};
      body.insert(body.end(), name.begin(), name.end());
    }
  };
  auto second = connect_pair(renamed, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(second->server->info().server_name, "other.example");
  expect_resumed(*second, false);
}

// RFC 7627 §5.3: a session without the extended master secret is not resumed by a ClientHello
// that offers it: full handshake.
TEST_P(Refused12, OriginalWithoutEmsNewWithEms) {
  auto client = client12(kSuite);
  client->require_extended_master_secret = false;
  auto strip_ems = std::make_shared<bool>(true);
  client->edit_extensions = [strip_ems](HandshakeType, RawExtensions& ext) {
    if (*strip_ems) std::erase_if(ext, [](const auto& e) { return e.first == 23; });
  };
  auto server = server12(GetParam());
  server->require_extended_master_secret = false;
  ASSERT_TRUE(connect_pair(client, server).ok());
  *strip_ems = false;
  auto second = connect_pair(client, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, false);
}

// The server's clock passed the session's lifetime (the client's did not, so it still offers).
TEST_P(Refused12, Expired) {
  TestClock client_clock, server_clock;
  auto client = client12(kSuite);
  client->clock = client_clock.clock();
  auto server = server12(GetParam());
  server->clock = server_clock.clock();
  server->ticket_lifetime = std::chrono::seconds(60);
  ASSERT_TRUE(connect_pair(client, server).ok());
  server_clock.advance(std::chrono::seconds(59));
  auto within = connect_pair(client, server);
  ASSERT_TRUE(within.ok()) << within.error().to_string();
  expect_resumed(*within, true);
  server_clock.advance(std::chrono::seconds(2));
  auto after = connect_pair(client, server);
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  expect_resumed(*after, false);
}

INSTANTIATE_TEST_SUITE_P(BothMechanisms, Refused12,
                         ::testing::Values(Mode::session_id, Mode::ticket),
                         [](const auto& info) { return mode_name(info.param); });

// The client's own clock passed the session's lifetime (the ticket's hint): it does not offer the
// session, though the server (whose clock did not move) would still resume it.
TEST(Refused12Client, ExpiredSessionNotOffered) {
  TestClock client_clock, server_clock;
  auto client = client12(kSuite);
  client->clock = client_clock.clock();
  auto server = server12(Mode::ticket);
  server->clock = server_clock.clock();
  server->ticket_lifetime = std::chrono::seconds(60);
  ASSERT_TRUE(connect_pair(client, server).ok());
  client_clock.advance(std::chrono::seconds(59));
  auto within = connect_pair(client, server);
  ASSERT_TRUE(within.ok()) << within.error().to_string();
  expect_resumed(*within, true);
  client_clock.advance(std::chrono::seconds(2));
  auto second = connect_pair(client, server);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  expect_resumed(*second, false);
}

// TicketKeys: a ticket sealed by a retired key opens during the grace period, not after.
TEST(Refused12Ticket, SealedByRotatedOutKey) {
  TestClock clock;
  auto client = client12(kSuite);
  client->clock = clock.clock();
  auto server = server12(Mode::ticket);
  server->clock = clock.clock();
  server->ticket_lifetime = std::chrono::hours(10);
  TicketKeys::Options options;
  options.rotation = std::chrono::hours(1);
  options.grace = std::chrono::hours(1);
  server->ticket_keys = TicketKeys::create(test::test_provider(), options);
  ASSERT_TRUE(connect_pair(client, server).ok());
  ASSERT_TRUE(server->ticket_keys->rotate(*clock.now).ok());
  clock.advance(std::chrono::minutes(30));
  auto in_grace = connect_pair(client, server);
  ASSERT_TRUE(in_grace.ok()) << in_grace.error().to_string();
  expect_resumed(*in_grace, true);
  // The renewed ticket is sealed by the new key; rotate that out too, past its grace.
  ASSERT_TRUE(server->ticket_keys->rotate(*clock.now).ok());
  clock.advance(std::chrono::hours(3));
  auto after = connect_pair(client, server);
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  expect_resumed(*after, false);
}

// A ticket changed in transit (or by the client) does not open: full handshake.
TEST(Refused12Ticket, Tampered) {
  auto client = client12(kSuite);
  auto server = server12(Mode::ticket);
  ASSERT_TRUE(connect_pair(client, server).ok());
  auto session = client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  std::vector<std::uint8_t> bytes = session->serialize();
  // "tlspp-session" || state<u24> || ticket<u16> || session_id<u8>: flip the ticket's last byte
  // (the AEAD tag), which sits just before the (empty) session ID.
  ASSERT_EQ(bytes.back(), 0);  // no session ID: the server has no cache
  bytes[bytes.size() - 2] ^= 0x01;
  auto tampered = ClientSession::parse(bytes);
  ASSERT_TRUE(tampered.ok()) << tampered.error().to_string();
  ClientParams params{"localhost", "", *tampered, {}};
  auto c = Connection::client(client12(kSuite), std::move(params));
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE(pump(**c, **s).ok());
  ASSERT_TRUE((*c)->handshake_done());
  EXPECT_FALSE((*c)->info().resumed);
  EXPECT_FALSE((*s)->info().resumed);
}

// ---- aborted: RFC 7627 §5.3 ---------------------------------------------------------------

// The session used the extended master secret; a ClientHello without it must be refused.
TEST(Aborted12, ServerAbortsResumptionWithoutEms) {
  auto client = client12(kSuite);
  client->require_extended_master_secret = false;
  auto strip_ems = std::make_shared<bool>(false);
  client->edit_extensions = [strip_ems](HandshakeType, RawExtensions& ext) {
    if (*strip_ems) std::erase_if(ext, [](const auto& e) { return e.first == 23; });
  };
  auto server = server12(Mode::session_id);
  server->require_extended_master_secret = false;
  ASSERT_TRUE(connect_pair(client, server).ok());
  *strip_ems = true;
  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  EXPECT_FALSE(pump(**c, **s).ok());
  (void)pump(**c, **s);
  ASSERT_TRUE((*s)->error().has_value());
  EXPECT_EQ((*s)->error()->code, ErrorCode::missing_extended_master_secret);
  EXPECT_EQ((*s)->error()->alert, AlertDescription::handshake_failure);
  ASSERT_TRUE((*c)->error().has_value());
  EXPECT_EQ((*c)->error()->code, ErrorCode::peer_alert);
  EXPECT_EQ((*c)->error()->alert, AlertDescription::handshake_failure);
}

// The client sees a resuming ServerHello without the extended master secret of the session.
TEST(Aborted12, ClientAbortsResumptionWithoutEms) {
  auto client = client12(kSuite);
  auto server = server12(Mode::session_id);
  auto strip_ems = std::make_shared<bool>(false);
  server->edit_extensions = [strip_ems](HandshakeType, RawExtensions& ext) {
    if (*strip_ems) std::erase_if(ext, [](const auto& e) { return e.first == 23; });
  };
  ASSERT_TRUE(connect_pair(client, server).ok());
  *strip_ems = true;
  auto second = connect_pair(client, server);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::missing_extended_master_secret);
  EXPECT_EQ(second.error().alert, AlertDescription::handshake_failure);
}

// ---- a saved session --------------------------------------------------------------------------

class Saved12 : public ::testing::TestWithParam<Mode> {};

// ClientSession::serialize, parse, and resume from it with ClientParams::resume in a client
// config that never saw the session.
TEST_P(Saved12, SerializeParseResume) {
  auto client = client12(kSuite);
  client->alpn = {"h2", "http/1.1"};
  auto server = server12(GetParam());
  server->alpn = {"http/1.1"};
  ASSERT_TRUE(connect_pair(client, server).ok());
  auto session = client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->version(), ProtocolVersion::tls1_2);
  EXPECT_EQ(session->cipher_suite(), kSuite);
  EXPECT_EQ(session->server_name(), "localhost");
  EXPECT_EQ(session->alpn(), "http/1.1");
  auto parsed = ClientSession::parse(session->serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ((*parsed)->serialize(), session->serialize());

  auto fresh = client12(kSuite);
  fresh->alpn = client->alpn;
  auto c = Connection::client(fresh, ClientParams{"localhost", "", *parsed, {}});
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE(pump(**c, **s).ok());
  ASSERT_TRUE((*c)->handshake_done() && (*s)->handshake_done());
  EXPECT_TRUE((*c)->info().resumed);
  EXPECT_TRUE((*s)->info().resumed);
  EXPECT_EQ((*c)->info().alpn, "http/1.1");
  // The resumed session went into the fresh config's store.
  EXPECT_EQ(fresh->session_store->size(), 1u);
}

// A saved session is offered only to the server name it was established with.
TEST_P(Saved12, NotOfferedToAnotherName) {
  auto client = client12(kSuite);
  auto server = server12(GetParam());
  ASSERT_TRUE(connect_pair(client, server).ok());
  auto session = client->session_store->peek("localhost");
  ASSERT_NE(session, nullptr);
  auto c = Connection::client(client12(kSuite), ClientParams{"127.0.0.1", "", session, {}});
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE(pump(**c, **s).ok());
  ASSERT_TRUE((*c)->handshake_done());
  EXPECT_FALSE((*c)->info().resumed);
}

INSTANTIATE_TEST_SUITE_P(BothMechanisms, Saved12, ::testing::Values(Mode::session_id, Mode::ticket),
                         [](const auto& info) { return mode_name(info.param); });

}  // namespace
}  // namespace tlspp
