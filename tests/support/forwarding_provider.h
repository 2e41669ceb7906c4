// A Provider for tests that forwards every call to another one: a test's wrapper derives from it
// and overrides only the calls it watches or changes (counting live objects, recording secrets,
// tampering with keys).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/provider.h"

namespace tlspp::test {

class ForwardingProvider : public crypto::Provider {
 public:
  // `inner` (non-null) does the work.
  explicit ForwardingProvider(std::shared_ptr<crypto::Provider> inner) : p_(std::move(inner)) {}

  std::string_view name() const override { return p_->name(); }
  std::vector<std::string> algorithms() const override { return p_->algorithms(); }
  Status random(crypto::MutableBytes out) override { return p_->random(out); }
  std::unique_ptr<crypto::HashContext> new_hash(crypto::HashAlg a) override {
    return p_->new_hash(a);
  }
  Status hmac(crypto::HashAlg a, crypto::Bytes k, crypto::Bytes d,
              crypto::MutableBytes out) override {
    return p_->hmac(a, k, d, out);
  }
  Result<crypto::SecretBytes> hkdf_extract(crypto::HashAlg a, crypto::Bytes salt,
                                           crypto::Bytes ikm) override {
    return p_->hkdf_extract(a, salt, ikm);
  }
  Result<crypto::SecretBytes> hkdf_expand(crypto::HashAlg a, crypto::Bytes prk, crypto::Bytes info,
                                          std::size_t n) override {
    return p_->hkdf_expand(a, prk, info, n);
  }
  Result<crypto::SecretBytes> tls12_prf(crypto::HashAlg a, crypto::Bytes secret,
                                        std::string_view label, crypto::Bytes seed,
                                        std::size_t n) override {
    return p_->tls12_prf(a, secret, label, seed, n);
  }
  Result<std::unique_ptr<crypto::Aead>> new_aead(crypto::AeadAlg a, crypto::Bytes k) override {
    return p_->new_aead(a, k);
  }
  Result<std::unique_ptr<crypto::KeyShare>> generate_key_share(NamedGroup g) override {
    return p_->generate_key_share(g);
  }
  Result<std::unique_ptr<crypto::KeyShare>> key_share_from_private(NamedGroup g,
                                                                   crypto::Bytes k) override {
    return p_->key_share_from_private(g, k);
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_rsa_public_key(crypto::Bytes n,
                                                                   crypto::Bytes e) override {
    return p_->import_rsa_public_key(n, e);
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_ec_public_key(NamedGroup c,
                                                                  crypto::Bytes p) override {
    return p_->import_ec_public_key(c, p);
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_ed25519_public_key(crypto::Bytes r) override {
    return p_->import_ed25519_public_key(r);
  }
  Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(crypto::Bytes b) override {
    return p_->load_private_key(b);
  }
  Result<std::unique_ptr<crypto::PublicKey>> load_public_key(crypto::Bytes b) override {
    return p_->load_public_key(b);
  }
  Result<std::unique_ptr<crypto::PrivateKey>> generate_private_key(crypto::KeyType t,
                                                                   std::size_t rsa_bits) override {
    return p_->generate_private_key(t, rsa_bits);
  }

 protected:
  crypto::Provider& inner() const { return *p_; }

 private:
  std::shared_ptr<crypto::Provider> p_;
};

}  // namespace tlspp::test
