// The abbreviated TLS 1.2 handshake on the wire, recomputed outside the state machines: each
// side's Finished (RFC 5246 §7.4.9) is decrypted from its record with the key block of the
// resumed master secret and the new randoms (§6.3) and compared with the PRF over the abbreviated
// transcript (ClientHello, ServerHello, [NewSessionTicket], server Finished). And a HelloRequest
// during the handshake is ignored (RFC 5246 §7.4.1.1).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codec/hex.h"
#include "crypto/provider.h"
#include "handshake/key_schedule12.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr CipherSuite kSuite = CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256;

struct Record {
  std::uint8_t type;
  Bytes payload;
};

std::vector<Record> split_records(std::span<const std::uint8_t> bytes) {
  std::vector<Record> out;
  std::size_t at = 0;
  while (at + 5 <= bytes.size()) {
    const std::size_t len = (std::size_t{bytes[at + 3]} << 8) | bytes[at + 4];
    if (at + 5 + len > bytes.size()) break;
    out.push_back({bytes[at], Bytes(bytes.begin() + at + 5, bytes.begin() + at + 5 + len)});
    at += 5 + len;
  }
  EXPECT_EQ(at, bytes.size()) << "trailing partial record";
  return out;
}

Bytes take_output(Connection& c) {
  auto out = c.pending_output();
  Bytes bytes(out.begin(), out.end());
  c.consume_output(bytes.size());
  return bytes;
}

Bytes sha256(crypto::Provider& p, const Bytes& data) {
  Bytes out(32);
  EXPECT_TRUE(p.hash(crypto::HashAlg::sha256, data, out).ok());
  return out;
}

// RFC 5288 §3 / RFC 5246 §6.2.3.3: a TLS 1.2 AES-GCM record with sequence number 0 (the first
// under new keys): explicit nonce (8) || ciphertext || tag (16).
Bytes open_first_record(crypto::Provider& p, const codec::SecretBytes& key,
                        const codec::SecretBytes& salt, const Bytes& payload) {
  EXPECT_GT(payload.size(), 24u);
  auto aead = p.new_aead(crypto::AeadAlg::aes_128_gcm, key.span());
  EXPECT_TRUE(aead.ok());
  Bytes nonce(salt.span().begin(), salt.span().end());
  nonce.insert(nonce.end(), payload.begin(), payload.begin() + 8);
  Bytes text(payload.begin() + 8, payload.end() - 16);
  const Bytes tag(payload.end() - 16, payload.end());
  Bytes aad = {0,
               0,
               0,
               0,
               0,
               0,
               0,
               0,
               22,
               3,
               3,
               static_cast<std::uint8_t>(text.size() >> 8),
               static_cast<std::uint8_t>(text.size())};
  EXPECT_TRUE((*aead)->open(nonce, aad, text, tag).ok());
  return text;
}

class AbbreviatedFinished : public ::testing::TestWithParam<bool> {};  // true: by ticket

TEST_P(AbbreviatedFinished, BothFinishedMatchTheKeySchedule) {
  crypto::Provider& p = *test::test_provider();
  std::vector<std::string> key_log;
  auto client = test::test_client_config();
  client->max_version = ProtocolVersion::tls1_2;
  client->cipher_suites = {kSuite};
  client->key_log = [&](std::string_view line) { key_log.emplace_back(line); };
  auto server = test::test_server_config("ecdsa");
  server->max_version = ProtocolVersion::tls1_2;
  if (GetParam()) {
    server->session_cache = nullptr;
    // A renewed ticket on resumption, so that the NewSessionTicket is in the transcript checked.
    server->renew_tls12_tickets = true;
  } else {
    server->ticket_keys = nullptr;
  }
  ASSERT_TRUE(test::connect_pair(client, server).ok());
  // "CLIENT_RANDOM <client random> <master secret>" of the full handshake.
  ASSERT_EQ(key_log.size(), 1u);
  auto master = codec::from_hex(key_log[0].substr(key_log[0].rfind(' ') + 1));
  ASSERT_TRUE(master.has_value());
  ASSERT_EQ(master->size(), 48u);

  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  const Bytes hello = take_output(**c);
  ASSERT_TRUE((*s)->receive(hello).ok());
  const Bytes server_flight = take_output(**s);

  // ClientHello; ServerHello [+ NewSessionTicket], ChangeCipherSpec, Finished (encrypted).
  Bytes transcript;
  for (const Record& r : split_records(hello)) {
    ASSERT_EQ(r.type, 22);
    transcript.insert(transcript.end(), r.payload.begin(), r.payload.end());
  }
  const std::vector<Record> records = split_records(server_flight);
  ASSERT_GE(records.size(), 3u);
  Bytes server_hs;  // the plaintext handshake messages before the ChangeCipherSpec
  for (std::size_t i = 0; i + 2 < records.size(); ++i) {
    ASSERT_EQ(records[i].type, 22);
    server_hs.insert(server_hs.end(), records[i].payload.begin(), records[i].payload.end());
  }
  ASSERT_EQ(records[records.size() - 2].type, 20);
  ASSERT_EQ(records.back().type, 22);
  ASSERT_EQ(server_hs[0], 2);  // ServerHello
  // NewSessionTicket (type 4) after the ServerHello exactly when resuming by ticket.
  const std::size_t sh_len =
      4 + ((std::size_t{server_hs[1]} << 16) | (server_hs[2] << 8) | server_hs[3]);
  ASSERT_LE(sh_len, server_hs.size());
  EXPECT_EQ(sh_len < server_hs.size(), GetParam());
  if (GetParam()) {
    EXPECT_EQ(server_hs[sh_len], 4);
  }
  const Bytes client_random(transcript.begin() + 6, transcript.begin() + 38);
  const Bytes server_random(server_hs.begin() + 6, server_hs.begin() + 38);
  transcript.insert(transcript.end(), server_hs.begin(), server_hs.end());

  auto block = handshake::key_block12(p, crypto::HashAlg::sha256, crypto::AeadAlg::aes_128_gcm,
                                      *master, client_random, server_random);
  ASSERT_TRUE(block.ok());
  auto server_expected = handshake::finished_verify_data12(p, crypto::HashAlg::sha256, *master,
                                                           false, sha256(p, transcript));
  ASSERT_TRUE(server_expected.ok());
  const Bytes server_finished =
      open_first_record(p, block->server_key, block->server_iv, records.back().payload);
  ASSERT_EQ(server_finished.size(), 16u);
  EXPECT_EQ(Bytes(server_finished.begin(), server_finished.begin() + 4), (Bytes{20, 0, 0, 12}));
  EXPECT_EQ(Bytes(server_finished.begin() + 4, server_finished.end()),
            Bytes(server_expected->span().begin(), server_expected->span().end()));

  ASSERT_TRUE((*c)->receive(server_flight).ok());
  ASSERT_TRUE((*c)->handshake_done());
  EXPECT_TRUE((*c)->info().resumed);
  const Bytes client_flight = take_output(**c);
  const std::vector<Record> client_records = split_records(client_flight);
  ASSERT_EQ(client_records.size(), 2u);
  ASSERT_EQ(client_records[0].type, 20);
  transcript.insert(transcript.end(), server_finished.begin(), server_finished.end());
  auto client_expected = handshake::finished_verify_data12(p, crypto::HashAlg::sha256, *master,
                                                           true, sha256(p, transcript));
  ASSERT_TRUE(client_expected.ok());
  const Bytes client_finished =
      open_first_record(p, block->client_key, block->client_iv, client_records[1].payload);
  ASSERT_EQ(client_finished.size(), 16u);
  EXPECT_EQ(Bytes(client_finished.begin() + 4, client_finished.end()),
            Bytes(client_expected->span().begin(), client_expected->span().end()));

  ASSERT_TRUE((*s)->receive(client_flight).ok());
  ASSERT_TRUE((*s)->handshake_done());
  EXPECT_TRUE((*s)->info().resumed);
}

INSTANTIATE_TEST_SUITE_P(BySessionIdAndTicket, AbbreviatedFinished, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Ticket" : "SessionId"; });

// RFC 5246 §7.4.1.1: "This message will be ignored by the client if the client is currently
// negotiating a session." No alert, no change to the transcript: the handshake completes.
TEST(HelloRequest12, IgnoredWhileNegotiating) {
  auto client = test::test_client_config();
  client->max_version = ProtocolVersion::tls1_2;
  auto server = test::test_server_config("ecdsa");
  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE((*s)->receive(take_output(**c)).ok());
  ASSERT_TRUE((*c)->receive(take_output(**s)).ok());         // ServerHello ... ServerHelloDone
  const std::size_t before = (*c)->pending_output().size();  // ClientKeyExchange, CCS, Finished
  const Bytes hello_request = {22, 3, 3, 0, 4, 0, 0, 0, 0};
  ASSERT_TRUE((*c)->receive(hello_request).ok());
  EXPECT_EQ((*c)->pending_output().size(), before);  // no no_renegotiation alert
  ASSERT_TRUE(test::pump(**c, **s).ok());
  EXPECT_TRUE((*c)->handshake_done());
  EXPECT_TRUE((*s)->handshake_done());
}

// RFC 5077 §3.3: a server that echoed SessionTicket must send NewSessionTicket before its
// ChangeCipherSpec; a ChangeCipherSpec in its place is unexpected_message, in the full handshake
// and in the abbreviated one. (The server here has no ticket keys; its editor adds the echo.)
TEST(NewSessionTicket12, MissingAfterSessionTicketEchoRefused) {
  auto client = test::test_client_config();
  client->max_version = ProtocolVersion::tls1_2;
  auto server = test::test_server_config("ecdsa");
  server->ticket_keys = nullptr;
  auto full = test::connect_pair(client, server);  // session ID only: resumable
  ASSERT_TRUE(full.ok()) << full.error().to_string();
  server->edit_extensions = [](HandshakeType, RawExtensions& ext) { ext.push_back({35, {}}); };
  for (const char* which : {"abbreviated", "full"}) {
    if (std::string(which) == "full") client->session_store->forget("localhost");
    auto pair = test::connect_pair(client, server);
    ASSERT_FALSE(pair.ok()) << which;
    EXPECT_EQ(pair.error().code, ErrorCode::unexpected_message) << which;
    EXPECT_EQ(pair.error().alert, AlertDescription::unexpected_message) << which;
  }
}

// RFC 5246 §7.1: in the abbreviated handshake the client's Finished must follow its
// ChangeCipherSpec; without it the server refuses with unexpected_message.
TEST(AbbreviatedFlow12, ClientFinishedWithoutChangeCipherSpecRefused) {
  auto client = test::test_client_config();
  client->max_version = ProtocolVersion::tls1_2;
  auto server = test::test_server_config("ecdsa");
  ASSERT_TRUE(test::connect_pair(client, server).ok());
  auto c = Connection::client(client, "localhost");
  auto s = Connection::server(server);
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE((*s)->receive(take_output(**c)).ok());
  ASSERT_TRUE((*c)->receive(take_output(**s)).ok());
  ASSERT_TRUE((*c)->info().resumed);
  const std::vector<Record> flight = split_records(take_output(**c));
  ASSERT_EQ(flight.size(), 2u);
  ASSERT_EQ(flight[0].type, 20);
  Bytes finished_only = {22, 3, 3, static_cast<std::uint8_t>(flight[1].payload.size() >> 8),
                         static_cast<std::uint8_t>(flight[1].payload.size())};
  finished_only.insert(finished_only.end(), flight[1].payload.begin(), flight[1].payload.end());
  auto r = (*s)->receive(finished_only);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unexpected_message);
  EXPECT_FALSE((*s)->handshake_done());
}

}  // namespace
}  // namespace tlspp
