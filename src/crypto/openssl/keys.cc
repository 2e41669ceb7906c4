// Public and private keys over EVP_PKEY: signatures (RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA,
// Ed25519), RSAES-PKCS1-v1_5 encryption and the TLS 1.2 pre-master secret decryption with the
// Bleichenbacher countermeasure (RFC 5246 §7.4.7.1).
//
// Keys are immutable after construction: every operation builds its own EVP contexts, so one key
// may be used by several threads at once.
#include <openssl/core_names.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <string>
#include <vector>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

constexpr std::size_t kPremasterSize = 48;  // RFC 5246 §7.4.7.1

std::string key_label(KeyType type) { return std::string(name_of(type)); }

std::string_view kind_name(SignatureKind kind) {
  switch (kind) {
    case SignatureKind::rsa_pkcs1: return "RSASSA-PKCS1-v1_5";
    case SignatureKind::rsa_pss: return "RSASSA-PSS";
    case SignatureKind::ecdsa: return "ECDSA";
    case SignatureKind::ed25519: return "Ed25519";
  }
  return "";
}

std::string alg_label(const SignatureAlgorithm& alg) {
  std::string s(kind_name(alg.kind));
  if (alg.kind != SignatureKind::ed25519) s += "-" + std::string(name_of(alg.hash));
  return s;
}

// The key type of `key`, or `code` for one tlspp does not use.
Result<KeyType> key_type_of(const EVP_PKEY* key, ErrorCode code) {
  if (EVP_PKEY_is_a(key, "RSA")) return KeyType::rsa;
  if (EVP_PKEY_is_a(key, "RSA-PSS")) return KeyType::rsa_pss;
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::ed25519;
  if (EVP_PKEY_is_a(key, "EC")) {
    char name[64] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, name, sizeof name, &len) != 1) {
      clear_ossl_errors();
      return Error(code, "EC key without a named curve (explicit parameters are not supported)");
    }
    const std::string_view group(name, len);
    if (group == "prime256v1" || group == "P-256") return KeyType::ec_p256;
    if (group == "secp384r1" || group == "P-384") return KeyType::ec_p384;
    if (group == "secp521r1" || group == "P-521") return KeyType::ec_p521;
    return Error(code, "EC key on unsupported curve " + std::string(group));
  }
  const char* type = EVP_PKEY_get0_type_name(key);
  return Error(code, "unsupported key type " + std::string(type != nullptr ? type : "(unknown)"));
}

// Whether `alg` can be computed with a key of `type`: ErrorCode::unsupported_algorithm otherwise.
Status check_fits(KeyType type, const SignatureAlgorithm& alg) {
  bool fits = false;
  switch (alg.kind) {
    case SignatureKind::rsa_pkcs1: fits = type == KeyType::rsa; break;
    case SignatureKind::rsa_pss: fits = type == KeyType::rsa || type == KeyType::rsa_pss; break;
    case SignatureKind::ecdsa:
      fits = type == KeyType::ec_p256 || type == KeyType::ec_p384 || type == KeyType::ec_p521;
      break;
    case SignatureKind::ed25519: fits = type == KeyType::ed25519; break;
  }
  if (!fits) {
    return Error(ErrorCode::unsupported_algorithm,
                 alg_label(alg) + " cannot be used with a " + key_label(type) + " key");
  }
  return ok_status();
}

// Starts a DigestSign/DigestVerify operation for `alg` on `md_ctx` and applies the RSA padding
// parameters. Ed25519 signs the message itself (RFC 8032 PureEdDSA), so it takes no digest.
Status init_signature(const Algorithms& algs, EVP_MD_CTX* md_ctx, EVP_PKEY* key,
                      const SignatureAlgorithm& alg, bool sign) {
  const EVP_MD* md = nullptr;
  if (alg.kind != SignatureKind::ed25519) {
    md = algs.md(alg.hash);
    if (md == nullptr) {
      return Error(ErrorCode::unsupported_algorithm, alg_label(alg) + ": digest unavailable");
    }
  }
  EVP_PKEY_CTX* pctx = nullptr;  // owned by md_ctx
  const int rc = sign ? EVP_DigestSignInit(md_ctx, &pctx, md, nullptr, key)
                      : EVP_DigestVerifyInit(md_ctx, &pctx, md, nullptr, key);
  if (rc != 1) return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " init");
  if (alg.kind == SignatureKind::rsa_pkcs1) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
      return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " padding");
    }
  } else if (alg.kind == SignatureKind::rsa_pss) {
    // RFC 8446 §4.2.3 / RFC 8017 §9.1: MGF1 with the same hash; salt as long as the digest unless
    // an explicit length is given (X.509 RSASSA-PSS-params).
    if (alg.pss_salt_length && *alg.pss_salt_length > 1024) {
      return Error(ErrorCode::unsupported_algorithm, alg_label(alg) + ": salt length too large");
    }
    const int salt =
        alg.pss_salt_length ? static_cast<int>(*alg.pss_salt_length) : RSA_PSS_SALTLEN_DIGEST;
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1) {
      return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " parameters");
    }
  }
  return ok_status();
}

// What both key classes hold: the EVP_PKEY, its type, and the algorithm cache.
struct KeyData {
  AlgorithmsPtr algs;
  PkeyPtr key;
  KeyType type;
};

class OsslPublicKey final : public PublicKey {
 public:
  explicit OsslPublicKey(KeyData data) : d_(std::move(data)) {}

  KeyType type() const override { return d_.type; }
  std::size_t bits() const override {
    return static_cast<std::size_t>(EVP_PKEY_get_bits(d_.key.get()));
  }

  Status verify(const SignatureAlgorithm& alg, Bytes message, Bytes signature) const override {
    TLSPP_TRY(check_fits(d_.type, alg));
    MdCtxPtr md_ctx(EVP_MD_CTX_new());
    if (!md_ctx) return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " context");
    TLSPP_TRY(init_signature(*d_.algs, md_ctx.get(), d_.key.get(), alg, /*sign=*/false));
    static constexpr std::uint8_t kNothing[1] = {0};
    const int rc = EVP_DigestVerify(md_ctx.get(), signature.empty() ? kNothing : signature.data(),
                                    signature.size(), message.empty() ? kNothing : message.data(),
                                    message.size());
    if (rc != 1) {
      // 0: the signature is wrong; < 0: it could not even be parsed (e.g. bad DER, wrong length).
      clear_ossl_errors();
      return Error(ErrorCode::bad_signature, alg_label(alg) + " signature does not verify with " +
                                                 key_label(d_.type) + " key");
    }
    return ok_status();
  }

  Result<std::vector<std::uint8_t>> encrypt_pkcs1(Bytes plaintext) const override {
    if (d_.type != KeyType::rsa) {
      return Error(ErrorCode::unsupported_algorithm,
                   "RSAES-PKCS1-v1_5 needs an RSA key, not " + key_label(d_.type));
    }
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, d_.key.get(), nullptr));
    static constexpr std::uint8_t kNothing[1] = {0};
    const std::uint8_t* in = plaintext.empty() ? kNothing : plaintext.data();
    std::size_t size = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_encrypt(ctx.get(), nullptr, &size, in, plaintext.size()) != 1) {
      return ossl_error(ErrorCode::crypto_failure, "RSAES-PKCS1-v1_5 setup");
    }
    std::vector<std::uint8_t> out(size);
    if (EVP_PKEY_encrypt(ctx.get(), out.data(), &size, in, plaintext.size()) != 1) {
      return ossl_error(ErrorCode::invalid_argument, "RSAES-PKCS1-v1_5 encryption");
    }
    out.resize(size);
    return out;
  }

  Result<std::vector<std::uint8_t>> subject_public_key_info() const override {
    return export_subject_public_key_info(d_.key.get());
  }

 private:
  KeyData d_;
};

class OsslPrivateKey final : public PrivateKey {
 public:
  explicit OsslPrivateKey(KeyData data) : d_(std::move(data)) {}

  KeyType type() const override { return d_.type; }
  std::size_t bits() const override {
    return static_cast<std::size_t>(EVP_PKEY_get_bits(d_.key.get()));
  }

  Result<std::vector<std::uint8_t>> sign(const SignatureAlgorithm& alg,
                                         Bytes message) const override {
    TLSPP_TRY(check_fits(d_.type, alg));
    MdCtxPtr md_ctx(EVP_MD_CTX_new());
    if (!md_ctx) return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " context");
    TLSPP_TRY(init_signature(*d_.algs, md_ctx.get(), d_.key.get(), alg, /*sign=*/true));
    const int max_size = EVP_PKEY_get_size(d_.key.get());
    if (max_size <= 0) return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " size");
    std::vector<std::uint8_t> signature(static_cast<std::size_t>(max_size));
    std::size_t size = signature.size();
    static constexpr std::uint8_t kNothing[1] = {0};
    if (EVP_DigestSign(md_ctx.get(), signature.data(), &size,
                       message.empty() ? kNothing : message.data(), message.size()) != 1) {
      return ossl_error(ErrorCode::crypto_failure, alg_label(alg) + " signing");
    }
    signature.resize(size);
    return signature;
  }

  Result<SecretBytes> decrypt_tls_premaster(Bytes ciphertext,
                                            ProtocolVersion client_version) const override {
    if (d_.type != KeyType::rsa) {
      return Error(ErrorCode::unsupported_algorithm,
                   "RSA key exchange needs an RSA key, not " + key_label(d_.type));
    }
    // Everything that may fail or branch before the decryption depends only on the key.
    SecretBytes random_secret(kPremasterSize);
    if (RAND_priv_bytes(random_secret.data(), static_cast<int>(kPremasterSize)) != 1) {
      return ossl_error(ErrorCode::random_failure, "RSA key exchange: random pre-master secret");
    }
    unsigned int version = static_cast<unsigned int>(client_version);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &version),
        OSSL_PARAM_construct_end()};
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, d_.key.get(), nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_WITH_TLS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_params(ctx.get(), params) != 1) {
      return ossl_error(ErrorCode::crypto_failure, "RSA key exchange setup");
    }

    // RFC 5246 §7.4.7.1. With RSA_PKCS1_WITH_TLS_PADDING, libcrypto checks the PKCS #1 padding,
    // the 48-byte length and the client_version bytes in constant time and, if any check fails,
    // returns its own random 48 bytes with success: the caller learns nothing. The call fails
    // only for publicly invalid input (a ciphertext longer than the modulus or not below it);
    // that too ends in a random secret, chosen below without a branch, and through the same
    // single path: no early return depends on the ciphertext.
    SecretBytes decrypted(kPremasterSize);
    std::size_t size = kPremasterSize;
    static constexpr std::uint8_t kNothing[1] = {0};
    const int rc =
        EVP_PKEY_decrypt(ctx.get(), decrypted.data(), &size,
                         ciphertext.empty() ? kNothing : ciphertext.data(), ciphertext.size());
    // good is 1 or 0 and mask all ones or all zeros, computed without a branch.
    const unsigned good = static_cast<unsigned>(rc == 1) & static_cast<unsigned>(size == 48);
    const std::uint8_t mask = static_cast<std::uint8_t>(0u - good);
    SecretBytes premaster(kPremasterSize);
    for (std::size_t i = 0; i < kPremasterSize; ++i) {
      premaster.data()[i] = static_cast<std::uint8_t>((decrypted.data()[i] & mask) |
                                                      (random_secret.data()[i] & ~mask));
    }
    clear_ossl_errors();
    return premaster;
  }

  std::unique_ptr<PublicKey> public_key() const override {
    // Shares the EVP_PKEY (reference-counted); verification only reads its public half.
    EVP_PKEY_up_ref(d_.key.get());
    return std::make_unique<OsslPublicKey>(KeyData{d_.algs, PkeyPtr(d_.key.get()), d_.type});
  }

  Result<SecretBytes> pkcs8_der() const override { return export_pkcs8(d_.key.get()); }

 private:
  KeyData d_;
};

}  // namespace

Result<std::unique_ptr<PublicKey>> wrap_public_key(AlgorithmsPtr algs, PkeyPtr key,
                                                   ErrorCode code) {
  TLSPP_ASSIGN_OR_RETURN(KeyType type, key_type_of(key.get(), code));
  return std::unique_ptr<PublicKey>(
      std::make_unique<OsslPublicKey>(KeyData{std::move(algs), std::move(key), type}));
}

Result<std::unique_ptr<PrivateKey>> wrap_private_key(AlgorithmsPtr algs, PkeyPtr key,
                                                     ErrorCode code) {
  TLSPP_ASSIGN_OR_RETURN(KeyType type, key_type_of(key.get(), code));
  return std::unique_ptr<PrivateKey>(
      std::make_unique<OsslPrivateKey>(KeyData{std::move(algs), std::move(key), type}));
}

}  // namespace tlspp::crypto::openssl
