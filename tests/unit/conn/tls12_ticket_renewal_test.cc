// TLS 1.2 ticket renewal on resumption (RFC 5077 §3.3 leaves it to the server): by default the
// server renews a ticket only when its key is no longer the current one; with
// ServerConfig::renew_tls12_tickets it renews on every resumption. The client keeps resuming with
// whichever ticket it holds.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "support/tls_pair.h"
#include "tlspp/connection.h"
#include "tlspp/session.h"

namespace tlspp {
namespace {

using test::connect_pair;

std::shared_ptr<ClientConfig> client12() {
  auto c = test::test_client_config();
  c->max_version = ProtocolVersion::tls1_2;
  c->cipher_suites = {CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256};
  return c;
}

// A TLS 1.2 server resuming by ticket only, with its own ticket keys on `now`'s clock.
std::shared_ptr<ServerConfig> server12(const std::shared_ptr<std::int64_t>& now) {
  auto s = test::test_server_config();
  s->max_version = ProtocolVersion::tls1_2;
  s->session_cache = nullptr;
  s->clock = [now] { return *now; };
  TicketKeys::Options options;
  options.rotation = std::chrono::hours(1);
  options.grace = std::chrono::hours(2);
  s->ticket_keys = TicketKeys::create(test::test_provider(), options);
  return s;
}

// The client's stored session for "localhost", serialized (it holds the ticket).
std::vector<std::uint8_t> stored(const ClientConfig& client) {
  auto session = client.session_store->peek("localhost");
  return session ? session->serialize() : std::vector<std::uint8_t>{};
}

// Runs one handshake and says whether both sides resumed.
bool resumed(const std::shared_ptr<ClientConfig>& client,
             const std::shared_ptr<ServerConfig>& server) {
  auto pair = connect_pair(client, server);
  EXPECT_TRUE(pair.ok()) << pair.error().to_string();
  if (!pair.ok()) return false;
  EXPECT_EQ(pair->client->info().resumed, pair->server->info().resumed);
  return pair->client->info().resumed;
}

TEST(Tls12TicketRenewal, TicketUnderTheCurrentKeyIsNotRenewedByDefault) {
  auto now = std::make_shared<std::int64_t>(1'800'000'000'000);
  auto client = client12();
  auto server = server12(now);
  ASSERT_FALSE(resumed(client, server));
  const std::vector<std::uint8_t> first = stored(*client);
  ASSERT_FALSE(first.empty());
  ASSERT_TRUE(resumed(client, server));
  EXPECT_EQ(stored(*client), first);  // no NewSessionTicket: the client keeps its ticket
  ASSERT_TRUE(resumed(client, server));
  EXPECT_EQ(stored(*client), first);
}

TEST(Tls12TicketRenewal, TicketUnderARetiredKeyIsRenewedUnderTheCurrentOne) {
  auto now = std::make_shared<std::int64_t>(1'800'000'000'000);
  auto client = client12();
  auto server = server12(now);
  ASSERT_FALSE(resumed(client, server));
  const std::vector<std::uint8_t> first = stored(*client);
  ASSERT_TRUE(server->ticket_keys->rotate(*now).ok());
  ASSERT_TRUE(resumed(client, server));  // the retired key still opens it (grace period)
  const std::vector<std::uint8_t> renewed = stored(*client);
  EXPECT_NE(renewed, first);
  // Half an hour later the renewed ticket, sealed by the still current key, is not renewed again.
  *now += 30 * 60 * 1000;
  ASSERT_TRUE(resumed(client, server));
  EXPECT_EQ(stored(*client), renewed);
}

TEST(Tls12TicketRenewal, TicketWhoseKeyIsDueForRotationIsRenewed) {
  auto now = std::make_shared<std::int64_t>(1'800'000'000'000);
  auto client = client12();
  auto server = server12(now);
  ASSERT_FALSE(resumed(client, server));
  const std::vector<std::uint8_t> first = stored(*client);
  *now += 61 * 60 * 1000;  // rotation is due after an hour
  ASSERT_TRUE(resumed(client, server));
  EXPECT_NE(stored(*client), first);
  EXPECT_EQ(server->ticket_keys->key_count(), 2u);  // the renewal rotated: current + retired
}

TEST(Tls12TicketRenewal, RenewTls12TicketsRenewsOnEveryResumption) {
  auto now = std::make_shared<std::int64_t>(1'800'000'000'000);
  auto client = client12();
  auto server = server12(now);
  server->renew_tls12_tickets = true;
  ASSERT_FALSE(resumed(client, server));
  const std::vector<std::uint8_t> first = stored(*client);
  ASSERT_TRUE(resumed(client, server));
  const std::vector<std::uint8_t> second = stored(*client);
  EXPECT_NE(second, first);
  ASSERT_TRUE(resumed(client, server));
  EXPECT_NE(stored(*client), second);
}

}  // namespace
}  // namespace tlspp
