// A Provider for tests that forwards to another one and counts the hash contexts and imported
// public keys alive at any moment, so a test can tell what a connection still holds (e.g. its
// transcript hash, the peer's leaf key) after the handshake.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "crypto/provider.h"
#include "support/forwarding_provider.h"

namespace tlspp::test {

class CountingProvider final : public ForwardingProvider {
 public:
  using ForwardingProvider::ForwardingProvider;

  // Hash contexts made by new_hash() (and their clones) not yet destroyed.
  long live_hash_contexts() const { return counts_->hashes.load(); }
  // Public keys made by the import_* and load_public_key calls not yet destroyed.
  long live_public_keys() const { return counts_->keys.load(); }

  std::string_view name() const override { return "counting"; }
  std::unique_ptr<crypto::HashContext> new_hash(crypto::HashAlg a) override {
    auto hash = inner().new_hash(a);
    if (!hash) return nullptr;
    return std::make_unique<Hash>(std::move(hash), counts_);
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_rsa_public_key(crypto::Bytes n,
                                                                   crypto::Bytes e) override {
    return counted(inner().import_rsa_public_key(n, e));
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_ec_public_key(NamedGroup c,
                                                                  crypto::Bytes p) override {
    return counted(inner().import_ec_public_key(c, p));
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_ed25519_public_key(crypto::Bytes r) override {
    return counted(inner().import_ed25519_public_key(r));
  }
  Result<std::unique_ptr<crypto::PublicKey>> load_public_key(crypto::Bytes b) override {
    return counted(inner().load_public_key(b));
  }

 private:
  struct Counts {
    std::atomic<long> hashes{0};
    std::atomic<long> keys{0};
  };

  class Hash final : public crypto::HashContext {
   public:
    Hash(std::unique_ptr<crypto::HashContext> inner, std::shared_ptr<Counts> counts)
        : inner_(std::move(inner)), counts_(std::move(counts)) {
      ++counts_->hashes;
    }
    ~Hash() override { --counts_->hashes; }
    crypto::HashAlg alg() const override { return inner_->alg(); }
    void update(crypto::Bytes data) override { inner_->update(data); }
    Status digest(crypto::MutableBytes out) const override { return inner_->digest(out); }
    std::unique_ptr<crypto::HashContext> clone() const override {
      return std::make_unique<Hash>(inner_->clone(), counts_);
    }

   private:
    std::unique_ptr<crypto::HashContext> inner_;
    std::shared_ptr<Counts> counts_;
  };

  class Key final : public crypto::PublicKey {
   public:
    Key(std::unique_ptr<crypto::PublicKey> inner, std::shared_ptr<Counts> counts)
        : inner_(std::move(inner)), counts_(std::move(counts)) {
      ++counts_->keys;
    }
    ~Key() override { --counts_->keys; }
    crypto::KeyType type() const override { return inner_->type(); }
    std::size_t bits() const override { return inner_->bits(); }
    Status verify(const crypto::SignatureAlgorithm& alg, crypto::Bytes message,
                  crypto::Bytes signature) const override {
      return inner_->verify(alg, message, signature);
    }
    Result<std::vector<std::uint8_t>> encrypt_pkcs1(crypto::Bytes plaintext) const override {
      return inner_->encrypt_pkcs1(plaintext);
    }
    Result<std::vector<std::uint8_t>> subject_public_key_info() const override {
      return inner_->subject_public_key_info();
    }

   private:
    std::unique_ptr<crypto::PublicKey> inner_;
    std::shared_ptr<Counts> counts_;
  };

  Result<std::unique_ptr<crypto::PublicKey>> counted(
      Result<std::unique_ptr<crypto::PublicKey>> key) {
    if (!key.ok()) return std::move(key).error();
    return std::unique_ptr<crypto::PublicKey>(new Key(std::move(key).value(), counts_));
  }

  std::shared_ptr<Counts> counts_ = std::make_shared<Counts>();
};

}  // namespace tlspp::test
