// The crypto provider: the one interface through which protocol code (record, handshake, x509)
// reaches cryptographic primitives. src/crypto/openssl/ implements it over OpenSSL 3 libcrypto EVP;
// a deterministic provider (fixed randomness, injected key shares) wraps it for trace replays and
// fuzzing. Protocol code never includes <openssl/...>.
//
// Thread safety: a Provider is shared by every connection of a process; all its methods may be
// called concurrently. Objects it returns (HashContext, Aead, KeyShare, keys) belong to the caller
// and are used by one thread at a time, except PublicKey and PrivateKey: they are immutable, and
// their const methods may run concurrently (one server key serves every connection).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codec/secret_bytes.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::crypto {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;
using codec::SecretBytes;

enum class HashAlg : std::uint8_t { sha1, sha256, sha384, sha512 };
// Digest length in bytes (20, 32, 48, 64).
std::size_t digest_size(HashAlg alg);
std::string_view name_of(HashAlg alg);

enum class AeadAlg : std::uint8_t { aes_128_gcm, aes_256_gcm, chacha20_poly1305 };
inline constexpr std::size_t kAeadNonceSize = 12;  // RFC 5116 §5.1, RFC 8439 §2.8
inline constexpr std::size_t kAeadTagSize = 16;
std::size_t aead_key_size(AeadAlg alg);  // 16 or 32
std::string_view name_of(AeadAlg alg);

// A running hash (the TLS transcript). digest() does not end it: more may be added afterwards.
class HashContext {
 public:
  virtual ~HashContext() = default;
  virtual HashAlg alg() const = 0;
  virtual void update(Bytes data) = 0;
  // Writes the digest of everything so far to out[0..digest_size). out must be that large.
  virtual Status digest(MutableBytes out) const = 0;
  virtual std::unique_ptr<HashContext> clone() const = 0;
};

// An AEAD keyed once (RFC 5116). Created per traffic key and reused for every record: seal/open
// allocate nothing and fetch nothing. The key is wiped when the object is destroyed.
class Aead {
 public:
  virtual ~Aead() = default;
  virtual AeadAlg alg() const = 0;
  // Encrypts the plaintext `head || out[head.size(), out.size())` into `out` and writes the tag:
  // the first head.size() bytes are read from `head`, the rest are already in `out` and are
  // encrypted in place (out.size() >= head.size(), else invalid_argument). `head` is either
  // exactly out.first(head.size()) or does not overlap `out`. This lets the record layer seal the
  // caller's data straight into its output buffer, behind a header and before the content type
  // byte it wrote there. nonce is kAeadNonceSize bytes, tag kAeadTagSize. On failure `out` is
  // wiped.
  virtual Status seal(Bytes nonce, Bytes aad, Bytes head, MutableBytes out, MutableBytes tag) = 0;
  // Encrypts in_out in place and writes the tag (seal() with an empty head).
  Status seal(Bytes nonce, Bytes aad, MutableBytes in_out, MutableBytes tag) {
    return seal(nonce, aad, Bytes{}, in_out, tag);
  }
  // Decrypts in_out in place after checking the tag; ErrorCode::aead_open_failed when the tag does
  // not match (in_out is then zeroed: unauthenticated plaintext is never released).
  virtual Status open(Bytes nonce, Bytes aad, MutableBytes in_out, Bytes tag) = 0;
};

// One ephemeral (EC)DH key pair for one key exchange.
class KeyShare {
 public:
  virtual ~KeyShare() = default;
  virtual NamedGroup group() const = 0;
  // Our public value in TLS wire form: 32 bytes for X25519 (RFC 7748), the uncompressed point
  // 0x04||X||Y for the NIST curves (RFC 8446 §4.2.8.2).
  virtual Bytes public_key() const = 0;
  // Validates the peer's public value and computes the shared secret. ErrorCode::bad_key_share for
  // a value of the wrong size, not on the curve or at infinity; ErrorCode::zero_shared_secret for
  // an all-zero X25519 result (RFC 7748 §6.1, RFC 8446 §7.4.2).
  virtual Result<SecretBytes> agree(Bytes peer_public) const = 0;
};

enum class KeyType : std::uint8_t { rsa, rsa_pss, ec_p256, ec_p384, ec_p521, ed25519 };
std::string_view name_of(KeyType type);

// A signature algorithm independent of TLS: X.509 uses combinations the TLS 1.3 scheme list does
// not (ecdsa-with-SHA256 under a P-384 key, PSS with an explicit salt length).
enum class SignatureKind : std::uint8_t { rsa_pkcs1, rsa_pss, ecdsa, ed25519 };
struct SignatureAlgorithm {
  SignatureKind kind;
  HashAlg hash;  // ignored for ed25519
  // RSA-PSS salt length in bytes; nullopt means "the digest length" (RFC 8446 §4.2.3).
  std::optional<std::size_t> pss_salt_length = std::nullopt;
};
// The algorithm a TLS SignatureScheme names, or nullopt for schemes tlspp does not implement.
std::optional<SignatureAlgorithm> signature_algorithm_for(SignatureScheme scheme);

class PublicKey {
 public:
  virtual ~PublicKey() = default;
  virtual KeyType type() const = 0;
  virtual std::size_t bits() const = 0;
  // ErrorCode::bad_signature when the signature does not verify (or does not fit the key);
  // ErrorCode::unsupported_algorithm when the algorithm does not fit the key type.
  virtual Status verify(const SignatureAlgorithm& alg, Bytes message, Bytes signature) const = 0;
  // RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1), for the TLS 1.2 static RSA key exchange.
  virtual Result<std::vector<std::uint8_t>> encrypt_pkcs1(Bytes plaintext) const = 0;
  // The key as a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), e.g. to write a certificate.
  // ErrorCode::unsupported_algorithm when the provider cannot export keys (the default).
  virtual Result<std::vector<std::uint8_t>> subject_public_key_info() const;
};

class PrivateKey {
 public:
  virtual ~PrivateKey() = default;
  virtual KeyType type() const = 0;
  virtual std::size_t bits() const = 0;
  virtual Result<std::vector<std::uint8_t>> sign(const SignatureAlgorithm& alg,
                                                 Bytes message) const = 0;
  // TLS 1.2 static RSA: decrypts an encrypted pre-master secret following RFC 5246 §7.4.7.1. Always
  // returns a 48-byte secret through one code path: on a padding failure, a wrong length or a wrong
  // client_version in the first two bytes, a random secret is returned instead, and nothing
  // (result, timing, allocation pattern) reveals which happened (Bleichenbacher / ROBOT).
  virtual Result<SecretBytes> decrypt_tls_premaster(Bytes ciphertext,
                                                    ProtocolVersion client_version) const = 0;
  virtual std::unique_ptr<PublicKey> public_key() const = 0;
  // The key as an unencrypted DER PKCS#8 PrivateKeyInfo (RFC 5208 §5), to save a generated key
  // (load_private_key reads it back). ErrorCode::unsupported_algorithm when the provider cannot
  // export keys (the default).
  virtual Result<SecretBytes> pkcs8_der() const;
};

class Provider {
 public:
  virtual ~Provider() = default;
  // A number no other Provider object of this process has had: what is cached per provider (the
  // anchors' keys in x509::TrustStore) is keyed by it, since an address can be reused.
  std::uint64_t instance_id() const { return instance_id_; }
  virtual std::string_view name() const = 0;
  // Human-readable list of what the provider implements, for self-checks.
  virtual std::vector<std::string> algorithms() const = 0;

  // CSPRNG.
  virtual Status random(MutableBytes out) = 0;

  virtual std::unique_ptr<HashContext> new_hash(HashAlg alg) = 0;
  // One-shot digest into out (digest_size(alg) bytes).
  Status hash(HashAlg alg, Bytes data, MutableBytes out);
  // HMAC (RFC 2104) into out (digest_size(alg) bytes).
  virtual Status hmac(HashAlg alg, Bytes key, Bytes data, MutableBytes out) = 0;

  // RFC 5869 §2.2 HKDF-Extract: PRK of digest_size(alg) bytes. An empty salt means HashLen zeros.
  virtual Result<SecretBytes> hkdf_extract(HashAlg alg, Bytes salt, Bytes ikm) = 0;
  // RFC 5869 §2.3 HKDF-Expand: `length` bytes. ErrorCode::invalid_argument if `length` exceeds
  // 255 * HashLen or `prk` is shorter than HashLen.
  virtual Result<SecretBytes> hkdf_expand(HashAlg alg, Bytes prk, Bytes info,
                                          std::size_t length) = 0;
  // RFC 5246 §5 PRF(secret, label, seed) = P_<hash>(secret, label + seed), `length` bytes.
  virtual Result<SecretBytes> tls12_prf(HashAlg alg, Bytes secret, std::string_view label,
                                        Bytes seed, std::size_t length) = 0;

  // An AEAD keyed with `key` (aead_key_size(alg) bytes).
  virtual Result<std::unique_ptr<Aead>> new_aead(AeadAlg alg, Bytes key) = 0;

  // A fresh ephemeral key pair for `group` (x25519, secp256r1, secp384r1).
  virtual Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) = 0;
  // A key pair from a given private key (X25519: 32-byte scalar; NIST curves: big-endian scalar).
  // For known-answer tests and the deterministic provider.
  virtual Result<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group,
                                                                   Bytes private_key) = 0;

  // Public keys from the contents of a certificate's SubjectPublicKeyInfo, already parsed by the
  // x509 layer: RSA modulus and exponent (big-endian, from RSAPublicKey), an EC point (SEC1
  // encoding) on a named curve, or a raw Ed25519 key. ErrorCode::bad_key if invalid.
  virtual Result<std::unique_ptr<PublicKey>> import_rsa_public_key(Bytes modulus,
                                                                   Bytes exponent) = 0;
  virtual Result<std::unique_ptr<PublicKey>> import_ec_public_key(NamedGroup curve,
                                                                  Bytes point) = 0;
  virtual Result<std::unique_ptr<PublicKey>> import_ed25519_public_key(Bytes raw) = 0;

  // Key files: PEM or DER; PKCS#8, SEC1 ("EC PRIVATE KEY") and PKCS#1 ("RSA PRIVATE KEY") private
  // keys, SPKI and PKCS#1 public keys. ErrorCode::bad_key_file with the reason otherwise.
  virtual Result<std::unique_ptr<PrivateKey>> load_private_key(Bytes pem_or_der) = 0;
  virtual Result<std::unique_ptr<PublicKey>> load_public_key(Bytes pem_or_der) = 0;

  // A fresh long-term key pair, e.g. for a development certificate: KeyType::rsa with `rsa_bits`
  // (2048 to 8192, a multiple of 8), ec_p256, ec_p384, ec_p521 or ed25519 (`rsa_bits` ignored).
  // ErrorCode::invalid_argument for other types or sizes; ErrorCode::unsupported_algorithm when the
  // provider cannot generate keys (the default).
  virtual Result<std::unique_ptr<PrivateKey>> generate_private_key(KeyType type,
                                                                   std::size_t rsa_bits);

 private:
  static std::uint64_t next_instance_id();
  std::uint64_t instance_id_ = next_instance_id();
};

// The provider connections use when their config names none: libcrypto's (defined in
// src/crypto/openssl/, so that protocol layers need not include that folder).
std::shared_ptr<Provider> default_provider();

// RFC 8446 §7.1 HKDF-Expand-Label(Secret, Label, Context, Length), with the "tls13 " prefix.
Result<SecretBytes> hkdf_expand_label(Provider& p, HashAlg alg, Bytes secret,
                                      std::string_view label, Bytes context, std::size_t length);
// RFC 8446 §7.1 Derive-Secret(Secret, Label, Messages), given Transcript-Hash(Messages).
Result<SecretBytes> derive_secret(Provider& p, HashAlg alg, Bytes secret, std::string_view label,
                                  Bytes transcript_hash);

}  // namespace tlspp::crypto
