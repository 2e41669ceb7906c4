// RFC 8448 §3 "Simple 1-RTT Handshake": the TLS 1.3 key schedule (RFC 8446 §7.1) and traffic keys
// (§7.3) reproduced from the trace's private keys and handshake messages, compared with every
// intermediate value the trace prints. All values are read from the trace text.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "codec/hex.h"
#include "crypto/openssl/openssl_provider.h"
#include "spec_text.h"

namespace tlspp::kat {
namespace {

using crypto::HashAlg;
using Bytes = std::vector<std::uint8_t>;

// The values of §3 this test uses, in trace order.
struct Trace {
  Bytes client_private, client_public, client_hello;
  Bytes early_secret;
  Bytes server_private, server_public, server_hello;
  Bytes derived_for_handshake, shared_secret, handshake_secret;
  Bytes hello_hash, client_handshake_traffic, server_handshake_traffic;
  Bytes derived_for_master, master_secret;
  Bytes server_handshake_key, server_handshake_iv;
  Bytes encrypted_extensions, certificate, certificate_verify;
  Bytes server_finished_key, server_verify_data, server_finished;
  Bytes server_finished_hash, client_application_traffic, server_application_traffic;
  Bytes exporter_master;
  Bytes server_application_key, server_application_iv;
  Bytes client_handshake_key, client_handshake_iv;
  Bytes client_finished;
  Bytes client_application_key, client_application_iv;
  Bytes client_finished_hash, resumption_master;
};

Trace read_trace() {
  SpecText spec("rfc8448-draft-vectors.txt");
  SpecText s = spec.section("3.  Simple 1-RTT Handshake", "4.  Resumed 0-RTT Handshake");
  Trace t;
  s.seek("{client}  create an ephemeral x25519 key pair:");
  t.client_private = s.octets("private key");
  t.client_public = s.octets("public key");
  s.seek("{client}  construct a ClientHello handshake message");
  t.client_hello = s.octets("ClientHello");
  s.seek("{server}  extract secret \"early\":");
  t.early_secret = s.octets("secret");
  s.seek("{server}  create an ephemeral x25519 key pair:");
  t.server_private = s.octets("private key");
  t.server_public = s.octets("public key");
  s.seek("{server}  construct a ServerHello handshake message");
  t.server_hello = s.octets("ServerHello");
  s.seek("{server}  derive secret for handshake \"tls13 derived\":");
  t.derived_for_handshake = s.octets("expanded");
  s.seek("{server}  extract secret \"handshake\":");
  t.shared_secret = s.octets("IKM");
  t.handshake_secret = s.octets("secret");
  s.seek("{server}  derive secret \"tls13 c hs traffic\":");
  t.hello_hash = s.octets("hash");
  t.client_handshake_traffic = s.octets("expanded");
  s.seek("{server}  derive secret \"tls13 s hs traffic\":");
  t.server_handshake_traffic = s.octets("expanded");
  s.seek("{server}  derive secret for master \"tls13 derived\":");
  t.derived_for_master = s.octets("expanded");
  s.seek("{server}  extract secret \"master\":");
  t.master_secret = s.octets("secret");
  s.seek("{server}  derive write traffic keys for handshake data:");
  t.server_handshake_key = s.octets("key expanded");
  t.server_handshake_iv = s.octets("iv expanded");
  s.seek("{server}  construct a EncryptedExtensions handshake message");
  t.encrypted_extensions = s.octets("EncryptedExtensions");
  s.seek("{server}  construct a Certificate handshake message");
  t.certificate = s.octets("Certificate");
  s.seek("{server}  construct a CertificateVerify handshake message");
  t.certificate_verify = s.octets("CertificateVerify");
  s.seek("{server}  calculate finished \"tls13 finished\":");
  t.server_finished_key = s.octets("expanded");
  t.server_verify_data = s.octets("finished");
  s.seek("{server}  construct a Finished handshake message");
  t.server_finished = s.octets("Finished");
  s.seek("{server}  derive secret \"tls13 c ap traffic\":");
  t.server_finished_hash = s.octets("hash");
  t.client_application_traffic = s.octets("expanded");
  s.seek("{server}  derive secret \"tls13 s ap traffic\":");
  t.server_application_traffic = s.octets("expanded");
  s.seek("{server}  derive secret \"tls13 exp master\":");
  t.exporter_master = s.octets("expanded");
  s.seek("{server}  derive write traffic keys for application data:");
  t.server_application_key = s.octets("key expanded");
  t.server_application_iv = s.octets("iv expanded");
  s.seek("{server}  derive read traffic keys for handshake data:");
  t.client_handshake_key = s.octets("key expanded");
  t.client_handshake_iv = s.octets("iv expanded");
  s.seek("{client}  construct a Finished handshake message");
  t.client_finished = s.octets("Finished");
  s.seek("{client}  derive write traffic keys for application data:");
  t.client_application_key = s.octets("key expanded");
  t.client_application_iv = s.octets("iv expanded");
  s.seek("{client}  derive secret \"tls13 res master\":");
  t.client_finished_hash = s.octets("hash");
  t.resumption_master = s.octets("expanded");
  return t;
}

class Rfc8448Simple1Rtt : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { trace_ = std::make_unique<Trace>(read_trace()); }
  static void TearDownTestSuite() { trace_.reset(); }

  const Trace& t() const { return *trace_; }

  // Transcript-Hash (RFC 8446 §4.4.1) of the concatenated handshake messages.
  Bytes transcript_hash(std::initializer_list<const Bytes*> messages) {
    auto hash = provider_->new_hash(HashAlg::sha256);
    for (const Bytes* m : messages) hash->update(*m);
    Bytes out(32);
    EXPECT_TRUE(hash->digest(out).ok());
    return out;
  }

  std::string derive(const Bytes& secret, std::string_view label, const Bytes& context) {
    auto r = crypto::derive_secret(*provider_, HashAlg::sha256, secret, label, context);
    EXPECT_TRUE(r.ok()) << label << ": " << r.error().to_string();
    return r.ok() ? codec::to_hex(*r) : "";
  }

  std::string expand_label(const Bytes& secret, std::string_view label, std::size_t length) {
    auto r = crypto::hkdf_expand_label(*provider_, HashAlg::sha256, secret, label, {}, length);
    EXPECT_TRUE(r.ok()) << label << ": " << r.error().to_string();
    return r.ok() ? codec::to_hex(*r) : "";
  }

  std::string extract(const Bytes& salt, const Bytes& ikm) {
    auto r = provider_->hkdf_extract(HashAlg::sha256, salt, ikm);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? codec::to_hex(*r) : "";
  }

  static std::string hex(const Bytes& b) { return codec::to_hex(b); }

  std::shared_ptr<crypto::Provider> provider_ = crypto::openssl::make_provider();
  static std::unique_ptr<Trace> trace_;
};

std::unique_ptr<Trace> Rfc8448Simple1Rtt::trace_;

TEST_F(Rfc8448Simple1Rtt, TraceValuesWereRead) {
  EXPECT_EQ(t().client_hello.size(), 196u);
  EXPECT_EQ(t().server_hello.size(), 90u);
  EXPECT_EQ(t().certificate.size(), 445u);  // spans a page break in the trace
  EXPECT_EQ(t().server_finished.size(), 36u);
  EXPECT_EQ(t().client_finished.size(), 36u);
}

TEST_F(Rfc8448Simple1Rtt, X25519KeySharesGiveTheTraceSharedSecretOnBothSides) {
  auto client = provider_->key_share_from_private(NamedGroup::x25519, t().client_private);
  auto server = provider_->key_share_from_private(NamedGroup::x25519, t().server_private);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  EXPECT_EQ(codec::to_hex((*client)->public_key()), hex(t().client_public));
  EXPECT_EQ(codec::to_hex((*server)->public_key()), hex(t().server_public));
  auto client_shared = (*client)->agree(t().server_public);
  auto server_shared = (*server)->agree(t().client_public);
  ASSERT_TRUE(client_shared.ok()) << client_shared.error().to_string();
  ASSERT_TRUE(server_shared.ok()) << server_shared.error().to_string();
  EXPECT_EQ(codec::to_hex(*client_shared), hex(t().shared_secret));
  EXPECT_EQ(codec::to_hex(*server_shared), hex(t().shared_secret));
}

TEST_F(Rfc8448Simple1Rtt, EarlySecretIsExtractedFromZeros) {
  // RFC 8446 §7.1: without a PSK, IKM is HashLen zeros and the salt is 0.
  EXPECT_EQ(extract({}, Bytes(32, 0)), hex(t().early_secret));
}

TEST_F(Rfc8448Simple1Rtt, DerivedSecretsUseTheEmptyTranscriptHash) {
  const Bytes empty_hash = transcript_hash({});
  EXPECT_EQ(derive(t().early_secret, "derived", empty_hash), hex(t().derived_for_handshake));
  EXPECT_EQ(derive(t().handshake_secret, "derived", empty_hash), hex(t().derived_for_master));
}

TEST_F(Rfc8448Simple1Rtt, HandshakeSecret) {
  EXPECT_EQ(extract(t().derived_for_handshake, t().shared_secret), hex(t().handshake_secret));
}

TEST_F(Rfc8448Simple1Rtt, HandshakeTrafficSecretsOverClientHelloAndServerHello) {
  const Bytes hello_hash = transcript_hash({&t().client_hello, &t().server_hello});
  EXPECT_EQ(hex(hello_hash), hex(t().hello_hash));
  EXPECT_EQ(derive(t().handshake_secret, "c hs traffic", hello_hash),
            hex(t().client_handshake_traffic));
  EXPECT_EQ(derive(t().handshake_secret, "s hs traffic", hello_hash),
            hex(t().server_handshake_traffic));
}

TEST_F(Rfc8448Simple1Rtt, MasterSecret) {
  EXPECT_EQ(extract(t().derived_for_master, Bytes(32, 0)), hex(t().master_secret));
}

TEST_F(Rfc8448Simple1Rtt, HandshakeTrafficKeysAndIvs) {
  // RFC 8446 §7.3: key = HKDF-Expand-Label(secret, "key", "", 16), iv = (..., "iv", "", 12).
  EXPECT_EQ(expand_label(t().server_handshake_traffic, "key", 16), hex(t().server_handshake_key));
  EXPECT_EQ(expand_label(t().server_handshake_traffic, "iv", 12), hex(t().server_handshake_iv));
  EXPECT_EQ(expand_label(t().client_handshake_traffic, "key", 16), hex(t().client_handshake_key));
  EXPECT_EQ(expand_label(t().client_handshake_traffic, "iv", 12), hex(t().client_handshake_iv));
}

TEST_F(Rfc8448Simple1Rtt, ServerFinishedVerifyData) {
  // RFC 8446 §4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length);
  // verify_data = HMAC(finished_key, Transcript-Hash(ClientHello..CertificateVerify)).
  EXPECT_EQ(expand_label(t().server_handshake_traffic, "finished", 32),
            hex(t().server_finished_key));
  const Bytes hash =
      transcript_hash({&t().client_hello, &t().server_hello, &t().encrypted_extensions,
                       &t().certificate, &t().certificate_verify});
  Bytes verify_data(32);
  ASSERT_TRUE(provider_->hmac(HashAlg::sha256, t().server_finished_key, hash, verify_data).ok());
  EXPECT_EQ(hex(verify_data), hex(t().server_verify_data));
  Bytes message = {0x14, 0x00, 0x00, 0x20};  // HandshakeType finished, length 32
  message.insert(message.end(), verify_data.begin(), verify_data.end());
  EXPECT_EQ(hex(message), hex(t().server_finished));
}

TEST_F(Rfc8448Simple1Rtt, ApplicationTrafficSecretsOverTheServerFinished) {
  const Bytes hash =
      transcript_hash({&t().client_hello, &t().server_hello, &t().encrypted_extensions,
                       &t().certificate, &t().certificate_verify, &t().server_finished});
  EXPECT_EQ(hex(hash), hex(t().server_finished_hash));
  EXPECT_EQ(derive(t().master_secret, "c ap traffic", hash), hex(t().client_application_traffic));
  EXPECT_EQ(derive(t().master_secret, "s ap traffic", hash), hex(t().server_application_traffic));
  EXPECT_EQ(derive(t().master_secret, "exp master", hash), hex(t().exporter_master));
}

TEST_F(Rfc8448Simple1Rtt, ApplicationTrafficKeysAndIvs) {
  EXPECT_EQ(expand_label(t().server_application_traffic, "key", 16),
            hex(t().server_application_key));
  EXPECT_EQ(expand_label(t().server_application_traffic, "iv", 12), hex(t().server_application_iv));
  EXPECT_EQ(expand_label(t().client_application_traffic, "key", 16),
            hex(t().client_application_key));
  EXPECT_EQ(expand_label(t().client_application_traffic, "iv", 12), hex(t().client_application_iv));
}

TEST_F(Rfc8448Simple1Rtt, ResumptionMasterSecretOverTheClientFinished) {
  const Bytes hash = transcript_hash(
      {&t().client_hello, &t().server_hello, &t().encrypted_extensions, &t().certificate,
       &t().certificate_verify, &t().server_finished, &t().client_finished});
  EXPECT_EQ(hex(hash), hex(t().client_finished_hash));
  EXPECT_EQ(derive(t().master_secret, "res master", hash), hex(t().resumption_master));
}

}  // namespace
}  // namespace tlspp::kat
