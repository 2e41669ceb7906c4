// Resource limits (config.h Limits): each cap holds at its configured value, with the alert or
// error the design names, and a slow peer (one byte per receive()) either completes or is refused
// at a cap without the library holding more than the cap.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;

std::vector<std::uint8_t> take_output(Connection& c) {
  auto out = c.pending_output();
  std::vector<std::uint8_t> bytes(out.begin(), out.end());
  c.consume_output(bytes.size());
  return bytes;
}

// The alert record a Connection queued in plaintext: 21 03 03 00 02 <level> <description>.
std::optional<AlertDescription> plaintext_alert(const std::vector<std::uint8_t>& out) {
  if (out.size() < 7 || out[out.size() - 7] != 21) return std::nullopt;
  return static_cast<AlertDescription>(out.back());
}

// Feeds `bytes` to `c` one byte per receive() call; returns the first error.
Status feed_bytewise(Connection& c, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t b : bytes) {
    auto used = c.receive({&b, 1});
    if (!used.ok()) return std::move(used).error();
    if (*used != 1) return Error(ErrorCode::internal, "byte not consumed");
  }
  return ok_status();
}

// A ClientHello from a real client, for the server-side rows.
std::vector<std::uint8_t> client_hello_bytes(std::shared_ptr<ClientConfig> cfg = nullptr) {
  if (!cfg) cfg = test::test_client_config();
  auto client = Connection::client(cfg, "localhost");
  EXPECT_TRUE(client.ok());
  return take_output(**client);
}

// Feeds the same no-progress record to `c` up to 10 times: exactly `accepted` are taken, then
// too_many_empty_records (unexpected_message) ends the connection.
void expect_cut_off_after(Connection& c, const std::vector<std::uint8_t>& record, int accepted) {
  Status last = ok_status();
  int taken = 0;
  for (int i = 0; i < 10 && last.ok(); ++i) {
    auto r = c.receive(record);
    if (r.ok()) {
      ++taken;
    } else {
      last = std::move(r).error();
    }
  }
  EXPECT_EQ(taken, accepted);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code, ErrorCode::too_many_empty_records);
  EXPECT_EQ(last.error().alert, AlertDescription::unexpected_message);
}

TEST(Limits, RecordsWithoutProgressAreCappedByMaxEmptyRecords) {
  // RFC 8446 §5: TLS 1.3 drops a compatibility ChangeCipherSpec during the handshake; a peer that
  // sends nothing else must not keep the server busy forever.
  auto server_cfg = test::test_server_config();
  server_cfg->limits.max_empty_records = 5;
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(server.ok());
  auto hello = client_hello_bytes();
  ASSERT_TRUE((*server)->receive(hello).ok());
  take_output(**server);
  const std::vector<std::uint8_t> ccs = {20, 3, 3, 0, 1, 1};
  expect_cut_off_after(**server, ccs, 5);
}

TEST(Limits, WarningAlertsCountAsRecordsWithoutProgress) {
  // RFC 5246 §7.2: a TLS 1.2 warning alert (here user_canceled, RFC 8446 §6.1 / RFC 5246 §7.2.1)
  // does not end the connection; a peer that sends nothing else is cut off like one sending empty
  // records.
  auto server_cfg = test::test_server_config();
  server_cfg->min_version = server_cfg->max_version = ProtocolVersion::tls1_2;
  server_cfg->limits.max_empty_records = 5;
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE((*server)->receive(client_hello_bytes()).ok());
  take_output(
      **server);  // ServerHello .. ServerHelloDone: the server waits for the client's flight
  const std::vector<std::uint8_t> user_canceled = {
      21,
      3,
      3,
      0,
      2,
      static_cast<std::uint8_t>(AlertLevel::warning),
      static_cast<std::uint8_t>(AlertDescription::user_canceled)};
  expect_cut_off_after(**server, user_canceled, 5);
  EXPECT_EQ(plaintext_alert(take_output(**server)), AlertDescription::unexpected_message);
}

TEST(Limits, PendingOutputIsCappedByMaxPendingOutput) {
  auto client_cfg = test::test_client_config();
  client_cfg->limits.max_pending_output = 32 * 1024;
  auto pair = connect_pair(client_cfg, test::test_server_config());
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  const std::vector<std::uint8_t> chunk(16 * 1024, 'x');
  ASSERT_TRUE(pair->client->write(chunk).ok());
  auto refused = pair->client->write(chunk);  // would pass 32 KiB queued with the record overhead
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::buffer_full);
  // Not fatal: once the transport takes the queued bytes, writing works again.
  EXPECT_FALSE(pair->client->closed());
  ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
  EXPECT_EQ(read_all(*pair->server).size(), chunk.size());
  EXPECT_TRUE(pair->client->write(chunk).ok());
}

TEST(Limits, CertificateChainLengthIsCapped) {
  for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    auto client_cfg = test::test_client_config();
    client_cfg->max_version = v;
    client_cfg->limits.max_chain_length = 1;  // the test chain is leaf + intermediate
    auto pair = connect_pair(client_cfg, test::test_server_config());
    ASSERT_FALSE(pair.ok()) << "version " << static_cast<int>(v);
    EXPECT_EQ(pair.error().code, ErrorCode::cert_chain_too_large) << pair.error().to_string();
    EXPECT_EQ(pair.error().alert, AlertDescription::bad_certificate);
  }
}

TEST(Limits, CertificateChainBytesAreCapped) {
  auto client_cfg = test::test_client_config();
  client_cfg->limits.max_chain_bytes = 600;
  auto pair = connect_pair(client_cfg, test::test_server_config());
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().code, ErrorCode::cert_chain_too_large) << pair.error().to_string();
}

TEST(Limits, HandshakeMessageLengthIsRefusedFromItsHeader) {
  // A ClientHello whose header claims 1 MiB: refused when the 4-byte header is in, long before
  // the body could be buffered.
  auto server = Connection::server(test::test_server_config());
  ASSERT_TRUE(server.ok());
  const std::vector<std::uint8_t> record = {22, 3, 1, 0, 4, 1, 0x10, 0x00, 0x00};
  auto r = (*server)->receive(record);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::handshake_message_too_large);
  EXPECT_EQ(plaintext_alert(take_output(**server)), AlertDescription::unexpected_message);
}

// ---- early data (RFC 8446 §4.2.10) ----

// A client holding a TLS 1.3 ticket that allows 1000 bytes of early data, and the server config
// that issued it (its ticket keys and replay guard are shared by the copies the tests make).
struct EarlyDataTicket {
  std::shared_ptr<ClientConfig> client = test::test_client_config();
  std::shared_ptr<ServerConfig> server = test::test_server_config();
};
EarlyDataTicket early_data_ticket() {
  EarlyDataTicket t;
  t.client->min_version = ProtocolVersion::tls1_3;
  t.server->max_early_data = 1000;
  auto pair = connect_pair(t.client, t.server);
  EXPECT_TRUE(pair.ok()) << pair.error().to_string();
  auto session = t.client->session_store->peek("localhost");
  EXPECT_TRUE(session != nullptr && session->max_early_data() == 1000);
  return t;
}

struct EarlyOutcome {
  std::unique_ptr<Connection> client;
  std::unique_ptr<Connection> server;
  Status status = ok_status();
};
// Resumes with `size` bytes of 0-RTT data against a server configured as `server`.
EarlyOutcome resume_with_early_data(const EarlyDataTicket& t,
                                    std::shared_ptr<const ServerConfig> server, std::size_t size) {
  EarlyOutcome o;
  ClientParams params;
  params.server_name = "localhost";
  params.early_data.assign(size, 'e');
  auto c = Connection::client(t.client, std::move(params));
  auto s = Connection::server(std::move(server));
  EXPECT_TRUE(c.ok() && s.ok());
  if (!c.ok() || !s.ok()) return o;
  o.client = std::move(c).value();
  o.server = std::move(s).value();
  o.status = pump(*o.client, *o.server);
  if (!o.status.ok()) (void)pump(*o.client, *o.server);  // deliver the alert
  return o;
}

// The server refused with too_much_early_data, and the client read unexpected_message.
void expect_too_much_early_data(const EarlyOutcome& o) {
  ASSERT_TRUE(o.server->error().has_value()) << "the server took the early data";
  EXPECT_EQ(o.server->error()->code, ErrorCode::too_much_early_data)
      << o.server->error()->to_string();
  EXPECT_EQ(o.server->error()->alert, AlertDescription::unexpected_message);
  ASSERT_TRUE(o.client->error().has_value());
  EXPECT_EQ(o.client->error()->code, ErrorCode::peer_alert) << o.client->error()->to_string();
  EXPECT_EQ(o.client->error()->alert, AlertDescription::unexpected_message);
}

TEST(Limits, AcceptedEarlyDataUpToMaxEarlyDataIsDelivered) {
  auto t = early_data_ticket();
  auto server = std::make_shared<ServerConfig>(*t.server);
  server->max_early_data = 10;
  auto o = resume_with_early_data(t, server, 10);
  ASSERT_TRUE(o.status.ok()) << o.status.error().to_string();
  EXPECT_TRUE(o.server->info().early_data_accepted);
  EXPECT_EQ(o.server->early_data_received(), 10u);
  EXPECT_EQ(read_all(*o.server), std::string(10, 'e'));
}

TEST(Limits, AcceptedEarlyDataOverMaxEarlyDataIsUnexpectedMessage) {
  // RFC 8446 §4.6.1, max_early_data_size: "A server receiving more than
  // max_early_data_size bytes of 0-RTT data SHOULD terminate the connection with an
  // "unexpected_message" alert." The ticket allows 1000; this server now accepts 10.
  auto t = early_data_ticket();
  auto server = std::make_shared<ServerConfig>(*t.server);
  server->max_early_data = 10;
  auto o = resume_with_early_data(t, server, 11);
  EXPECT_FALSE(o.status.ok());
  expect_too_much_early_data(o);
  EXPECT_EQ(o.server->readable(), 0u);
}

TEST(Limits, RejectedEarlyDataIsSkippedUpToMaxEarlyDataSize) {
  // RFC 8446 §4.2.10: a server that ignores early_data "skips past early data by attempting to
  // deprotect received records using the handshake traffic key, discarding records which fail
  // deprotection (up to the configured max_early_data_size)".
  auto t = early_data_ticket();
  auto refusing = std::make_shared<ServerConfig>(*t.server);
  refusing->max_early_data = 0;
  refusing->limits.max_early_data_size = 100;
  auto o = resume_with_early_data(t, refusing, 100);
  ASSERT_TRUE(o.status.ok()) << o.status.error().to_string();
  EXPECT_TRUE(o.server->info().resumed);
  EXPECT_FALSE(o.server->info().early_data_accepted);
  EXPECT_EQ(o.server->readable(), 0u);
}

TEST(Limits, RejectedEarlyDataOverMaxEarlyDataSizeIsUnexpectedMessage) {
  // RFC 8446 §4.6.1 (as above): skipping is bounded too, so a client cannot make a server that
  // rejected 0-RTT discard records forever.
  auto t = early_data_ticket();
  auto refusing = std::make_shared<ServerConfig>(*t.server);
  refusing->max_early_data = 0;
  refusing->limits.max_early_data_size = 100;
  auto o = resume_with_early_data(t, refusing, 101);
  EXPECT_FALSE(o.status.ok());
  expect_too_much_early_data(o);
}

TEST(SlowPeer, OneByteAtATimeStillCompletes) {
  for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    auto client_cfg = test::test_client_config();
    client_cfg->max_version = v;
    auto pair = connect_pair(client_cfg, test::test_server_config(), "localhost", /*chunk=*/1);
    ASSERT_TRUE(pair.ok()) << pair.error().to_string();
    EXPECT_EQ(pair->server->info().version, v);
    const std::string text = "byte by byte";
    ASSERT_TRUE(
        pair->client->write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()})
            .ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server, 1).ok());
    EXPECT_EQ(read_all(*pair->server), text);
  }
}

TEST(SlowPeer, OneByteRecordsCannotGrowAMessagePastTheCap) {
  // A peer that trickles a ClientHello in 1-byte handshake records (6 wire bytes each): the server
  // buffers at most max_handshake_message_size of message, then refuses.
  auto server_cfg = test::test_server_config();
  server_cfg->limits.max_handshake_message_size = 2048;
  auto server = Connection::server(server_cfg);
  ASSERT_TRUE(server.ok());
  // Header claims 3000 bytes: over the cap, refused at the header.
  std::vector<std::uint8_t> header = {1, 0x00, 0x0b, 0xb8};
  Status status = ok_status();
  for (std::uint8_t b : header) {
    const std::vector<std::uint8_t> record = {22, 3, 1, 0, 1, b};
    if (auto r = (*server)->receive(record); !r.ok()) {
      status = std::move(r).error();
      break;
    }
  }
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::handshake_message_too_large);
}

TEST(SlowPeer, StalledHandshakeLeavesTheTimeoutToTheApplication) {
  // Half a ClientHello, byte by byte: the server consumes every byte, sends nothing, wants more,
  // and has not completed; the application's timeout (io/event loop) decides when to give up.
  auto server = Connection::server(test::test_server_config());
  ASSERT_TRUE(server.ok());
  auto hello = client_hello_bytes();
  ASSERT_TRUE(feed_bytewise(**server, std::span(hello).first(hello.size() / 2)).ok());
  EXPECT_TRUE((*server)->pending_output().empty());
  EXPECT_TRUE((*server)->wants_read());
  EXPECT_FALSE((*server)->handshake_done());
  EXPECT_FALSE((*server)->closed());
}

}  // namespace
}  // namespace tlspp
