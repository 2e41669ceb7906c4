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
  Status last = ok_status();
  int accepted = 0;
  for (int i = 0; i < 10 && last.ok(); ++i) {
    auto r = (*server)->receive(ccs);
    if (r.ok()) {
      ++accepted;
    } else {
      last = std::move(r).error();
    }
  }
  EXPECT_EQ(accepted, 5);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().code, ErrorCode::too_many_empty_records);
  EXPECT_EQ(last.error().alert, AlertDescription::unexpected_message);
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
