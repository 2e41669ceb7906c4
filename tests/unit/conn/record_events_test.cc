// Observers see every record that crosses the wire (RecordEvent: outer and inner content type,
// header + fragment length) on both sides, so that the record events' lengths add up to the bytes
// actually moved; and they see each received message before the checks made on it (wire order).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

struct Recorder : Observer {
  std::vector<Event> events;
  void on_event(const Event& e) override { events.push_back(e); }

  std::vector<RecordEvent> records(Direction d) const {
    std::vector<RecordEvent> out;
    for (const auto& e : events) {
      if (auto* r = std::get_if<RecordEvent>(&e); r && r->direction == d) out.push_back(*r);
    }
    return out;
  }
  std::size_t wire_bytes(Direction d) const {
    std::size_t n = 0;
    for (const auto& r : records(d)) n += r.wire_length;
    return n;
  }
  // "outer/inner" for each record in direction d, e.g. "application_data/handshake".
  std::vector<std::string> kinds(Direction d) const {
    std::vector<std::string> out;
    for (const auto& r : records(d)) {
      out.push_back(std::string(name_of(r.outer_type)) + "/" + std::string(name_of(r.inner_type)));
    }
    return out;
  }
  // Index of the first event matching `pred`, or events.size().
  template <class Pred>
  std::size_t index_of(Pred pred) const {
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (pred(events[i])) return i;
    }
    return events.size();
  }
  std::size_t message_index(Direction d, HandshakeType type) const {
    return index_of([&](const Event& e) {
      auto* m = std::get_if<MessageEvent>(&e);
      return m != nullptr && m->direction == d && m->type == type;
    });
  }
  std::size_t check_index(const std::string& what) const {
    return index_of([&](const Event& e) {
      auto* c = std::get_if<CheckEvent>(&e);
      return c != nullptr && c->what == what;
    });
  }
};

// Moves bytes both ways until neither side has any, counting what each side sent.
struct Wire {
  std::size_t client_to_server = 0;
  std::size_t server_to_client = 0;

  Status pump(Connection& client, Connection& server) {
    for (;;) {
      bool moved = false;
      for (auto [from, to, count] : {std::tuple{&client, &server, &client_to_server},
                                     std::tuple{&server, &client, &server_to_client}}) {
        while (!from->pending_output().empty()) {
          std::vector<std::uint8_t> bytes(from->pending_output().begin(),
                                          from->pending_output().end());
          from->consume_output(bytes.size());
          *count += bytes.size();
          moved = true;
          std::span<const std::uint8_t> input(bytes);
          while (!input.empty()) {
            TLSPP_ASSIGN_OR_RETURN(std::size_t used, to->receive(input));
            input = input.subspan(used);
            if (used == 0) (void)test::read_all(*to);  // make room for the rest
          }
        }
      }
      if (!moved) return {};
    }
  }
};

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

TEST(RecordEvents, FullTls13HandshakeAccountsForEveryByte) {
  Recorder client_events, server_events;
  auto client_config = test::test_client_config();
  client_config->min_version = ProtocolVersion::tls1_3;
  auto client = Connection::client(client_config, "localhost", &client_events).value();
  auto server = Connection::server(test::test_server_config(), &server_events).value();
  Wire wire;
  ASSERT_TRUE(wire.pump(*client, *server).ok());
  ASSERT_TRUE(client->handshake_done());
  ASSERT_TRUE(server->handshake_done());
  ASSERT_TRUE(send(*client, "GET / HTTP/1.1\r\n\r\n").ok());
  ASSERT_TRUE(wire.pump(*client, *server).ok());
  EXPECT_EQ(test::read_all(*server), "GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(send(*server, "HTTP/1.1 200 OK\r\n\r\n").ok());
  ASSERT_TRUE(server->close().ok());
  ASSERT_TRUE(wire.pump(*client, *server).ok());
  ASSERT_TRUE(client->close().ok());
  ASSERT_TRUE(wire.pump(*client, *server).ok());
  ASSERT_TRUE(client->closed() && server->closed());

  // Every byte moved is in exactly one record event on each side.
  EXPECT_EQ(client_events.wire_bytes(Direction::sent), wire.client_to_server);
  EXPECT_EQ(server_events.wire_bytes(Direction::received), wire.client_to_server);
  EXPECT_EQ(server_events.wire_bytes(Direction::sent), wire.server_to_client);
  EXPECT_EQ(client_events.wire_bytes(Direction::received), wire.server_to_client);
  EXPECT_EQ(client_events.kinds(Direction::sent), server_events.kinds(Direction::received));
  EXPECT_EQ(server_events.kinds(Direction::sent), client_events.kinds(Direction::received));

  // The client's records: ClientHello in the clear, the compatibility ChangeCipherSpec (RFC 8446
  // §D.4), then everything protected under an application_data header: Finished, the request,
  // close_notify.
  EXPECT_EQ(
      client_events.kinds(Direction::sent),
      (std::vector<std::string>{"handshake/handshake", "change_cipher_spec/change_cipher_spec",
                                "application_data/handshake", "application_data/application_data",
                                "application_data/alert"}));
  const auto sent = client_events.records(Direction::sent);
  EXPECT_EQ(sent[1].wire_length, 6u);  // 5-byte header + the single byte 0x01
  // Finished: header + SHA-256 verify_data (32) with its 4-byte header + content type + tag (16).
  EXPECT_EQ(sent[2].wire_length, 5u + 4 + 32 + 1 + 16);
  EXPECT_EQ(sent[4].wire_length, 5u + 2 + 1 + 16);  // close_notify

  // The server's: ServerHello, its compatibility ChangeCipherSpec, the encrypted flight, tickets,
  // the response and close_notify, all protected records after the ChangeCipherSpec.
  const auto server_kinds = server_events.kinds(Direction::sent);
  ASSERT_GE(server_kinds.size(), 5u);
  EXPECT_EQ(server_kinds[0], "handshake/handshake");
  EXPECT_EQ(server_kinds[1], "change_cipher_spec/change_cipher_spec");
  EXPECT_EQ(server_kinds[2], "application_data/handshake");
  EXPECT_EQ(server_kinds[server_kinds.size() - 2], "application_data/application_data");
  EXPECT_EQ(server_kinds.back(), "application_data/alert");

  // Wire order: a received record comes before the message it carries, and each check after the
  // message it checks.
  const auto& c = client_events;
  const std::size_t first_record = c.index_of([](const Event& e) {
    auto* r = std::get_if<RecordEvent>(&e);
    return r != nullptr && r->direction == Direction::received;
  });
  EXPECT_LT(first_record, c.message_index(Direction::received, HandshakeType::server_hello));
  EXPECT_LT(c.message_index(Direction::received, HandshakeType::certificate),
            c.check_index("certificate chain"));
  EXPECT_LT(c.check_index("host name"),
            c.message_index(Direction::received, HandshakeType::certificate_verify));
  EXPECT_LT(c.message_index(Direction::received, HandshakeType::certificate_verify),
            c.check_index("CertificateVerify signature"));
  EXPECT_LT(c.check_index("CertificateVerify signature"),
            c.message_index(Direction::received, HandshakeType::finished));
  EXPECT_LT(c.message_index(Direction::received, HandshakeType::finished),
            c.check_index("server Finished"));
  EXPECT_LT(c.check_index("server Finished"),
            c.message_index(Direction::sent, HandshakeType::finished));
  EXPECT_LT(server_events.message_index(Direction::received, HandshakeType::finished),
            server_events.check_index("client Finished"));
  EXPECT_LT(server_events.check_index("client Finished"), server_events.events.size());
}

TEST(RecordEvents, Tls12RecordsShowTheirRealTypes) {
  Recorder client_events, server_events;
  auto client_config = test::test_client_config();
  client_config->max_version = ProtocolVersion::tls1_2;
  auto client = Connection::client(client_config, "localhost", &client_events).value();
  auto server = Connection::server(test::test_server_config(), &server_events).value();
  Wire wire;
  ASSERT_TRUE(wire.pump(*client, *server).ok());
  ASSERT_TRUE(client->handshake_done());
  EXPECT_EQ(client_events.wire_bytes(Direction::sent), wire.client_to_server);
  EXPECT_EQ(client_events.wire_bytes(Direction::received), wire.server_to_client);
  // TLS 1.2 headers carry the real type: ClientHello, ClientKeyExchange, ChangeCipherSpec,
  // Finished (encrypted, still a handshake record).
  EXPECT_EQ(
      client_events.kinds(Direction::sent),
      (std::vector<std::string>{"handshake/handshake", "handshake/handshake",
                                "change_cipher_spec/change_cipher_spec", "handshake/handshake"}));
  for (const auto& r : server_events.records(Direction::sent)) {
    EXPECT_EQ(r.outer_type, r.inner_type);
  }
  // The client's check of the ServerKeyExchange signature comes after the message.
  EXPECT_LT(client_events.message_index(Direction::received, HandshakeType::server_key_exchange),
            client_events.check_index("ServerKeyExchange signature"));
}

TEST(RecordEvents, FatalAlertUnderHandshakeKeysIsAProtectedAlertRecord) {
  Recorder client_events;
  auto client_config = test::test_client_config();
  client_config->min_version = ProtocolVersion::tls1_3;
  auto client = Connection::client(client_config, "wrong.example", &client_events).value();
  auto server = Connection::server(test::test_server_config()).value();
  Wire wire;
  const Status pumped = wire.pump(*client, *server);
  ASSERT_FALSE(pumped.ok());
  EXPECT_EQ(pumped.error().code, ErrorCode::cert_name_mismatch);
  EXPECT_EQ(pumped.error().alert, AlertDescription::bad_certificate);
  // The alert waits in the client's output.
  EXPECT_EQ(client_events.wire_bytes(Direction::sent),
            wire.client_to_server + client->pending_output().size());
  const auto kinds = client_events.kinds(Direction::sent);
  ASSERT_FALSE(kinds.empty());
  // The client has handshake keys when it refuses the certificate: the alert is encrypted.
  EXPECT_EQ(kinds.back(), "application_data/alert");
  EXPECT_EQ(client_events.records(Direction::sent).back().wire_length, 5u + 2 + 1 + 16);
}

}  // namespace
}  // namespace tlspp
