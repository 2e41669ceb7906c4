// Client authentication (mutual TLS) between a tlspp client and a tlspp server over memory, in
// TLS 1.3 (RFC 8446 §4.3.2, §4.4.2-4.4.3) and TLS 1.2 (RFC 5246 §7.4.4, §7.4.6, §7.4.8): required
// and optional, with and without a client certificate, ECDSA and RSA client keys, a client from
// another CA, a forged CertificateVerify, the certificate chooser, and a Certificate that was not
// requested.
#include <gtest/gtest.h>

#include <tuple>

#include "crypto/provider.h"
#include "handshake/negotiation.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"
#include "x509/certificate.h"
#include "x509/trust_store.h"

namespace tlspp {
namespace {

using test::connect_pair;
using test::pump;
using test::read_all;
using Bytes = std::vector<std::uint8_t>;

Status send(Connection& c, std::string_view text) {
  return c.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

std::shared_ptr<const x509::TrustStore> store_of(const std::string& ca_file) {
  auto s = std::make_shared<x509::TrustStore>();
  EXPECT_TRUE(s->add_file(test::test_data_path(ca_file)).ok());
  return s;
}

std::shared_ptr<ServerConfig> server_config(ProtocolVersion version, ClientAuth mode) {
  auto s = test::test_server_config();
  s->max_version = version;
  s->client_auth = mode;
  s->client_trust_store = test::test_trust_store();
  return s;
}

std::shared_ptr<ClientConfig> client_config(ProtocolVersion version, const std::string& identity) {
  auto c = test::test_client_config();
  c->max_version = version;
  if (!identity.empty()) {
    c->client_certificate = test::test_identity(identity);
    EXPECT_NE(c->client_certificate, nullptr) << identity;
  }
  return c;
}

// Application data both ways, then close_notify both ways.
void exchange_and_close(test::Pair& p) {
  ASSERT_TRUE(send(*p.client, "from the client").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.server), "from the client");
  ASSERT_TRUE(send(*p.server, "from the server").ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_EQ(read_all(*p.client), "from the server");
  ASSERT_TRUE(p.client->close().ok());
  ASSERT_TRUE(p.server->close().ok());
  ASSERT_TRUE(pump(*p.client, *p.server).ok());
  EXPECT_FALSE(p.client->error().has_value());
  EXPECT_FALSE(p.server->error().has_value());
}

// The errors both sides end with after a handshake the server refuses.
struct Refusal {
  std::optional<Error> server;
  std::optional<Error> client;
};

Refusal refuse(std::shared_ptr<const ClientConfig> client,
               std::shared_ptr<const ServerConfig> server) {
  auto c = Connection::client(std::move(client), "localhost");
  auto s = Connection::server(std::move(server));
  EXPECT_TRUE(c.ok() && s.ok());
  if (!c.ok() || !s.ok()) return {};
  EXPECT_FALSE(pump(**c, **s).ok());
  (void)pump(**c, **s);  // delivers the server's alert
  return {(*s)->error(), (*c)->error()};
}

void expect_refusal(const Refusal& r, ErrorCode server_code, AlertDescription alert) {
  ASSERT_TRUE(r.server.has_value());
  EXPECT_EQ(r.server->code, server_code) << r.server->to_string();
  EXPECT_EQ(r.server->alert, alert);
  ASSERT_TRUE(r.client.has_value());
  EXPECT_EQ(r.client->code, ErrorCode::peer_alert) << r.client->to_string();
  EXPECT_EQ(r.client->alert, alert);
}

std::string version_name(ProtocolVersion v) { return v == ProtocolVersion::tls1_3 ? "13" : "12"; }

// ---- the matrix ----------------------------------------------------------------------------

// version, server mode, client identity ("" = none).
using Combo = std::tuple<ProtocolVersion, ClientAuth, std::string>;
class ClientAuthMatrix : public ::testing::TestWithParam<Combo> {};

TEST_P(ClientAuthMatrix, AuthenticatesOrRefusesAsConfigured) {
  auto [version, mode, identity] = GetParam();
  auto client = client_config(version, identity);
  auto server = server_config(version, mode);
  if (identity.empty() && mode == ClientAuth::required) {
    // RFC 8446 §4.4.2.4: certificate_required; RFC 5246 §7.4.6: handshake_failure.
    Refusal r = refuse(client, server);
    if (version == ProtocolVersion::tls1_3) {
      expect_refusal(r, ErrorCode::certificate_required, AlertDescription::certificate_required);
    } else {
      expect_refusal(r, ErrorCode::no_client_certificate, AlertDescription::handshake_failure);
    }
    return;
  }
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_EQ(pair->server->info().version, version);
  if (identity.empty()) {
    EXPECT_TRUE(pair->server->info().peer_chain.empty());
  } else {
    // The server's peer chain is the client's chain, leaf first.
    EXPECT_EQ(pair->server->info().peer_chain, client->client_certificate->chain);
  }
  // The client still sees the server's chain.
  EXPECT_EQ(pair->client->info().peer_chain, test::test_identity("ecdsa")->chain);
  // Both sides name the same schemes: the server's signature and, when it signed, the client's.
  const SessionInfo& c = pair->client->info();
  const SessionInfo& s = pair->server->info();
  ASSERT_TRUE(c.signature_scheme.has_value());
  EXPECT_EQ(c.signature_scheme, s.signature_scheme);
  EXPECT_EQ(c.client_signature_scheme.has_value(), !identity.empty());
  EXPECT_EQ(c.client_signature_scheme, s.client_signature_scheme);
  if (!identity.empty()) {
    EXPECT_TRUE(handshake::scheme_fits_key(*c.client_signature_scheme,
                                           client->client_certificate->key->type(), version));
  }
  exchange_and_close(*pair);
}

std::string matrix_name(const ::testing::TestParamInfo<Combo>& info) {
  const auto& [version, mode, identity] = info.param;
  const std::string id = identity.empty() ? "NoCert" : identity == "client-rsa" ? "Rsa" : "Ecdsa";
  return "Tls" + version_name(version) + (mode == ClientAuth::required ? "Required" : "Optional") +
         id;
}

INSTANTIATE_TEST_SUITE_P(
    All, ClientAuthMatrix,
    ::testing::Combine(::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                       ::testing::Values(ClientAuth::required, ClientAuth::optional),
                       ::testing::Values("client-ecdsa", "client-rsa", "")),
    matrix_name);

// ---- refusals ------------------------------------------------------------------------------

class ClientAuthVersion : public ::testing::TestWithParam<ProtocolVersion> {};

// A client chain from a CA the server does not trust: unknown_ca (our error table), whether
// client certificates are required or optional.
TEST_P(ClientAuthVersion, ClientFromOtherCaIsUnknownCa) {
  for (ClientAuth mode : {ClientAuth::required, ClientAuth::optional}) {
    for (const char* identity : {"other-client-ecdsa", "other-client-rsa"}) {
      SCOPED_TRACE(identity);
      Refusal r = refuse(client_config(GetParam(), identity), server_config(GetParam(), mode));
      ASSERT_TRUE(r.server.has_value());
      EXPECT_EQ(r.server->alert, AlertDescription::unknown_ca) << r.server->to_string();
      ASSERT_TRUE(r.client.has_value());
      EXPECT_EQ(r.client->code, ErrorCode::peer_alert);
      EXPECT_EQ(r.client->alert, AlertDescription::unknown_ca);
    }
  }
}

// A server certificate (EKU serverAuth and clientAuth) is acceptable as a client certificate; a
// leaf whose only purpose is clientAuth must not be accepted as a server certificate.
TEST_P(ClientAuthVersion, ClientOnlyCertificateIsNotAServerCertificate) {
  auto server = server_config(GetParam(), ClientAuth::none);
  server->certificate = test::test_identity("client-ecdsa");
  Refusal r = refuse(client_config(GetParam(), ""), server);
  ASSERT_TRUE(r.client.has_value());
  // The client refuses the server's chain (its own error, not a peer alert).
  EXPECT_NE(r.client->code, ErrorCode::peer_alert) << r.client->to_string();
  EXPECT_EQ(category_of(r.client->code), ErrorCategory::certificate) << r.client->to_string();
}

// Signs a different message than asked: a well-formed signature that does not verify.
class ForgingKey final : public crypto::PrivateKey {
 public:
  explicit ForgingKey(std::shared_ptr<const crypto::PrivateKey> inner) : inner_(std::move(inner)) {}
  crypto::KeyType type() const override { return inner_->type(); }
  std::size_t bits() const override { return inner_->bits(); }
  Result<std::vector<std::uint8_t>> sign(const crypto::SignatureAlgorithm& alg,
                                         crypto::Bytes message) const override {
    Bytes altered(message.begin(), message.end());
    altered.push_back(0x42);
    return inner_->sign(alg, altered);
  }
  Result<crypto::SecretBytes> decrypt_tls_premaster(crypto::Bytes c,
                                                    ProtocolVersion v) const override {
    return inner_->decrypt_tls_premaster(c, v);
  }
  std::unique_ptr<crypto::PublicKey> public_key() const override { return inner_->public_key(); }

 private:
  std::shared_ptr<const crypto::PrivateKey> inner_;
};

// RFC 8446 §4.4.3 / RFC 5246 §7.4.8: a CertificateVerify that does not verify under the client's
// certificate key is decrypt_error.
TEST_P(ClientAuthVersion, ForgedCertificateVerifyIsDecryptError) {
  for (const char* identity : {"client-ecdsa", "client-rsa"}) {
    SCOPED_TRACE(identity);
    auto client = client_config(GetParam(), identity);
    auto forged = std::make_shared<CertifiedKey>(*client->client_certificate);
    forged->key = std::make_shared<ForgingKey>(forged->key);
    client->client_certificate = forged;
    Refusal r = refuse(client, server_config(GetParam(), ClientAuth::optional));
    expect_refusal(r, ErrorCode::bad_certificate_verify, AlertDescription::decrypt_error);
  }
}

// client_auth without a client_trust_store is a configuration error, not the system store.
TEST_P(ClientAuthVersion, ClientAuthWithoutTrustStoreIsRefused) {
  auto server = server_config(GetParam(), ClientAuth::optional);
  server->client_trust_store = nullptr;
  Refusal r = refuse(client_config(GetParam(), "client-ecdsa"), server);
  ASSERT_TRUE(r.server.has_value());
  EXPECT_EQ(r.server->code, ErrorCode::invalid_argument) << r.server->to_string();
}

// The default choice sends client_certificate only when its key can sign a scheme the server
// accepts; otherwise an empty Certificate, and an optional server continues.
TEST_P(ClientAuthVersion, CertificateThatCannotSignIsNotSent) {
  auto server = server_config(GetParam(), ClientAuth::optional);
  server->signature_schemes = {SignatureScheme::rsa_pss_rsae_sha256,
                               SignatureScheme::ecdsa_secp256r1_sha256};
  auto client = client_config(GetParam(), "client-rsa");
  client->signature_schemes = {SignatureScheme::ecdsa_secp256r1_sha256,
                               SignatureScheme::rsa_pss_pss_sha256};
  auto pair = connect_pair(client, server);
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_TRUE(pair->server->info().peer_chain.empty());
}

// The chooser sees the CA names of the client_trust_store and the server's schemes, and picks
// the certificate issued by a named CA.
TEST_P(ClientAuthVersion, ChooserPicksByCaNames) {
  const auto ours = test::test_identity("client-ecdsa");
  const auto other = test::test_identity("other-client-rsa");
  for (const auto& [ca, expected] :
       {std::pair{std::string("ca.pem"), ours}, std::pair{std::string("other-ca.pem"), other}}) {
    SCOPED_TRACE(ca);
    auto server = server_config(GetParam(), ClientAuth::required);
    server->client_trust_store = store_of(ca);
    auto client = client_config(GetParam(), "");
    std::vector<CertificateRequestInfo> seen;
    client->client_certificate_for = [&](const CertificateRequestInfo& info) {
      seen.push_back(info);
      for (const auto& candidate : {ours, other}) {
        auto leaf = x509::Certificate::parse(candidate->chain.front());
        if (!leaf.ok()) return std::shared_ptr<const CertifiedKey>();
        const auto& issuer = (*leaf)->issuer().encoding;
        for (const auto& name : info.certificate_authorities) {
          if (std::equal(name.begin(), name.end(), issuer.begin(), issuer.end())) return candidate;
        }
      }
      return std::shared_ptr<const CertifiedKey>();
    };
    auto pair = connect_pair(client, server);
    ASSERT_TRUE(pair.ok()) << pair.error().to_string();
    EXPECT_EQ(pair->server->info().peer_chain, expected->chain);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].version, GetParam());
    ASSERT_EQ(seen[0].certificate_authorities.size(), 1u);
    auto anchor = x509::Certificate::parse(expected->chain.back());
    ASSERT_TRUE(anchor.ok());
    const auto& subject = (*anchor)->subject().encoding;
    EXPECT_EQ(seen[0].certificate_authorities[0], Bytes(subject.begin(), subject.end()));
    EXPECT_FALSE(seen[0].signature_schemes.empty());
  }
}

// A server without client_auth sends no CertificateRequest: the chooser is never asked and the
// server has no peer chain.
TEST_P(ClientAuthVersion, NoRequestWithoutClientAuth) {
  auto client = client_config(GetParam(), "client-ecdsa");
  bool asked = false;
  client->client_certificate_for = [&](const CertificateRequestInfo&) {
    asked = true;
    return client->client_certificate;
  };
  auto pair = connect_pair(client, server_config(GetParam(), ClientAuth::none));
  ASSERT_TRUE(pair.ok()) << pair.error().to_string();
  EXPECT_FALSE(asked);
  EXPECT_TRUE(pair->server->info().peer_chain.empty());
}

INSTANTIATE_TEST_SUITE_P(Versions, ClientAuthVersion,
                         ::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                         [](const ::testing::TestParamInfo<ProtocolVersion>& info) {
                           return "Tls" + version_name(info.param);
                         });

// Records every event.
struct Recorder final : Observer {
  std::vector<Event> events;
  void on_event(const Event& e) override { events.push_back(e); }
  // The messages of `type` sent (or received) in order.
  std::vector<MessageEvent> messages(Direction d, HandshakeType type) const {
    std::vector<MessageEvent> out;
    for (const auto& e : events) {
      if (auto* m = std::get_if<MessageEvent>(&e); m && m->direction == d && m->type == type) {
        out.push_back(*m);
      }
    }
    return out;
  }
  std::vector<CheckEvent> checks(const std::string& what) const {
    std::vector<CheckEvent> out;
    for (const auto& e : events) {
      if (auto* c = std::get_if<CheckEvent>(&e); c && c->what == what) out.push_back(*c);
    }
    return out;
  }
};

// The new messages and checks are reported like the others: the server's CertificateRequest with
// its fields, the client's Certificate and CertificateVerify on both sides, the client chain and
// signature checks, and the client's choice.
TEST_P(ClientAuthVersion, ReportsMessagesAndChecks) {
  Recorder client_events, server_events;
  auto c = Connection::client(client_config(GetParam(), "client-rsa"), "localhost", &client_events);
  auto s = Connection::server(server_config(GetParam(), ClientAuth::required), &server_events);
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE(pump(**c, **s).ok());
  ASSERT_TRUE((*c)->handshake_done() && (*s)->handshake_done());
  using D = Direction;
  using HT = HandshakeType;
  auto request = server_events.messages(D::sent, HT::certificate_request);
  ASSERT_EQ(request.size(), 1u);
  EXPECT_EQ(request[0].encrypted, GetParam() == ProtocolVersion::tls1_3);
  ASSERT_EQ(request[0].fields.size(), 2u);
  EXPECT_EQ(request[0].fields[1].name, "certificate_authorities");
  EXPECT_EQ(request[0].fields[1].values, std::vector<std::string>{"1"});
  EXPECT_EQ(client_events.messages(D::received, HT::certificate_request).size(), 1u);
  for (HT type : {HT::certificate, HT::certificate_verify}) {
    EXPECT_EQ(client_events.messages(D::sent, type).size(), 1u) << static_cast<int>(type);
    EXPECT_EQ(server_events.messages(D::received, type).size(), 1u) << static_cast<int>(type);
  }
  auto chain = server_events.checks("certificate chain");
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_TRUE(chain[0].passed);
  EXPECT_NE(chain[0].detail.find("tlspp test client (client-rsa)"), std::string::npos)
      << chain[0].detail;
  auto signature = server_events.checks("client CertificateVerify signature");
  ASSERT_EQ(signature.size(), 1u);
  EXPECT_TRUE(signature[0].passed) << signature[0].detail;
  bool chose = false;
  for (const auto& e : client_events.events) {
    if (auto* choice = std::get_if<ChoiceEvent>(&e);
        choice && choice->what == "client certificate") {
      EXPECT_EQ(choice->chosen, "RSA certificate");
      chose = true;
    }
  }
  EXPECT_TRUE(chose);
}

// ---- TLS 1.2 specifics ---------------------------------------------------------------------

// RFC 5246 §7.4.8 with the legacy static RSA key exchange (no ServerKeyExchange): the client's
// CertificateVerify still follows its ClientKeyExchange.
TEST(ClientAuth12, StaticRsaKeyExchange) {
  for (const char* identity : {"client-ecdsa", "client-rsa"}) {
    SCOPED_TRACE(identity);
    auto server = server_config(ProtocolVersion::tls1_2, ClientAuth::required);
    server->certificate = test::test_identity("rsa");
    server->allow_legacy_rsa_key_exchange = true;
    auto client = client_config(ProtocolVersion::tls1_2, identity);
    client->allow_legacy_rsa_key_exchange = true;
    client->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
    auto pair = connect_pair(client, server);
    ASSERT_TRUE(pair.ok()) << pair.error().to_string();
    EXPECT_EQ(pair->server->info().cipher_suite, CipherSuite::tls_rsa_with_aes_128_gcm_sha256);
    EXPECT_EQ(pair->server->info().peer_chain, client->client_certificate->chain);
    exchange_and_close(*pair);
  }
}

// RFC 5246 §7.4.6: a client Certificate the server did not request is unexpected_message.
TEST(ClientAuth12, UnrequestedCertificateIsUnexpectedMessage) {
  auto c = Connection::client(client_config(ProtocolVersion::tls1_2, ""), "localhost");
  auto s = Connection::server(server_config(ProtocolVersion::tls1_2, ClientAuth::none));
  ASSERT_TRUE(c.ok() && s.ok());
  ASSERT_TRUE((*s)->receive((*c)->pending_output()).ok());
  (*c)->consume_output((*c)->pending_output().size());
  ASSERT_TRUE((*c)->receive((*s)->pending_output()).ok());
  (*s)->consume_output((*s)->pending_output().size());
  // An empty Certificate in its own plaintext handshake record, before the client's flight.
  Bytes wire = {22, 3, 3, 0, 7, 11, 0, 0, 3, 0, 0, 0};
  auto flight = (*c)->pending_output();
  wire.insert(wire.end(), flight.begin(), flight.end());
  EXPECT_FALSE((*s)->receive(wire).ok());
  ASSERT_TRUE((*s)->error().has_value());
  EXPECT_EQ((*s)->error()->code, ErrorCode::unexpected_message) << (*s)->error()->to_string();
  EXPECT_EQ((*s)->error()->alert, AlertDescription::unexpected_message);
}

}  // namespace
}  // namespace tlspp
