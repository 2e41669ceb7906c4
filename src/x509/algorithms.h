// AlgorithmIdentifiers of certificates: signature algorithms (RFC 4055, RFC 5758, RFC 8410) and
// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 3279, RFC 5480, RFC 8410).
#pragma once

#include <optional>
#include <string>

#include "crypto/provider.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"
#include "x509/der.h"

namespace tlspp::x509 {

// A certificate's signature algorithm. Parsing succeeds for algorithms we refuse to use (MD5,
// SHA-1: `weak`) or do not know (`unsupported`), so that such certificates can still be displayed
// and loaded as trust anchors (whose own signature is never checked); path validation refuses them
// with ErrorCode::cert_weak_algorithm or cert_unsupported when it needs them.
struct SignatureAlgorithmInfo {
  enum class Status : std::uint8_t { ok, weak, unsupported };
  Status status = Status::unsupported;
  crypto::SignatureAlgorithm algorithm{crypto::SignatureKind::rsa_pkcs1, crypto::HashAlg::sha256};
  std::string name;  // "sha256WithRSAEncryption", "RSASSA-PSS(SHA-256, salt 32)", or the OID
};

// Parses an AlgorithmIdentifier element used as a signature algorithm. Parameters must be as the
// RFCs specify: NULL (or absent) for PKCS#1 v1.5, absent for ECDSA and Ed25519, RSASSA-PSS-params
// with the hash and MGF1 hash equal and one of SHA-256/384/512 (SHA-1 PSS is `weak`).
// ErrorCode::bad_encoding for malformed DER or parameters of a known algorithm.
Result<SignatureAlgorithmInfo> parse_signature_algorithm(const der::Element& element);

enum class KeyAlgorithm : std::uint8_t { rsa, rsa_pss, ec, ed25519, unsupported };

// A SubjectPublicKeyInfo. For RSA the RSAPublicKey is parsed (modulus without its sign octet); for
// EC the named curve and SEC1 point; for Ed25519 the 32-byte key. Keys of other algorithms (DSA,
// explicit EC parameters, unknown curves such as P-192) parse as `unsupported` with a description.
struct PublicKeyInfo {
  der::Bytes encoding;  // the whole SPKI SEQUENCE
  KeyAlgorithm algorithm = KeyAlgorithm::unsupported;
  std::optional<NamedGroup> curve;  // ec: secp256r1, secp384r1 or secp521r1
  der::Bytes key;                   // ec: the point; ed25519: the raw key; rsa: the RSAPublicKey
  der::Bytes rsa_modulus;           // rsa/rsa_pss: big-endian, no leading zero octet
  der::Bytes rsa_exponent;
  std::size_t bits = 0;     // RSA modulus bits; curve size for EC; 256 for Ed25519
  std::string description;  // "RSA 2048", "EC P-256", "Ed25519", "DSA (unsupported)"
};

// Parses a SubjectPublicKeyInfo element. ErrorCode::bad_encoding when malformed (including an RSA
// key whose RSAPublicKey does not parse or has a non-positive modulus or exponent).
Result<PublicKeyInfo> parse_public_key_info(const der::Element& element);

// The key imported through the provider. ErrorCode::cert_unsupported for unsupported algorithms;
// the provider's error (bad_key) when it refuses the key.
Result<std::unique_ptr<crypto::PublicKey>> import_public_key(const PublicKeyInfo& info,
                                                             crypto::Provider& provider);

}  // namespace tlspp::x509
