// Public keys from the raw contents of a SubjectPublicKeyInfo (parsed by the x509 layer; never a
// whole certificate through d2i_X509), and key files in PEM or DER.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/param_build.h>

#include <optional>
#include <string>
#include <string_view>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

using BnPtr = std::unique_ptr<BIGNUM, Free<BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Free<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Free<OSSL_PARAM_free>>;
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, Free<OSSL_DECODER_CTX_free>>;

constexpr std::size_t kMinRsaBits = 1024;   // policy above this (e.g. >= 2048) belongs to x509
constexpr std::size_t kMaxRsaBits = 16384;  // libcrypto's OPENSSL_RSA_MAX_MODULUS_BITS

// `b` without its leading zero bytes (DER INTEGERs carry one before a high bit).
Bytes strip_leading_zeros(Bytes b) {
  std::size_t i = 0;
  while (i < b.size() && b[i] == 0) ++i;
  return b.subspan(i);
}

std::size_t bit_length(Bytes big_endian) {
  if (big_endian.empty()) return 0;
  std::size_t bits = (big_endian.size() - 1) * 8;
  for (std::uint8_t top = big_endian[0]; top != 0; top >>= 1) ++bits;
  return bits;
}

// Declines to supply a passphrase, so an encrypted key fails instead of prompting on a terminal.
int refuse_passphrase(char*, std::size_t, std::size_t*, const OSSL_PARAM[], void*) { return 0; }

// One PEM block of the input.
struct PemBlock {
  std::string_view label;  // "PRIVATE KEY", "EC PRIVATE KEY", ...
  std::string_view text;   // from "-----BEGIN" to the end of "-----END ...-----"
};

// The first PEM block whose label ends with `suffix` ("PRIVATE KEY" or "PUBLIC KEY"), skipping
// others (an "EC PARAMETERS" block before a SEC1 key, a certificate before its key). The labels
// of all blocks seen are appended to `seen` for error messages.
std::optional<PemBlock> find_pem_block(std::string_view text, std::string_view suffix,
                                       std::string& seen) {
  static constexpr std::string_view kBegin = "-----BEGIN ";
  static constexpr std::string_view kDashes = "-----";
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string_view::npos) {
    const std::size_t label_at = pos + kBegin.size();
    const std::size_t label_end = text.find(kDashes, label_at);
    if (label_end == std::string_view::npos) break;
    const std::string_view label = text.substr(label_at, label_end - label_at);
    const std::string end_line = "-----END " + std::string(label) + "-----";
    const std::size_t end_at = text.find(end_line, label_end);
    if (end_at == std::string_view::npos) break;
    if (!seen.empty()) seen += ", ";
    seen += label;
    if (label.size() >= suffix.size() && label.substr(label.size() - suffix.size()) == suffix) {
      return PemBlock{label, text.substr(pos, end_at + end_line.size() - pos)};
    }
    pos = end_at + end_line.size();
  }
  return std::nullopt;
}

// Decodes a key of the given selection from PEM or DER `input`.
Result<PkeyPtr> decode_key(Bytes input, int selection, bool private_key) {
  const std::string_view kind = private_key ? "private key" : "public key";
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  const char* input_type = "DER";
  std::string description = "DER";
  if (text.find("-----BEGIN ") != std::string_view::npos) {
    std::string seen;
    const auto block = find_pem_block(text, private_key ? "PRIVATE KEY" : "PUBLIC KEY", seen);
    if (!block) {
      return Error(ErrorCode::bad_key_file,
                   "no PEM " + std::string(kind) + " block found" +
                       (seen.empty() ? std::string() : " (blocks: " + seen + ")"));
    }
    if (block->label == "ENCRYPTED PRIVATE KEY" ||
        block->text.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos) {
      return Error(ErrorCode::bad_key_file, "encrypted private keys are not supported (PEM " +
                                                std::string(block->label) + ")");
    }
    input_type = "PEM";
    description = "PEM " + std::string(block->label);
    input = Bytes(reinterpret_cast<const std::uint8_t*>(block->text.data()), block->text.size());
  }
  EVP_PKEY* key = nullptr;
  DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&key, input_type, nullptr, nullptr, selection,
                                                  nullptr, nullptr));
  if (!ctx || OSSL_DECODER_CTX_set_passphrase_cb(ctx.get(), refuse_passphrase, nullptr) != 1) {
    return ossl_error(ErrorCode::crypto_failure, "key decoder setup");
  }
  const unsigned char* data = input.data();
  std::size_t len = input.size();
  if (input.empty() || OSSL_DECODER_from_data(ctx.get(), &data, &len) != 1 || key == nullptr) {
    EVP_PKEY_free(key);
    return ossl_error(ErrorCode::bad_key_file,
                      description + " is not a supported " + std::string(kind) +
                          (private_key ? " (PKCS#8, SEC1 or PKCS#1)" : " (SPKI or PKCS#1)"));
  }
  // The decoder tries several formats; the failed attempts leave errors behind.
  clear_ossl_errors();
  return PkeyPtr(key);
}

}  // namespace

Result<std::unique_ptr<PublicKey>> import_rsa_public_key(AlgorithmsPtr algs, Bytes modulus,
                                                         Bytes exponent) {
  const Bytes n = strip_leading_zeros(modulus);
  const Bytes e = strip_leading_zeros(exponent);
  const std::size_t bits = bit_length(n);
  if (bits < kMinRsaBits || bits > kMaxRsaBits) {
    return Error(ErrorCode::bad_key,
                 "RSA modulus of " + std::to_string(bits) + " bits is outside [1024, 16384]");
  }
  // An RSA modulus is a product of two odd primes; e must be odd (coprime to the even lambda(n)),
  // at least 3 and below n.
  if ((n.back() & 1) == 0) return Error(ErrorCode::bad_key, "RSA modulus is even");
  if (e.empty() || (e.size() == 1 && e[0] < 3)) {
    return Error(ErrorCode::bad_key, "RSA public exponent is less than 3");
  }
  if ((e.back() & 1) == 0) return Error(ErrorCode::bad_key, "RSA public exponent is even");
  BnPtr n_bn(BN_bin2bn(n.data(), static_cast<int>(n.size()), nullptr));
  BnPtr e_bn(BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr));
  if (!n_bn || !e_bn) return ossl_error(ErrorCode::crypto_failure, "RSA key import");
  if (BN_cmp(e_bn.get(), n_bn.get()) >= 0) {
    return Error(ErrorCode::bad_key, "RSA public exponent is not below the modulus");
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1) {
    return ossl_error(ErrorCode::crypto_failure, "RSA key parameters");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return ossl_error(ErrorCode::bad_key, "RSA key import");
  }
  return wrap_public_key(std::move(algs), PkeyPtr(key), ErrorCode::bad_key);
}

Result<std::unique_ptr<PublicKey>> import_ec_public_key(AlgorithmsPtr algs, NamedGroup curve,
                                                        Bytes point) {
  // SEC1 §2.3.4 point decoding (compressed or uncompressed, RFC 5480 §2.2); the import refuses
  // points not on the curve.
  TLSPP_ASSIGN_OR_RETURN(PkeyPtr key,
                         ec_public_key_from_point(*algs, curve, point, ErrorCode::bad_key));
  // The NIST curves have cofactor 1, so a point on the curve that is not the point at infinity is
  // in the prime-order group: the quick check (no scalar multiplication by n) is complete here.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check_quick(check.get()) != 1) {
    return ossl_error(ErrorCode::bad_key, std::string(name_of(curve)) + " public key is invalid");
  }
  return wrap_public_key(std::move(algs), std::move(key), ErrorCode::bad_key);
}

Result<std::unique_ptr<PublicKey>> import_ed25519_public_key(AlgorithmsPtr algs, Bytes raw) {
  if (raw.size() != 32) {  // RFC 8410 §3 / RFC 8032 §5.1.5: 32 bytes
    return Error(ErrorCode::bad_key,
                 "Ed25519 public key is " + std::to_string(raw.size()) + " bytes, expected 32");
  }
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()));
  if (!key) return ossl_error(ErrorCode::bad_key, "Ed25519 key import");
  return wrap_public_key(std::move(algs), std::move(key), ErrorCode::bad_key);
}

Result<std::unique_ptr<PrivateKey>> load_private_key(AlgorithmsPtr algs, Bytes pem_or_der) {
  TLSPP_ASSIGN_OR_RETURN(PkeyPtr key,
                         decode_key(pem_or_der, EVP_PKEY_KEYPAIR, /*private_key=*/true));
  return wrap_private_key(std::move(algs), std::move(key), ErrorCode::bad_key_file);
}

Result<std::unique_ptr<PublicKey>> load_public_key(AlgorithmsPtr algs, Bytes pem_or_der) {
  TLSPP_ASSIGN_OR_RETURN(PkeyPtr key,
                         decode_key(pem_or_der, EVP_PKEY_PUBLIC_KEY, /*private_key=*/false));
  return wrap_public_key(std::move(algs), std::move(key), ErrorCode::bad_key_file);
}

}  // namespace tlspp::crypto::openssl
