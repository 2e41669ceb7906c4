// Long-term key pairs (RSA, ECDSA on the NIST curves, Ed25519) and their export as DER:
// SubjectPublicKeyInfo for certificates, PKCS#8 PrivateKeyInfo for key files. Used to create
// development certificates; TLS itself only loads keys.
#include <openssl/core_names.h>
#include <openssl/encoder.h>

#include <span>
#include <string>
#include <vector>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

using EncoderCtxPtr = std::unique_ptr<OSSL_ENCODER_CTX, Free<OSSL_ENCODER_CTX_free>>;

constexpr std::size_t kMinRsaBits = 2048;  // CA/B Forum BR §6.1.5
constexpr std::size_t kMaxRsaBits = 8192;

// Encodes `key` as DER in `structure` ("SubjectPublicKeyInfo" or "PrivateKeyInfo") with the
// parts named by `selection`. The output buffer is allocated by libcrypto and cleansed here.
Result<std::vector<std::uint8_t>> encode(const EVP_PKEY* key, int selection, const char* structure,
                                         std::string_view what) {
  EncoderCtxPtr ctx(
      OSSL_ENCODER_CTX_new_for_pkey(key, selection, "DER", structure, /*propquery=*/nullptr));
  if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx.get()) == 0) {
    return ossl_error(ErrorCode::unsupported_algorithm, std::string(what) + ": no encoder");
  }
  unsigned char* data = nullptr;
  std::size_t len = 0;
  if (OSSL_ENCODER_to_data(ctx.get(), &data, &len) != 1 || data == nullptr) {
    return ossl_error(ErrorCode::crypto_failure, std::string(what) + ": encoding failed");
  }
  std::vector<std::uint8_t> out(data, data + len);
  OPENSSL_clear_free(data, len);
  return out;
}

}  // namespace

Result<std::unique_ptr<PrivateKey>> generate_private_key(AlgorithmsPtr algs, KeyType type,
                                                         std::size_t rsa_bits) {
  EVP_PKEY* key = nullptr;
  switch (type) {
    case KeyType::rsa: {
      if (rsa_bits < kMinRsaBits || rsa_bits > kMaxRsaBits || rsa_bits % 8 != 0) {
        return Error(ErrorCode::invalid_argument,
                     "RSA keys are generated with 2048 to 8192 bits (a multiple of 8), not " +
                         std::to_string(rsa_bits));
      }
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(rsa_bits));
      break;
    }
    case KeyType::ec_p256: key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
    case KeyType::ec_p384: key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"); break;
    case KeyType::ec_p521: key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521"); break;
    case KeyType::ed25519: key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    case KeyType::rsa_pss:
      return Error(ErrorCode::invalid_argument,
                   "RSA-PSS-only keys are not generated (generate an RSA key; it signs with PSS)");
  }
  if (key == nullptr) {
    return ossl_error(ErrorCode::crypto_failure,
                      "generating a " + std::string(name_of(type)) + " key");
  }
  return wrap_private_key(std::move(algs), PkeyPtr(key), ErrorCode::crypto_failure);
}

Result<std::vector<std::uint8_t>> export_subject_public_key_info(const EVP_PKEY* key) {
  return encode(key, EVP_PKEY_PUBLIC_KEY, "SubjectPublicKeyInfo", "SubjectPublicKeyInfo");
}

Result<SecretBytes> export_pkcs8(const EVP_PKEY* key) {
  TLSPP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> der,
                         encode(key, EVP_PKEY_KEYPAIR, "PrivateKeyInfo", "PKCS#8 private key"));
  SecretBytes out{std::span<const std::uint8_t>(der)};
  OPENSSL_cleanse(der.data(), der.size());
  return out;
}

}  // namespace tlspp::crypto::openssl
