// Internal to the OpenSSL provider: owning handles for libcrypto objects, the algorithm objects
// fetched once per process, error translation, and the factories each source file implements.
// Nothing outside src/crypto/openssl/ includes this header.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/provider.h"

namespace tlspp::crypto::openssl {

// unique_ptr deleter calling a libcrypto free function.
template <auto FreeFn>
struct Free {
  template <class T>
  void operator()(T* p) const {
    FreeFn(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Free<EVP_MAC_CTX_free>>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Free<EVP_CIPHER_CTX_free>>;

// An Error with `code` whose reason is `what` followed by the libcrypto errors queued on this
// thread. Empties the queue, so that no error state leaks into the next call.
Error ossl_error(ErrorCode code, std::string_view what);
// Empties this thread's libcrypto error queue (after an expected failure, e.g. a decoder probing
// formats, whose queued errors mean nothing to the caller).
void clear_ossl_errors();

// The algorithm objects libcrypto looks up by name, fetched once when the provider is built and
// read-only afterwards: every thread may use them concurrently. A null entry means the algorithm
// is not available in this libcrypto (e.g. a FIPS configuration); users then report
// unsupported_algorithm.
class Algorithms {
 public:
  Algorithms();
  ~Algorithms();
  Algorithms(const Algorithms&) = delete;
  Algorithms& operator=(const Algorithms&) = delete;

  const EVP_MD* md(HashAlg alg) const { return mds_[static_cast<std::size_t>(alg)]; }
  // An HMAC context already bound to `alg`'s digest but not keyed: EVP_MAC_CTX_dup it and key the
  // copy (duplicating avoids looking the digest up by name on every HMAC).
  const EVP_MAC_CTX* hmac_template(HashAlg alg) const {
    return hmac_templates_[static_cast<std::size_t>(alg)];
  }
  const EVP_CIPHER* cipher(AeadAlg alg) const { return ciphers_[static_cast<std::size_t>(alg)]; }
  // A key holding only the domain parameters of a NIST curve (null for other groups, or when
  // unavailable): EVP_PKEY_dup it and set the public point, which skips building the curve's group
  // from its name on every key import.
  const EVP_PKEY* ec_parameters(NamedGroup curve) const;

 private:
  std::array<EVP_MD*, 4> mds_{};
  EVP_MAC* hmac_ = nullptr;
  std::array<EVP_MAC_CTX*, 4> hmac_templates_{};
  std::array<EVP_CIPHER*, 3> ciphers_{};
  std::array<EVP_PKEY*, 3> ec_parameters_{};  // P-256, P-384, P-521
};

// Keys keep the algorithm cache alive for as long as they exist.
using AlgorithmsPtr = std::shared_ptr<const Algorithms>;

// ---- Factories and operations, one group per source file ----

// hash.cc: a running digest (never null; if `alg` is unavailable, digest() reports the error).
std::unique_ptr<HashContext> new_hash_context(const Algorithms& algs, HashAlg alg);

// kdf.cc: HMAC, HKDF (RFC 5869) and the TLS 1.2 PRF (RFC 5246 §5) over the cached HMAC templates.
Status hmac(const Algorithms& algs, HashAlg alg, Bytes key, Bytes data, MutableBytes out);
Result<SecretBytes> hkdf_extract(const Algorithms& algs, HashAlg alg, Bytes salt, Bytes ikm);
Result<SecretBytes> hkdf_expand(const Algorithms& algs, HashAlg alg, Bytes prk, Bytes info,
                                std::size_t length);
Result<SecretBytes> tls12_prf(const Algorithms& algs, HashAlg alg, Bytes secret,
                              std::string_view label, Bytes seed, std::size_t length);

// aead.cc: an AEAD context keyed once with `key`.
Result<std::unique_ptr<Aead>> new_aead(const Algorithms& algs, AeadAlg alg, Bytes key);

// kex.cc: ephemeral (EC)DH key pairs (x25519, secp256r1, secp384r1, secp521r1).
// The key shares keep `algs` alive (they import the peer's key with its EC parameters).
Result<std::unique_ptr<KeyShare>> generate_key_share(AlgorithmsPtr algs, NamedGroup group);
Result<std::unique_ptr<KeyShare>> key_share_from_private(AlgorithmsPtr algs, NamedGroup group,
                                                         Bytes private_key);
// An EC public key from a SEC1-encoded point on a NIST curve. The point is checked to lie on the
// curve; `code` (bad_key_share or bad_key) is returned otherwise. The point at infinity is not
// refused here: callers run EVP_PKEY_public_check(_quick).
Result<PkeyPtr> ec_public_key_from_point(const Algorithms& algs, NamedGroup curve, Bytes point,
                                         ErrorCode code);

// keys.cc: wrapping a loaded or imported EVP_PKEY. `code` (bad_key or bad_key_file) for a key type
// tlspp does not sign with (DSA, Ed448, EC on other curves or with explicit parameters...).
Result<std::unique_ptr<PublicKey>> wrap_public_key(AlgorithmsPtr algs, PkeyPtr key, ErrorCode code);
Result<std::unique_ptr<PrivateKey>> wrap_private_key(AlgorithmsPtr algs, PkeyPtr key,
                                                     ErrorCode code);

// key_import.cc: public keys from SubjectPublicKeyInfo contents, and key files.
Result<std::unique_ptr<PublicKey>> import_rsa_public_key(AlgorithmsPtr algs, Bytes modulus,
                                                         Bytes exponent);
Result<std::unique_ptr<PublicKey>> import_ec_public_key(AlgorithmsPtr algs, NamedGroup curve,
                                                        Bytes point);
Result<std::unique_ptr<PublicKey>> import_ed25519_public_key(AlgorithmsPtr algs, Bytes raw);
Result<std::unique_ptr<PrivateKey>> load_private_key(AlgorithmsPtr algs, Bytes pem_or_der);
Result<std::unique_ptr<PublicKey>> load_public_key(AlgorithmsPtr algs, Bytes pem_or_der);

// key_generation.cc: long-term key pairs and their export (see Provider::generate_private_key,
// PublicKey::subject_public_key_info, PrivateKey::pkcs8_der).
Result<std::unique_ptr<PrivateKey>> generate_private_key(AlgorithmsPtr algs, KeyType type,
                                                         std::size_t rsa_bits);
Result<std::vector<std::uint8_t>> export_subject_public_key_info(const EVP_PKEY* key);
Result<SecretBytes> export_pkcs8(const EVP_PKEY* key);

// The OpenSSL group name of a NIST curve ("P-256"...), or null for other groups.
const char* nist_group_name(NamedGroup group);

}  // namespace tlspp::crypto::openssl
