// TLS 1.3: how many NewSessionTickets (RFC 8446 §4.6.1) the server sends after a resumed handshake
// (ServerConfig::tickets_per_resumption, at most tickets_per_handshake), counted in the client's
// store, where each ticket is one entry and the resumption spends one.
#include <gtest/gtest.h>

#include <cstddef>
#include <memory>

#include "support/tls_pair.h"
#include "tlspp/connection.h"
#include "tlspp/session.h"

namespace tlspp {
namespace {

struct Configs {
  std::shared_ptr<ClientConfig> client = test::test_client_config();
  std::shared_ptr<ServerConfig> server = test::test_server_config();
  Configs() { client->min_version = ProtocolVersion::tls1_3; }
};

// A full handshake, then one resumption; returns the client's stored tickets after each.
struct Counts {
  std::size_t after_full = 0;
  std::size_t after_resumption = 0;
};
Counts run(const Configs& c) {
  Counts counts;
  auto full = test::connect_pair(c.client, c.server);
  EXPECT_TRUE(full.ok()) << full.error().to_string();
  if (!full.ok()) return counts;
  EXPECT_FALSE(full->client->info().resumed);
  counts.after_full = c.client->session_store->size();
  auto resumed = test::connect_pair(c.client, c.server);
  EXPECT_TRUE(resumed.ok()) << resumed.error().to_string();
  if (!resumed.ok()) return counts;
  EXPECT_TRUE(resumed->client->info().resumed);
  EXPECT_TRUE(resumed->server->info().resumed);
  counts.after_resumption = c.client->session_store->size();
  return counts;
}

TEST(TicketsPerResumption, DefaultIsOneTicketAfterAResumption) {
  Configs c;
  const Counts n = run(c);
  EXPECT_EQ(n.after_full, 2u);        // tickets_per_handshake
  EXPECT_EQ(n.after_resumption, 2u);  // one spent, one received
}

TEST(TicketsPerResumption, ConfiguredCountIsSent) {
  Configs c;
  c.server->tickets_per_resumption = 2;
  c.server->tickets_per_handshake = 3;
  const Counts n = run(c);
  EXPECT_EQ(n.after_full, 3u);
  EXPECT_EQ(n.after_resumption, 4u);  // one spent, two received
}

TEST(TicketsPerResumption, CappedByTicketsPerHandshake) {
  Configs c;
  c.server->tickets_per_resumption = 4;
  c.server->tickets_per_handshake = 2;
  const Counts n = run(c);
  EXPECT_EQ(n.after_full, 2u);
  EXPECT_EQ(n.after_resumption, 3u);  // one spent, two received
}

TEST(TicketsPerResumption, ZeroSendsNoneAfterAResumption) {
  Configs c;
  c.server->tickets_per_resumption = 0;
  const Counts n = run(c);
  EXPECT_EQ(n.after_full, 2u);
  EXPECT_EQ(n.after_resumption, 1u);  // one spent, none received
}

}  // namespace
}  // namespace tlspp
