// Error translation and the per-process algorithm cache of the OpenSSL provider.
#include "crypto/openssl/common.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>

namespace tlspp::crypto::openssl {

Error ossl_error(ErrorCode code, std::string_view what) {
  std::string reason(what);
  // Report at most a few entries: the first is usually the cause, later ones its consequences.
  constexpr int kMaxReported = 3;
  int reported = 0;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    if (reported++ >= kMaxReported) continue;  // keep draining the queue
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    reason += reported == 1 ? " (" : "; ";
    reason += buf;
  }
  if (reported > 0) reason += ")";
  return Error(code, std::move(reason));
}

void clear_ossl_errors() { ERR_clear_error(); }

namespace {

// libcrypto names, indexed like HashAlg and AeadAlg.
constexpr std::array<const char*, 4> kDigestNames = {"SHA1", "SHA2-256", "SHA2-384", "SHA2-512"};
// Indexed like Algorithms::ec_parameters_.
constexpr std::array<NamedGroup, 3> kEcCurves = {NamedGroup::secp256r1, NamedGroup::secp384r1,
                                                 NamedGroup::secp521r1};
constexpr std::array<const char*, 3> kCipherNames = {"AES-128-GCM", "AES-256-GCM",
                                                     "ChaCha20-Poly1305"};

}  // namespace

Algorithms::Algorithms() {
  for (std::size_t i = 0; i < kDigestNames.size(); ++i) {
    mds_[i] = EVP_MD_fetch(nullptr, kDigestNames[i], nullptr);
  }
  for (std::size_t i = 0; i < kCipherNames.size(); ++i) {
    ciphers_[i] = EVP_CIPHER_fetch(nullptr, kCipherNames[i], nullptr);
  }
  hmac_ = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  if (hmac_ != nullptr) {
    for (std::size_t i = 0; i < kDigestNames.size(); ++i) {
      if (mds_[i] == nullptr) continue;
      EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac_);
      const OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                           const_cast<char*>(kDigestNames[i]), 0),
          OSSL_PARAM_construct_end()};
      if (ctx != nullptr && EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        ctx = nullptr;
      }
      hmac_templates_[i] = ctx;
    }
  }
  for (std::size_t i = 0; i < ec_parameters_.size(); ++i) {
    const NamedGroup curve = kEcCurves[i];
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                         const_cast<char*>(nist_group_name(curve)), 0),
        OSSL_PARAM_construct_end()};
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    if (ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1) {
      EVP_PKEY_fromdata(ctx, &ec_parameters_[i], EVP_PKEY_KEY_PARAMETERS,
                        const_cast<OSSL_PARAM*>(params));
    }
    EVP_PKEY_CTX_free(ctx);
  }
  // A missing algorithm is reported when it is used, not here.
  ERR_clear_error();
}

const EVP_PKEY* Algorithms::ec_parameters(NamedGroup curve) const {
  for (std::size_t i = 0; i < kEcCurves.size(); ++i) {
    if (kEcCurves[i] == curve) return ec_parameters_[i];
  }
  return nullptr;
}

Algorithms::~Algorithms() {
  for (EVP_PKEY* key : ec_parameters_) EVP_PKEY_free(key);
  for (EVP_MAC_CTX* ctx : hmac_templates_) EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(hmac_);
  for (EVP_CIPHER* c : ciphers_) EVP_CIPHER_free(c);
  for (EVP_MD* md : mds_) EVP_MD_free(md);
}

const char* nist_group_name(NamedGroup group) {
  switch (group) {
    case NamedGroup::secp256r1: return "P-256";
    case NamedGroup::secp384r1: return "P-384";
    case NamedGroup::secp521r1: return "P-521";
    default: return nullptr;
  }
}

}  // namespace tlspp::crypto::openssl
