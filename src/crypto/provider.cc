// Protocol-neutral parts of the provider interface: sizes, names, and the TLS 1.3 HKDF labels.
#include "crypto/provider.h"

#include <atomic>

#include "codec/writer.h"

namespace tlspp::crypto {

std::size_t digest_size(HashAlg alg) {
  switch (alg) {
    case HashAlg::sha1: return 20;
    case HashAlg::sha256: return 32;
    case HashAlg::sha384: return 48;
    case HashAlg::sha512: return 64;
  }
  return 0;
}

std::string_view name_of(HashAlg alg) {
  switch (alg) {
    case HashAlg::sha1: return "SHA-1";
    case HashAlg::sha256: return "SHA-256";
    case HashAlg::sha384: return "SHA-384";
    case HashAlg::sha512: return "SHA-512";
  }
  return "";
}

std::size_t aead_key_size(AeadAlg alg) {
  switch (alg) {
    case AeadAlg::aes_128_gcm: return 16;
    case AeadAlg::aes_256_gcm: return 32;
    case AeadAlg::chacha20_poly1305: return 32;
  }
  return 0;
}

std::string_view name_of(AeadAlg alg) {
  switch (alg) {
    case AeadAlg::aes_128_gcm: return "AES-128-GCM";
    case AeadAlg::aes_256_gcm: return "AES-256-GCM";
    case AeadAlg::chacha20_poly1305: return "ChaCha20-Poly1305";
  }
  return "";
}

std::string_view name_of(KeyType type) {
  switch (type) {
    case KeyType::rsa: return "RSA";
    case KeyType::rsa_pss: return "RSA-PSS";
    case KeyType::ec_p256: return "ECDSA P-256";
    case KeyType::ec_p384: return "ECDSA P-384";
    case KeyType::ec_p521: return "ECDSA P-521";
    case KeyType::ed25519: return "Ed25519";
  }
  return "";
}

Result<std::vector<std::uint8_t>> PublicKey::subject_public_key_info() const {
  return Error(ErrorCode::unsupported_algorithm, "this provider cannot export public keys");
}

Result<SecretBytes> PrivateKey::pkcs8_der() const {
  return Error(ErrorCode::unsupported_algorithm, "this provider cannot export private keys");
}

Result<std::unique_ptr<PrivateKey>> Provider::generate_private_key(KeyType, std::size_t) {
  return Error(ErrorCode::unsupported_algorithm, "this provider cannot generate key pairs");
}

std::optional<SignatureAlgorithm> signature_algorithm_for(SignatureScheme scheme) {
  using S = SignatureScheme;
  switch (scheme) {
    case S::rsa_pkcs1_sha256: return SignatureAlgorithm{SignatureKind::rsa_pkcs1, HashAlg::sha256};
    case S::rsa_pkcs1_sha384: return SignatureAlgorithm{SignatureKind::rsa_pkcs1, HashAlg::sha384};
    case S::rsa_pkcs1_sha512: return SignatureAlgorithm{SignatureKind::rsa_pkcs1, HashAlg::sha512};
    case S::rsa_pss_rsae_sha256:
    case S::rsa_pss_pss_sha256: return SignatureAlgorithm{SignatureKind::rsa_pss, HashAlg::sha256};
    case S::rsa_pss_rsae_sha384:
    case S::rsa_pss_pss_sha384: return SignatureAlgorithm{SignatureKind::rsa_pss, HashAlg::sha384};
    case S::rsa_pss_rsae_sha512:
    case S::rsa_pss_pss_sha512: return SignatureAlgorithm{SignatureKind::rsa_pss, HashAlg::sha512};
    case S::ecdsa_secp256r1_sha256:
      return SignatureAlgorithm{SignatureKind::ecdsa, HashAlg::sha256};
    case S::ecdsa_secp384r1_sha384:
      return SignatureAlgorithm{SignatureKind::ecdsa, HashAlg::sha384};
    case S::ecdsa_secp521r1_sha512:
      return SignatureAlgorithm{SignatureKind::ecdsa, HashAlg::sha512};
    case S::ed25519: return SignatureAlgorithm{SignatureKind::ed25519, HashAlg::sha512};
    default: return std::nullopt;  // SHA-1 schemes, ed448 and unknown values are not implemented
  }
}

Status Provider::hash(HashAlg alg, Bytes data, MutableBytes out) {
  auto ctx = new_hash(alg);
  ctx->update(data);
  return ctx->digest(out);
}

Result<SecretBytes> hkdf_expand_label(Provider& p, HashAlg alg, Bytes secret,
                                      std::string_view label, Bytes context, std::size_t length) {
  // RFC 8446 §7.1:
  //   struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }
  codec::Writer w;
  w.u16(static_cast<std::uint16_t>(length));
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& body) {
    static constexpr std::string_view kPrefix = "tls13 ";
    body.bytes({reinterpret_cast<const std::uint8_t*>(kPrefix.data()), kPrefix.size()});
    body.bytes({reinterpret_cast<const std::uint8_t*>(label.data()), label.size()});
  });
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& body) { body.bytes(context); });
  if (length > 0xFFFF) return Error(ErrorCode::invalid_argument, "HKDF-Expand-Label: length");
  TLSPP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> info, std::move(w).finish());
  return p.hkdf_expand(alg, secret, info, length);
}

Result<SecretBytes> derive_secret(Provider& p, HashAlg alg, Bytes secret, std::string_view label,
                                  Bytes transcript_hash) {
  // RFC 8446 §7.1: Derive-Secret = HKDF-Expand-Label(Secret, Label, Transcript-Hash, Hash.length)
  return hkdf_expand_label(p, alg, secret, label, transcript_hash, digest_size(alg));
}

std::uint64_t Provider::next_instance_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace tlspp::crypto
