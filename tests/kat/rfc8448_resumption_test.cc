// RFC 8448 §4 "Resumed 0-RTT Handshake" reproduced byte for byte by tlspp Connections over a
// DeterministicProvider that returns the trace's randoms and X25519 keys.
//
// Client: it runs the §3 handshake (the §3 test checks those bytes), receives the §3
// NewSessionTicket into its session store, and 5 ms later (the trace's ticket age) resumes: the
// ClientHello with its PSK binder, the 0-RTT record, then EndOfEarlyData and Finished must equal
// the trace's records. Server: its session cache holds the trace's ticket as a stateful ticket ID
// (standing for the §3 resumption PSK); given the trace's ClientHello and early data it must send
// the trace's ServerHello and EncryptedExtensions..Finished records, deliver the early data, and
// accept EndOfEarlyData and the client's Finished. As in the §3 test, the edit_extensions hook
// puts tlspp's extensions in the trace's order and adds the trace's bodies of the listed extra
// extensions.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "codec/hex.h"
#include "crypto/deterministic_provider.h"
#include "crypto/openssl/openssl_provider.h"
#include "handshake/session/session_state.h"
#include "msgs/client_hello.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/server_hello.h"
#include "support/rfc8448.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using Bytes = std::vector<std::uint8_t>;
namespace trace = test::rfc8448;

Bytes v3(std::string_view anchor, std::string_view label, std::size_t occurrence = 0) {
  return trace::value("3", anchor, label, occurrence);
}
Bytes v4(std::string_view anchor, std::string_view label, std::size_t occurrence = 0) {
  return trace::value("4", anchor, label, occurrence);
}

using trace::body_of;
using trace::concat;
using trace::random_of;
using trace::same_bytes;
using trace::trace_order;

// 2018-09-30, inside the trace certificate's validity; the §3 ticket arrives at this time.
constexpr std::int64_t kTicketTimeMs = 1538265600000;
// The trace's obfuscated ticket age is ticket_age_add + 5: the client resumes 5 ms later.
constexpr std::int64_t kResumeTimeMs = kTicketTimeMs + 5;

constexpr std::uint16_t kRenegotiationInfo = 0xff01;
constexpr auto type16(ExtensionType t) { return static_cast<std::uint16_t>(t); }

std::vector<NamedGroup> groups_of(const msgs::ClientHello& ch) {
  std::vector<NamedGroup> out;
  const auto* e = ch.find_extension(ExtensionType::supported_groups);
  for (std::size_t i = 2; e != nullptr && i + 1 < e->body.size(); i += 2) {
    out.push_back(static_cast<NamedGroup>(e->body[i] << 8 | e->body[i + 1]));
  }
  return out;
}
std::vector<SignatureScheme> schemes_of(const msgs::ClientHello& ch) {
  std::vector<SignatureScheme> out;
  const auto* e = ch.find_extension(ExtensionType::signature_algorithms);
  for (std::size_t i = 2; e != nullptr && i + 1 < e->body.size(); i += 2) {
    out.push_back(static_cast<SignatureScheme>(e->body[i] << 8 | e->body[i + 1]));
  }
  return out;
}

TEST(Rfc8448Resumed0Rtt, ClientSideByteForByte) {
  const Bytes hello3 = v3("{client}  construct a ClientHello", "ClientHello");
  // The trace labels the truncated ClientHello "ClientHello (477 octets)"; the whole message is
  // the record's payload.
  const Bytes hello4 = v4("{client}  send handshake record:", "payload");
  const Bytes body3 = body_of(hello3), body4 = body_of(hello4);  // the decoded views alias them
  auto ch3 = msgs::ClientHello::decode(body3);
  ASSERT_TRUE(ch3.ok()) << ch3.error().to_string();
  auto ch4 = msgs::ClientHello::decode(body4);
  ASSERT_TRUE(ch4.ok()) << ch4.error().to_string();

  auto provider = std::make_shared<crypto::DeterministicProvider>(crypto::openssl::make_provider());
  provider->queue_random(random_of(hello3));
  provider->queue_key_share_private(
      NamedGroup::x25519, v3("{client}  create an ephemeral x25519 key pair:", "private key"));
  auto now = std::make_shared<std::int64_t>(kTicketTimeMs);

  // §3, as in rfc8448_handshake_test.cc (which compares its bytes).
  auto config = std::make_shared<ClientConfig>();
  config->provider = provider;
  config->min_version = ProtocolVersion::tls1_3;
  config->cipher_suites = ch3->cipher_suites;
  config->groups = groups_of(*ch3);
  config->signature_schemes = schemes_of(*ch3);
  config->middlebox_compatibility = false;
  config->clock = [now] { return *now; };
  config->dangerous_disable_certificate_verification = true;
  config->edit_extensions = trace_order(
      HandshakeType::client_hello, *ch3->extensions,
      {kRenegotiationInfo, type16(ExtensionType::session_ticket),
       type16(ExtensionType::psk_key_exchange_modes), type16(ExtensionType::record_size_limit)});
  {
    auto c = Connection::client(config, "server");
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    (void)trace::drain(**c);
    auto n = (*c)->receive(concat(v3("{server}  send handshake record:", "complete record"),
                                  v3("{server}  send handshake record:", "complete record", 1)));
    ASSERT_TRUE(n.ok()) << n.error().to_string();
    ASSERT_TRUE((*c)->handshake_done());
    n = (*c)->receive(v3("{server}  send handshake record:", "complete record", 2));
    ASSERT_TRUE(n.ok()) << n.error().to_string();
  }
  auto session = config->session_store->peek("server");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->max_early_data(), 1024u);
  EXPECT_EQ(session->cipher_suite(), CipherSuite::tls_aes_128_gcm_sha256);

  // §4: the same offer, 5 ms later, with the 0-RTT payload.
  *now = kResumeTimeMs;
  provider->queue_random(random_of(hello4));
  provider->queue_key_share_private(
      NamedGroup::x25519, v4("{client}  create an ephemeral x25519 key pair:", "private key"));
  auto config4 = std::make_shared<ClientConfig>(*config);  // the same session store
  // Added from the trace: renegotiation_info, record_size_limit and padding (to 512 bytes). tlspp
  // builds psk_key_exchange_modes, early_data and pre_shared_key (with the binder) itself.
  config4->edit_extensions =
      trace_order(HandshakeType::client_hello, *ch4->extensions,
                  {kRenegotiationInfo, type16(ExtensionType::record_size_limit),
                   type16(ExtensionType::padding)});
  ClientParams params;
  params.server_name = "server";
  params.early_data = v4("{client}  send application_data record:", "payload");
  auto client = Connection::client(config4, params);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  Connection& c = **client;
  EXPECT_TRUE(same_bytes(trace::drain(c),
                         concat(v4("{client}  send handshake record:", "complete record"),
                                v4("{client}  send application_data record:", "complete record"))));

  // The server's ServerHello and flight; the client answers with EndOfEarlyData and Finished.
  auto n = c.receive(concat(v4("{server}  send handshake record:", "complete record"),
                            v4("{server}  send handshake record:", "complete record", 1)));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(c.handshake_done());
  EXPECT_TRUE(same_bytes(trace::drain(c),
                         concat(v4("{client}  send handshake record:", "complete record", 1),
                                v4("{client}  send handshake record:", "complete record", 2))));
  EXPECT_TRUE(c.info().resumed);
  EXPECT_TRUE(c.info().early_data_accepted);
  EXPECT_EQ(c.info().group, NamedGroup::x25519);
}

TEST(Rfc8448Resumed0Rtt, ServerSideByteForByte) {
  const Bytes server_hello = v4("{server}  construct a ServerHello", "ServerHello");
  auto sh = msgs::ServerHello::decode(body_of(server_hello));
  ASSERT_TRUE(sh.ok()) << sh.error().to_string();
  const Bytes ee_message = v4("{server}  construct a EncryptedExtensions", "EncryptedExtensions");
  auto ee = msgs::EncryptedExtensions::decode(body_of(ee_message));
  ASSERT_TRUE(ee.ok()) << ee.error().to_string();
  const Bytes nst = v3("{server}  construct a NewSessionTicket", "NewSessionTicket");
  // header(4) lifetime(4) age_add(4) nonce<1>(1 + 2) ticket<2>(2 + 0xb2) extensions
  const Bytes ticket(nst.begin() + 17, nst.begin() + 17 + 0xb2);

  auto provider = std::make_shared<crypto::DeterministicProvider>(crypto::openssl::make_provider());
  provider->queue_key_share_private(
      NamedGroup::x25519, v4("{server}  create an ephemeral x25519 key pair:", "private key"));
  provider->queue_random(random_of(server_hello));

  auto config = std::make_shared<ServerConfig>();
  config->provider = provider;
  config->min_version = ProtocolVersion::tls1_3;
  config->clock = [] { return kResumeTimeMs; };
  config->max_early_data = 1024;
  config->ticket_keys = nullptr;  // the trace's ticket is held as a stateful ticket ID
  handshake::SessionState state;
  state.version = ProtocolVersion::tls1_3;
  state.suite = CipherSuite::tls_aes_128_gcm_sha256;
  state.secret = codec::SecretBytes(
      v3("{server}  generate resumption secret \"tls13 resumption\":", "expanded"));
  state.server_name = "server";
  state.created_ms = kTicketTimeMs;
  state.lifetime_s = 30;
  state.age_add = 0x933d0932;
  state.max_early_data = 1024;
  handshake::SessionAccess::put(*config->session_cache, ticket, state, kTicketTimeMs);
  // The trace's ServerHello has key_share, pre_shared_key, supported_versions; its
  // EncryptedExtensions adds supported_groups (informational) and record_size_limit (2^14 + 1) to
  // what tlspp builds (server_name, early_data).
  auto sh_hook = trace_order(HandshakeType::server_hello, *sh->extensions, {});
  auto ee_hook = trace_order(
      HandshakeType::encrypted_extensions, ee->extensions,
      {type16(ExtensionType::supported_groups), type16(ExtensionType::record_size_limit)});
  config->edit_extensions = [=](HandshakeType m, RawExtensions& e) {
    sh_hook(m, e);
    ee_hook(m, e);
  };
  // No certificate is needed: the server resumes.

  auto server = Connection::server(config);
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  Connection& s = **server;
  auto n = s.receive(concat(v4("{client}  send handshake record:", "complete record"),
                            v4("{client}  send application_data record:", "complete record")));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(same_bytes(trace::drain(s),
                         concat(v4("{server}  send handshake record:", "complete record"),
                                v4("{server}  send handshake record:", "complete record", 1))));
  // The 0-RTT data is readable at once, marked as early data.
  const Bytes early = v4("{client}  send application_data record:", "payload");
  EXPECT_EQ(s.early_data_received(), early.size());
  Bytes got(64);
  got.resize(s.read(got));
  EXPECT_EQ(got, early);

  n = s.receive(concat(v4("{client}  send handshake record:", "complete record", 1),
                       v4("{client}  send handshake record:", "complete record", 2)));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(s.handshake_done());
  EXPECT_TRUE(s.info().resumed);
  EXPECT_TRUE(s.info().early_data_accepted);
  EXPECT_EQ(config->session_cache->size(), 1u);  // the trace's ticket was used; one new one
}

}  // namespace
}  // namespace tlspp
