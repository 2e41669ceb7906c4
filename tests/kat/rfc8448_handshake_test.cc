// RFC 8448 §3 "Simple 1-RTT Handshake" reproduced byte for byte by tlspp Connections: the client
// and the server each run over a DeterministicProvider that returns the trace's randoms and X25519
// private keys (and, for the server, the trace's randomised RSA-PSS CertificateVerify signature),
// and every record one side writes is compared with the trace's "complete record" bytes; every
// record of the other side is taken from the trace. All values are read from the trace text.
//
// The trace's endpoints (NSS) send extensions tlspp does not build, in another order. The
// CommonConfig::edit_extensions test hook reorders the extensions tlspp built into the trace's
// order and adds the trace's bodies of exactly the listed extra extensions; the bodies of the
// extensions tlspp builds itself are tlspp's own, so the comparison checks their encoding.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "codec/hex.h"
#include "crypto/deterministic_provider.h"
#include "crypto/openssl/openssl_provider.h"
#include "msgs/certificate.h"
#include "msgs/certificate_verify.h"
#include "msgs/client_hello.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/server_hello.h"
#include "record/tls13_protection.h"
#include "support/rfc8448.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using Bytes = std::vector<std::uint8_t>;
using Types = std::vector<std::uint16_t>;  // extension types
namespace trace = test::rfc8448;

// The block `label` after the `occurrence`-th `anchor` in §3 (a failure is recorded when absent).
Bytes value(std::string_view anchor, std::string_view label, std::size_t occurrence = 0) {
  return trace::value("3", anchor, label, occurrence);
}

using trace::body_of;
using trace::concat;
using trace::random_of;
using trace::same_bytes;
using trace::trace_order;

Types sorted(Types v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The application data both sides send: the trace's 50-byte payload.
Bytes app_payload() { return value("{client}  send application_data record:", "payload"); }

// A time inside the trace certificate's validity (2016-07-30 .. 2026-07-30): 2018-09-30.
constexpr std::int64_t kTraceTimeMs = 1538265600000;

class Rfc8448Simple1RttHandshake : public ::testing::Test {
 protected:
  const Bytes client_hello = value("{client}  construct a ClientHello", "ClientHello");
  const Bytes client_hello_record = value("{client}  send handshake record:", "complete record");
  const Bytes server_hello = value("{server}  construct a ServerHello", "ServerHello");
  const Bytes server_hello_record = value("{server}  send handshake record:", "complete record");
  const Bytes server_flight_record =
      value("{server}  send handshake record:", "complete record", 1);
  const Bytes ticket_record = value("{server}  send handshake record:", "complete record", 2);
  const Bytes client_finished_record =
      value("{client}  send handshake record:", "complete record", 1);
  const Bytes client_app_record =
      value("{client}  send application_data record:", "complete record");
  const Bytes server_app_record =
      value("{server}  send application_data record:", "complete record");
  const Bytes client_alert_record = value("{client}  send alert record:", "complete record");
  const Bytes server_alert_record = value("{server}  send alert record:", "complete record");
};

// The trace's offer, as tlspp configuration: the suites, groups (including the finite-field groups
// tlspp does not implement: supported_groups is only a list; the one key share is X25519) and
// signature schemes in the trace's order, TLS 1.3 only, no compatibility-mode session id.
TEST_F(Rfc8448Simple1RttHandshake, ClientSideByteForByte) {
  auto ch = msgs::ClientHello::decode(body_of(client_hello));
  ASSERT_TRUE(ch.ok()) << ch.error().to_string();
  ASSERT_TRUE(ch->legacy_session_id.empty());

  auto provider = std::make_shared<crypto::DeterministicProvider>(crypto::openssl::make_provider());
  provider->queue_random(random_of(client_hello));
  provider->queue_key_share_private(
      NamedGroup::x25519, value("{client}  create an ephemeral x25519 key pair:", "private key"));

  auto config = std::make_shared<ClientConfig>();
  config->provider = provider;
  config->min_version = ProtocolVersion::tls1_3;
  config->cipher_suites = ch->cipher_suites;
  auto groups = ch->find_extension(ExtensionType::supported_groups);
  auto schemes = ch->find_extension(ExtensionType::signature_algorithms);
  ASSERT_NE(groups, nullptr);
  ASSERT_NE(schemes, nullptr);
  config->groups.clear();
  for (std::size_t i = 2; i + 1 < groups->body.size(); i += 2) {
    config->groups.push_back(static_cast<NamedGroup>(groups->body[i] << 8 | groups->body[i + 1]));
  }
  for (std::size_t i = 2; i + 1 < schemes->body.size(); i += 2) {
    config->signature_schemes.push_back(
        static_cast<SignatureScheme>(schemes->body[i] << 8 | schemes->body[i + 1]));
  }
  config->middlebox_compatibility = false;
  config->clock = [] { return kTraceTimeMs; };
  // The trace's server certificate (self-signed "CN=rsa", 1024-bit RSA, no subjectAltName) cannot
  // pass tlspp's verifier for the trace's server name "server": the name does not match (and the
  // self-signed end-entity certificate with cA=FALSE is no trust anchor). Verification is not what
  // this test is about; the CertificateVerify signature is still verified under the certificate's
  // key.
  config->dangerous_disable_certificate_verification = true;
  // Added from the trace; none changes what tlspp negotiates: renegotiation_info (TLS 1.2 only),
  // session_ticket (TLS 1.2 only), psk_key_exchange_modes (no PSK is offered) and
  // record_size_limit (2^14 + 1: the TLS 1.3 maximum; tlspp honours the server's answer).
  auto built = std::make_shared<Types>();
  config->edit_extensions =
      trace_order(HandshakeType::client_hello, *ch->extensions,
                  {0xff01, static_cast<std::uint16_t>(ExtensionType::session_ticket),
                   static_cast<std::uint16_t>(ExtensionType::psk_key_exchange_modes),
                   static_cast<std::uint16_t>(ExtensionType::record_size_limit)},
                  built);

  auto client = Connection::client(config, "server");
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  Connection& c = **client;
  // tlspp built server_name, supported_groups, signature_algorithms, supported_versions, key_share.
  EXPECT_EQ(sorted(*built), (Types{0, 10, 13, 43, 51}));
  EXPECT_TRUE(same_bytes(trace::drain(c), client_hello_record));

  // ServerHello and the encrypted server flight: the client accepts them and answers with its
  // Finished (no ChangeCipherSpec: the session id is empty).
  auto n = c.receive(concat(server_hello_record, server_flight_record));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(*n, server_hello_record.size() + server_flight_record.size());
  EXPECT_TRUE(c.handshake_done());
  EXPECT_TRUE(same_bytes(trace::drain(c), client_finished_record));
  EXPECT_EQ(c.info().cipher_suite, CipherSuite::tls_aes_128_gcm_sha256);
  EXPECT_EQ(c.info().group, NamedGroup::x25519);
  EXPECT_EQ(c.info().signature_scheme, SignatureScheme::rsa_pss_rsae_sha256);

  // The server's NewSessionTicket is accepted (and sends nothing back).
  n = c.receive(ticket_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(c.pending_output().empty());

  // Application data both ways, then close_notify.
  const Bytes payload = app_payload();
  ASSERT_TRUE(c.write(payload).ok());
  EXPECT_TRUE(same_bytes(trace::drain(c), client_app_record));
  n = c.receive(server_app_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  Bytes got(payload.size() + 1);
  got.resize(c.read(got));
  EXPECT_EQ(got, payload);
  ASSERT_TRUE(c.close().ok());
  EXPECT_TRUE(same_bytes(trace::drain(c), client_alert_record));
  n = c.receive(server_alert_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(c.peer_closed());
  EXPECT_TRUE(c.closed());
  EXPECT_FALSE(c.error().has_value());
}

TEST_F(Rfc8448Simple1RttHandshake, ServerSideByteForByte) {
  auto sh = msgs::ServerHello::decode(body_of(server_hello));
  ASSERT_TRUE(sh.ok()) << sh.error().to_string();
  const Bytes ee_message =
      value("{server}  construct a EncryptedExtensions", "EncryptedExtensions");
  auto ee = msgs::EncryptedExtensions::decode(body_of(ee_message));
  ASSERT_TRUE(ee.ok()) << ee.error().to_string();
  const Bytes certificate_message = value("{server}  construct a Certificate", "Certificate");
  const Bytes certificate_body = body_of(certificate_message);  // the decoded view aliases it
  auto certificate = msgs::CertificateTls13::decode(certificate_body);
  ASSERT_TRUE(certificate.ok()) << certificate.error().to_string();
  ASSERT_EQ(certificate->certificate_list.size(), 1u);
  const Bytes cv_message = value("{server}  construct a CertificateVerify", "CertificateVerify");
  auto cv = msgs::CertificateVerify::decode(body_of(cv_message));
  ASSERT_TRUE(cv.ok()) << cv.error().to_string();

  auto provider = std::make_shared<crypto::DeterministicProvider>(crypto::openssl::make_provider());
  provider->queue_key_share_private(
      NamedGroup::x25519, value("{server}  create an ephemeral x25519 key pair:", "private key"));
  provider->queue_random(random_of(server_hello));
  {
    const Bytes nst = value("{server}  construct a NewSessionTicket", "NewSessionTicket");
    provider->queue_random(Bytes(nst.begin() + 8, nst.begin() + 12));  // ticket_age_add
  }
  // RSA-PSS is randomised: the trace's signature is injected. The key only has to be an RSA key
  // loaded through the deterministic provider (which returns the queued signature from sign()).
  provider->queue_signature(cv->signature);
  auto identity = std::make_shared<CertifiedKey>();
  const auto& der = certificate->certificate_list.front().cert_data;
  identity->chain.emplace_back(der.begin(), der.end());
  {
    std::FILE* f = std::fopen(test::test_data_path("rsa-key.pem").c_str(), "rb");
    ASSERT_NE(f, nullptr);
    Bytes key_pem(16384);
    key_pem.resize(std::fread(key_pem.data(), 1, key_pem.size(), f));
    std::fclose(f);
    auto key = provider->load_private_key(key_pem);
    ASSERT_TRUE(key.ok()) << key.error().to_string();
    identity->key = std::shared_ptr<const crypto::PrivateKey>(std::move(key).value());
  }

  auto config = std::make_shared<ServerConfig>();
  config->provider = provider;
  config->min_version = ProtocolVersion::tls1_3;
  config->certificate = identity;
  // One NewSessionTicket like the trace's: 30 s, 0-RTT up to 1024 bytes, the trace's
  // ticket_age_add (the next random bytes after the ServerHello random), held in the session
  // cache.
  config->tickets_per_handshake = 1;
  config->ticket_lifetime = std::chrono::seconds(30);
  config->max_early_data = 1024;
  config->ticket_keys = nullptr;
  config->clock = [] { return kTraceTimeMs; };
  // ServerHello: tlspp builds supported_versions and key_share; the trace has them the other way
  // round. EncryptedExtensions: tlspp builds the server_name acknowledgement; the trace adds
  // supported_groups (informational, RFC 8446 §4.2.7) and record_size_limit 2^14 + 1 (the TLS 1.3
  // maximum, which tlspp accepts anyway).
  auto built_sh = std::make_shared<Types>();
  auto built_ee = std::make_shared<Types>();
  auto sh_hook = trace_order(HandshakeType::server_hello, *sh->extensions, {}, built_sh);
  auto ee_hook = trace_order(HandshakeType::encrypted_extensions, ee->extensions,
                             {static_cast<std::uint16_t>(ExtensionType::supported_groups),
                              static_cast<std::uint16_t>(ExtensionType::record_size_limit)},
                             built_ee);
  config->edit_extensions = [=](HandshakeType m, RawExtensions& e) {
    sh_hook(m, e);
    ee_hook(m, e);
  };

  auto server = Connection::server(config);
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  Connection& s = **server;
  auto n = s.receive(client_hello_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(sorted(*built_sh), (Types{43, 51}));
  EXPECT_EQ(sorted(*built_ee), (Types{0}));
  // ServerHello, then EncryptedExtensions..Finished in one protected record.
  EXPECT_TRUE(same_bytes(trace::drain(s), concat(server_hello_record, server_flight_record)));

  n = s.receive(client_finished_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(s.handshake_done());
  // The NewSessionTicket: the trace's lifetime (30 s), ticket_age_add (injected), nonce 00 00 and
  // early_data (1024); only the ticket differs (the trace's is 178 bytes of NSS state, tlspp's a
  // 32-byte random ID into its session cache), so the record is opened under the trace's server
  // application key and compared field by field.
  const Bytes trace_ticket = value("{server}  construct a NewSessionTicket", "NewSessionTicket");
  const Bytes ticket_out = trace::drain(s);
  auto open = record::Tls13RecordProtection::create(
      *provider, crypto::AeadAlg::aes_128_gcm,
      codec::SecretBytes(
          value("{server}  derive write traffic keys for application data:", "key expanded")),
      codec::SecretBytes(
          value("{server}  derive write traffic keys for application data:", "iv expanded")));
  ASSERT_TRUE(open.ok()) << open.error().to_string();
  ASSERT_GT(ticket_out.size(), 5u);
  Bytes record = ticket_out;
  auto opened = open->open(std::span<const std::uint8_t>(record).first(5),
                           std::span<std::uint8_t>(record).subspan(5));
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::handshake);
  const Bytes ours(opened->content.begin(), opened->content.end());
  // header(4) lifetime(4) age_add(4) nonce<1> ticket<2> extensions<2>
  ASSERT_EQ(ours.size(), 4u + 4 + 4 + 3 + 2 + 32 + 10);
  EXPECT_EQ(Bytes(ours.begin() + 4, ours.begin() + 15),
            Bytes(trace_ticket.begin() + 4, trace_ticket.begin() + 15));  // through the nonce
  EXPECT_EQ(Bytes(ours.begin() + 15, ours.begin() + 17), (Bytes{0x00, 0x20}));
  EXPECT_EQ(Bytes(ours.end() - 10, ours.end()), Bytes(trace_ticket.end() - 10, trace_ticket.end()));
  EXPECT_EQ(config->session_cache->size(), 1u);

  const Bytes payload = app_payload();
  n = s.receive(client_app_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  Bytes got(payload.size() + 1);
  got.resize(s.read(got));
  EXPECT_EQ(got, payload);

  // Its application data record is, as the trace's, the second under the application key.
  ASSERT_TRUE(s.write(payload).ok());
  EXPECT_TRUE(same_bytes(trace::drain(s), server_app_record));

  n = s.receive(client_alert_record);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_TRUE(s.peer_closed());
  EXPECT_FALSE(s.error().has_value());
}

}  // namespace
}  // namespace tlspp
