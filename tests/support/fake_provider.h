// A Provider for x509 tests that need no real cryptography: public keys import whatever they are
// given, and a signature "verifies" unless it is empty or its first octet is 0xBA ("bad"). Every
// other Provider method fails with ErrorCode::internal.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crypto/provider.h"

namespace tlspp::test {

class FakeVerifyProvider : public crypto::Provider {
 public:
  std::string_view name() const override { return "fake-verify"; }
  std::vector<std::string> algorithms() const override { return {}; }
  Status random(crypto::MutableBytes) override { return unsupported(); }
  std::unique_ptr<crypto::HashContext> new_hash(crypto::HashAlg) override { return nullptr; }
  Status hmac(crypto::HashAlg, crypto::Bytes, crypto::Bytes, crypto::MutableBytes) override {
    return unsupported();
  }
  Result<crypto::SecretBytes> hkdf_extract(crypto::HashAlg, crypto::Bytes, crypto::Bytes) override {
    return unsupported();
  }
  Result<crypto::SecretBytes> hkdf_expand(crypto::HashAlg, crypto::Bytes, crypto::Bytes,
                                          std::size_t) override {
    return unsupported();
  }
  Result<crypto::SecretBytes> tls12_prf(crypto::HashAlg, crypto::Bytes, std::string_view,
                                        crypto::Bytes, std::size_t) override {
    return unsupported();
  }
  Result<std::unique_ptr<crypto::Aead>> new_aead(crypto::AeadAlg, crypto::Bytes) override {
    return unsupported();
  }
  Result<std::unique_ptr<crypto::KeyShare>> generate_key_share(NamedGroup) override {
    return unsupported();
  }
  Result<std::unique_ptr<crypto::KeyShare>> key_share_from_private(NamedGroup,
                                                                   crypto::Bytes) override {
    return unsupported();
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_rsa_public_key(crypto::Bytes modulus,
                                                                   crypto::Bytes) override {
    return key(crypto::KeyType::rsa, modulus.size() * 8);
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_ec_public_key(NamedGroup,
                                                                  crypto::Bytes) override {
    return key(crypto::KeyType::ec_p256, 256);
  }
  Result<std::unique_ptr<crypto::PublicKey>> import_ed25519_public_key(crypto::Bytes) override {
    return key(crypto::KeyType::ed25519, 256);
  }
  Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(crypto::Bytes) override {
    return unsupported();
  }
  Result<std::unique_ptr<crypto::PublicKey>> load_public_key(crypto::Bytes) override {
    return unsupported();
  }

 private:
  class Key : public crypto::PublicKey {
   public:
    Key(crypto::KeyType type, std::size_t bits) : type_(type), bits_(bits) {}
    crypto::KeyType type() const override { return type_; }
    std::size_t bits() const override { return bits_; }
    Status verify(const crypto::SignatureAlgorithm&, crypto::Bytes,
                  crypto::Bytes signature) const override {
      if (signature.empty() || signature[0] == 0xBA) {
        return Error(ErrorCode::bad_signature, "fake: signature marked bad");
      }
      return ok_status();
    }
    Result<std::vector<std::uint8_t>> encrypt_pkcs1(crypto::Bytes) const override {
      return Error(ErrorCode::internal, "fake: not implemented");
    }

   private:
    crypto::KeyType type_;
    std::size_t bits_;
  };
  static Error unsupported() { return Error(ErrorCode::internal, "fake: not implemented"); }
  static Result<std::unique_ptr<crypto::PublicKey>> key(crypto::KeyType type, std::size_t bits) {
    return std::unique_ptr<crypto::PublicKey>(std::make_unique<Key>(type, bits));
  }
};

}  // namespace tlspp::test
