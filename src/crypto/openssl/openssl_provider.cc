// The Provider over OpenSSL 3 libcrypto: wires the interface to the per-responsibility source
// files (hash, kdf, aead, kex, keys, key_import) and owns the algorithm cache they share.
#include "crypto/openssl/openssl_provider.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <string>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

constexpr std::array<HashAlg, 4> kHashes = {HashAlg::sha1, HashAlg::sha256, HashAlg::sha384,
                                            HashAlg::sha512};
constexpr std::array<AeadAlg, 3> kAeads = {AeadAlg::aes_128_gcm, AeadAlg::aes_256_gcm,
                                           AeadAlg::chacha20_poly1305};
constexpr std::array<NamedGroup, 4> kGroups = {NamedGroup::x25519, NamedGroup::secp256r1,
                                               NamedGroup::secp384r1, NamedGroup::secp521r1};
constexpr std::array<SignatureScheme, 13> kSchemes = {SignatureScheme::rsa_pkcs1_sha256,
                                                      SignatureScheme::rsa_pkcs1_sha384,
                                                      SignatureScheme::rsa_pkcs1_sha512,
                                                      SignatureScheme::rsa_pss_rsae_sha256,
                                                      SignatureScheme::rsa_pss_rsae_sha384,
                                                      SignatureScheme::rsa_pss_rsae_sha512,
                                                      SignatureScheme::rsa_pss_pss_sha256,
                                                      SignatureScheme::rsa_pss_pss_sha384,
                                                      SignatureScheme::rsa_pss_pss_sha512,
                                                      SignatureScheme::ecdsa_secp256r1_sha256,
                                                      SignatureScheme::ecdsa_secp384r1_sha384,
                                                      SignatureScheme::ecdsa_secp521r1_sha512,
                                                      SignatureScheme::ed25519};

class OsslProvider final : public Provider {
 public:
  OsslProvider() : algs_(std::make_shared<const Algorithms>()) {}

  std::string_view name() const override { return "openssl"; }

  std::vector<std::string> algorithms() const override {
    std::vector<std::string> out;
    out.push_back("library: " + std::string(OpenSSL_version(OPENSSL_VERSION)));
    for (HashAlg h : kHashes) {
      if (algs_->md(h) == nullptr) continue;
      const std::string name(name_of(h));
      out.push_back("hash: " + name);
      if (algs_->hmac_template(h) != nullptr) {
        out.push_back("mac: HMAC-" + name);
        out.push_back("kdf: HKDF-" + name);
      }
    }
    for (HashAlg h : {HashAlg::sha256, HashAlg::sha384}) {
      if (algs_->hmac_template(h) != nullptr) {
        out.push_back("kdf: TLS 1.2 PRF P_" +
                      std::string(h == HashAlg::sha256 ? "SHA256" : "SHA384"));
      }
    }
    for (AeadAlg a : kAeads) {
      if (algs_->cipher(a) != nullptr) out.push_back("aead: " + std::string(name_of(a)));
    }
    for (NamedGroup g : kGroups) out.push_back("group: " + std::string(name_of(g)));
    for (SignatureScheme s : kSchemes) out.push_back("signature: " + std::string(name_of(s)));
    out.push_back("key exchange: RSA (TLS 1.2, RFC 5246 §7.4.7.1 countermeasure)");
    return out;
  }

  Status random(MutableBytes out) override {
    while (!out.empty()) {
      const std::size_t n = std::min<std::size_t>(out.size(), INT_MAX);
      if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
        return ossl_error(ErrorCode::random_failure, "RAND_bytes");
      }
      out = out.subspan(n);
    }
    return ok_status();
  }

  std::unique_ptr<HashContext> new_hash(HashAlg alg) override {
    return new_hash_context(*algs_, alg);
  }

  Status hmac(HashAlg alg, Bytes key, Bytes data, MutableBytes out) override {
    return openssl::hmac(*algs_, alg, key, data, out);
  }

  Result<SecretBytes> hkdf_extract(HashAlg alg, Bytes salt, Bytes ikm) override {
    return openssl::hkdf_extract(*algs_, alg, salt, ikm);
  }

  Result<SecretBytes> hkdf_expand(HashAlg alg, Bytes prk, Bytes info, std::size_t length) override {
    return openssl::hkdf_expand(*algs_, alg, prk, info, length);
  }

  Result<SecretBytes> tls12_prf(HashAlg alg, Bytes secret, std::string_view label, Bytes seed,
                                std::size_t length) override {
    return openssl::tls12_prf(*algs_, alg, secret, label, seed, length);
  }

  Result<std::unique_ptr<Aead>> new_aead(AeadAlg alg, Bytes key) override {
    return openssl::new_aead(*algs_, alg, key);
  }

  Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) override {
    return openssl::generate_key_share(algs_, group);
  }

  Result<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group,
                                                           Bytes private_key) override {
    return openssl::key_share_from_private(algs_, group, private_key);
  }

  Result<std::unique_ptr<PrivateKey>> generate_private_key(KeyType type,
                                                           std::size_t rsa_bits) override {
    return openssl::generate_private_key(algs_, type, rsa_bits);
  }

  Result<std::unique_ptr<PublicKey>> import_rsa_public_key(Bytes modulus, Bytes exponent) override {
    return openssl::import_rsa_public_key(algs_, modulus, exponent);
  }

  Result<std::unique_ptr<PublicKey>> import_ec_public_key(NamedGroup curve, Bytes point) override {
    return openssl::import_ec_public_key(algs_, curve, point);
  }

  Result<std::unique_ptr<PublicKey>> import_ed25519_public_key(Bytes raw) override {
    return openssl::import_ed25519_public_key(algs_, raw);
  }

  Result<std::unique_ptr<PrivateKey>> load_private_key(Bytes pem_or_der) override {
    return openssl::load_private_key(algs_, pem_or_der);
  }

  Result<std::unique_ptr<PublicKey>> load_public_key(Bytes pem_or_der) override {
    return openssl::load_public_key(algs_, pem_or_der);
  }

 private:
  AlgorithmsPtr algs_;  // fetched once; read-only afterwards
};

}  // namespace

std::shared_ptr<Provider> make_provider() {
  // C++ guarantees this initialisation runs once even with concurrent first calls.
  static const std::shared_ptr<Provider> instance = std::make_shared<OsslProvider>();
  return instance;
}

}  // namespace tlspp::crypto::openssl

namespace tlspp::crypto {

std::shared_ptr<Provider> default_provider() { return openssl::make_provider(); }

}  // namespace tlspp::crypto
