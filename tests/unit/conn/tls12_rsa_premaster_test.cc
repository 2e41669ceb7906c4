// RFC 5246 §7.4.7.1: a server must not reveal whether an RSA-encrypted pre-master secret was
// well formed. A client (through a provider that tampers with the plaintext before encrypting)
// sends a short, a long and a wrong-version pre-master secret; the server continues each time and
// fails only at the client's Finished record, with the same error, alert and output.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "support/forwarding_provider.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using crypto::SecretBytes;

enum class Tamper { none, short_pms, long_pms, wrong_version };

// RSA public key whose PKCS#1 encryption first alters the plaintext.
class TamperingRsaKey final : public crypto::PublicKey {
 public:
  TamperingRsaKey(std::unique_ptr<crypto::PublicKey> inner, Tamper t)
      : inner_(std::move(inner)), tamper_(t) {}
  crypto::KeyType type() const override { return inner_->type(); }
  std::size_t bits() const override { return inner_->bits(); }
  Status verify(const crypto::SignatureAlgorithm& alg, crypto::Bytes m,
                crypto::Bytes s) const override {
    return inner_->verify(alg, m, s);
  }
  Result<std::vector<std::uint8_t>> encrypt_pkcs1(crypto::Bytes plaintext) const override {
    std::vector<std::uint8_t> p(plaintext.begin(), plaintext.end());
    switch (tamper_) {
      case Tamper::short_pms: p.pop_back(); break;
      case Tamper::long_pms: p.push_back(0x42); break;
      case Tamper::wrong_version: p[1] = 0x02; break;  // TLS 1.1 instead of the offered 1.2
      case Tamper::none: break;
    }
    return inner_->encrypt_pkcs1(p);
  }

 private:
  std::unique_ptr<crypto::PublicKey> inner_;
  Tamper tamper_;
};

// Forwards to the libcrypto provider; RSA public keys come back wrapped in TamperingRsaKey.
class TamperingProvider final : public test::ForwardingProvider {
 public:
  TamperingProvider(std::shared_ptr<crypto::Provider> inner, Tamper t)
      : ForwardingProvider(std::move(inner)), tamper_(t) {}
  std::string_view name() const override { return "tampering"; }
  Result<std::unique_ptr<crypto::PublicKey>> import_rsa_public_key(crypto::Bytes n,
                                                                   crypto::Bytes e) override {
    TLSPP_ASSIGN_OR_RETURN(auto key, inner().import_rsa_public_key(n, e));
    return std::unique_ptr<crypto::PublicKey>(new TamperingRsaKey(std::move(key), tamper_));
  }

 private:
  Tamper tamper_;
};

// What the server showed: its error and how many bytes it wrote after the client's flight.
struct Observed {
  bool client_done;
  std::optional<Error> server_error;
  std::size_t server_output_after_client_flight;
};

Observed run(Tamper tamper) {
  auto client = test::test_client_config();
  client->provider = std::make_shared<TamperingProvider>(test::test_provider(), tamper);
  client->max_version = ProtocolVersion::tls1_2;
  client->allow_legacy_rsa_key_exchange = true;
  client->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
  auto server_config = test::test_server_config("rsa");
  server_config->allow_legacy_rsa_key_exchange = true;
  auto c = Connection::client(client, "localhost").value();
  auto s = Connection::server(server_config).value();
  // ClientHello -> server flight -> client's ClientKeyExchange, ChangeCipherSpec, Finished.
  EXPECT_TRUE(s->receive(c->pending_output()).ok());
  c->consume_output(c->pending_output().size());
  EXPECT_TRUE(c->receive(s->pending_output()).ok());
  s->consume_output(s->pending_output().size());
  (void)s->receive(c->pending_output());
  return Observed{c->handshake_done(), s->error(), s->pending_output().size()};
}

// Control: an intact pre-master secret completes.
TEST(RsaPremaster, IntactSecretCompletes) {
  Observed ok = run(Tamper::none);
  EXPECT_FALSE(ok.server_error.has_value());
}

// RFC 5246 §7.4.7.1: short, long and wrong-version secrets all fail the same way, at the client's
// Finished record (bad_record_mac), never earlier, with the same output.
TEST(RsaPremaster, MalformedSecretsFailIdenticallyAtFinished) {
  std::vector<Observed> runs = {run(Tamper::short_pms), run(Tamper::long_pms),
                                run(Tamper::wrong_version)};
  for (const Observed& o : runs) {
    ASSERT_TRUE(o.server_error.has_value());
    // The random pre-master secret gives the server other record keys, so the client's Finished
    // record itself fails to open: bad_record_mac, before its verify_data is even compared.
    EXPECT_EQ(o.server_error->code, ErrorCode::bad_record_mac) << o.server_error->to_string();
    EXPECT_EQ(o.server_error->alert, AlertDescription::bad_record_mac);
    EXPECT_EQ(o.server_error->reason, runs[0].server_error->reason);
    EXPECT_EQ(o.server_output_after_client_flight, runs[0].server_output_after_client_flight);
    EXPECT_FALSE(o.client_done);
  }
}

}  // namespace
}  // namespace tlspp
