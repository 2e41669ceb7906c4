// Limits::max_extensions, per message that carries an extension block: a block of exactly the cap
// passes the count check, one more entry is refused with ErrorCode::too_many_extensions and a
// decode_error alert on the wire (RFC 8446 §6.2: "some field was out of the specified range").
// The sending peer pads its real message through the ExtensionEditor test hook (config.h) with
// extension types nobody implements; the HelloRetryRequest, which the hook does not reach, is
// checked with its natural three extensions.
#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

enum class Side { client, server };

struct Row {
  const char* name;
  HandshakeType message;  // the block that is padded
  Side receiver;          // the side whose limit is tested
  ProtocolVersion version;
  // What happens at the cap: ErrorCode::ok (the handshake completes), or the rule that comes after
  // the count check for receivers that refuse extensions they did not offer (RFC 8446 §4.2,
  // RFC 5246 §7.4.1.4: unsupported_extension).
  ErrorCode at_cap;
  std::function<void(ClientConfig&, ServerConfig&)> configure = nullptr;
  // The receiver has no write keys when it refuses, so its alert is a plaintext record (which a
  // TLS 1.3 server that already sent its ServerHello does not read: the bytes are checked).
  bool plaintext_alert = false;
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

constexpr std::size_t kCap = 24;
// Unregistered extension types (not GREASE: the two bytes differ).
constexpr std::uint16_t kPadBase = 0x7a00;

void client_auth(ClientConfig& c, ServerConfig& s) {
  c.client_certificate = test::test_identity("ecdsa");
  s.client_auth = ClientAuth::required;
  s.client_trust_store = test::test_trust_store();
}

void early_data_ticket(ClientConfig&, ServerConfig& s) { s.max_early_data = 1024; }

const Row kRows[] = {
    {"ClientHello", HandshakeType::client_hello, Side::server, ProtocolVersion::tls1_3,
     ErrorCode::ok},
    {"ServerHello13", HandshakeType::server_hello, Side::client, ProtocolVersion::tls1_3,
     ErrorCode::unsolicited_extension, nullptr, true},
    // Without ticket keys: a TLS 1.2 session_ticket acknowledgement would be added after the hook.
    {"ServerHello12", HandshakeType::server_hello, Side::client, ProtocolVersion::tls1_2,
     ErrorCode::unsolicited_extension,
     [](ClientConfig&, ServerConfig& s) { s.ticket_keys = nullptr; }},
    {"EncryptedExtensions", HandshakeType::encrypted_extensions, Side::client,
     ProtocolVersion::tls1_3, ErrorCode::unsolicited_extension},
    {"ServerCertificateEntry", HandshakeType::certificate, Side::client, ProtocolVersion::tls1_3,
     ErrorCode::ok},
    {"CertificateRequest", HandshakeType::certificate_request, Side::client,
     ProtocolVersion::tls1_3, ErrorCode::ok, client_auth},
    {"ClientCertificateEntry", HandshakeType::certificate, Side::server, ProtocolVersion::tls1_3,
     ErrorCode::ok, client_auth},
    {"NewSessionTicket", HandshakeType::new_session_ticket, Side::client, ProtocolVersion::tls1_3,
     ErrorCode::ok, early_data_ticket},
};

// Pads `extensions` to exactly `total` entries (a failure is recorded if it already has more).
void pad(RawExtensions& extensions, std::size_t total) {
  ASSERT_LE(extensions.size(), total) << "the real message already has more entries";
  for (std::uint16_t i = 0; extensions.size() < total; ++i) {
    extensions.emplace_back(static_cast<std::uint16_t>(kPadBase + i), std::vector<std::uint8_t>{});
  }
}

struct Outcome {
  Status status = ok_status();
  std::unique_ptr<Connection> client;
  std::unique_ptr<Connection> server;
  std::size_t padded = 0;             // how many messages of the row's type were padded
  std::vector<std::uint8_t> refusal;  // what the receiver had queued when the pump failed
};

// A handshake (and the tickets after it) where the row's sender pads the row's message to
// `entries` extensions and the receiver's cap is kCap.
Outcome run(const Row& row, std::size_t entries) {
  Outcome out;
  auto cc = test::test_client_config();
  auto sc = test::test_server_config();
  cc->max_version = row.version;
  if (row.configure) row.configure(*cc, *sc);
  (row.receiver == Side::client ? cc->limits : sc->limits).max_extensions = kCap;
  CommonConfig& sender = row.receiver == Side::client ? static_cast<CommonConfig&>(*sc) : *cc;
  std::size_t* padded = &out.padded;
  sender.edit_extensions = [row, entries, padded](HandshakeType message, RawExtensions& e) {
    if (message != row.message) return;
    pad(e, entries);
    ++*padded;
  };
  auto client = Connection::client(cc, "localhost");
  auto server = Connection::server(sc);
  EXPECT_TRUE(client.ok() && server.ok());
  if (!client.ok() || !server.ok()) return out;
  out.client = std::move(client).value();
  out.server = std::move(server).value();
  out.status = test::pump(*out.client, *out.server);
  if (!out.status.ok()) {
    Connection& receiver = row.receiver == Side::client ? *out.client : *out.server;
    const auto queued = receiver.pending_output();
    out.refusal.assign(queued.begin(), queued.end());
    if (!row.plaintext_alert) (void)test::pump(*out.client, *out.server);  // deliver the alert
  }
  return out;
}

class MaxExtensions : public ::testing::TestWithParam<Row> {};

TEST_P(MaxExtensions, ABlockOfExactlyTheCapPassesTheCountCheck) {
  const Row& row = GetParam();
  Outcome o = run(row, kCap);
  ASSERT_GE(o.padded, 1u) << "the row's message was never sent";
  Connection& receiver = row.receiver == Side::client ? *o.client : *o.server;
  if (row.at_cap == ErrorCode::ok) {
    ASSERT_TRUE(o.status.ok()) << o.status.error().to_string();
    EXPECT_TRUE(o.client->handshake_done() && o.server->handshake_done());
    EXPECT_FALSE(receiver.error().has_value());
  } else {
    ASSERT_TRUE(receiver.error().has_value());
    EXPECT_EQ(receiver.error()->code, row.at_cap) << receiver.error()->to_string();
  }
}

TEST_P(MaxExtensions, OneMoreIsRefusedWithDecodeError) {
  const Row& row = GetParam();
  Outcome o = run(row, kCap + 1);
  ASSERT_GE(o.padded, 1u) << "the row's message was never sent";
  Connection& receiver = row.receiver == Side::client ? *o.client : *o.server;
  Connection& peer = row.receiver == Side::client ? *o.server : *o.client;
  ASSERT_TRUE(receiver.error().has_value()) << "the receiver accepted " << kCap + 1;
  EXPECT_EQ(receiver.error()->code, ErrorCode::too_many_extensions)
      << receiver.error()->to_string();
  EXPECT_EQ(receiver.error()->alert, AlertDescription::decode_error);
  if (row.plaintext_alert) {
    // The last record queued: alert, TLS 1.2 record version, fatal, decode_error.
    ASSERT_GE(o.refusal.size(), 7u);
    EXPECT_EQ(std::vector<std::uint8_t>(o.refusal.end() - 7, o.refusal.end()),
              (std::vector<std::uint8_t>{21, 3, 3, 0, 2, 2, 50}));
    return;
  }
  // The alert went on the wire: the peer read it.
  ASSERT_TRUE(peer.error().has_value());
  EXPECT_EQ(peer.error()->code, ErrorCode::peer_alert) << peer.error()->to_string();
  EXPECT_EQ(peer.error()->alert, AlertDescription::decode_error);
}

INSTANTIATE_TEST_SUITE_P(Messages, MaxExtensions, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           return std::string(info.param.name);
                         });

// The HelloRetryRequest (supported_versions, key_share, cookie) is not reachable by the editor:
// its natural three extensions are at a cap of 3 and one over a cap of 2. Everything else the
// client receives here carries at most two.
Result<test::Pair> hello_retry_pair(std::size_t cap) {
  auto cc = test::test_client_config();
  auto sc = test::test_server_config();
  cc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  sc->groups = {NamedGroup::secp256r1};
  sc->hello_retry_cookie = true;
  cc->limits.max_extensions = cap;
  return test::connect_pair(cc, sc);
}

TEST(MaxExtensionsHelloRetryRequest, ThreeExtensionsAtACapOfThreeComplete) {
  auto pair = hello_retry_pair(3);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->client->info().group, NamedGroup::secp256r1);
}

TEST(MaxExtensionsHelloRetryRequest, ThreeExtensionsOverACapOfTwoAreRefused) {
  auto pair = hello_retry_pair(2);
  ASSERT_FALSE(pair.ok());
  EXPECT_EQ(pair.error().code, ErrorCode::too_many_extensions) << pair.error().to_string();
  EXPECT_NE(pair.error().to_string().find("HelloRetryRequest"), std::string::npos)
      << pair.error().to_string();
}

}  // namespace
}  // namespace tlspp
