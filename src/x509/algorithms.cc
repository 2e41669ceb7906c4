#include "x509/algorithms.h"

#include "x509/oid.h"

namespace tlspp::x509 {
namespace {

using Status_ = SignatureAlgorithmInfo::Status;
using crypto::HashAlg;
using crypto::SignatureKind;

Error bad(std::string why) { return Error(ErrorCode::bad_encoding, std::move(why)); }

std::optional<HashAlg> hash_from_oid(der::Bytes oid_contents) {
  if (oid::equals(oid_contents, oid::kOidSha1)) return HashAlg::sha1;
  if (oid::equals(oid_contents, oid::kOidSha256)) return HashAlg::sha256;
  if (oid::equals(oid_contents, oid::kOidSha384)) return HashAlg::sha384;
  if (oid::equals(oid_contents, oid::kOidSha512)) return HashAlg::sha512;
  return std::nullopt;
}

// A hash AlgorithmIdentifier inside RSASSA-PSS-params: the OID with absent or NULL parameters.
Result<HashAlg> parse_hash_identifier(der::Parser& p) {
  TLSPP_ASSIGN_OR_RETURN(der::Bytes oid_bytes, p.read(der::kOid));
  TLSPP_TRY(der::check_oid(oid_bytes));
  if (!p.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Bytes null, p.read(der::kNull));
    TLSPP_TRY(der::check_null(null));
  }
  TLSPP_TRY(p.expect_empty());
  auto hash = hash_from_oid(oid_bytes);
  if (!hash) return bad("RSASSA-PSS: unknown hash " + der::oid_to_string(oid_bytes));
  return *hash;
}

// RFC 4055 §3.1 RSASSA-PSS-params. The defaults (SHA-1, MGF1-SHA-1, salt 20) are SHA-1 based.
Result<SignatureAlgorithmInfo> parse_pss_params(der::Parser& params) {
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, params.read_sequence("RSASSA-PSS-params"));
  HashAlg hash = HashAlg::sha1, mgf_hash = HashAlg::sha1;
  std::uint64_t salt = 20;
  TLSPP_ASSIGN_OR_RETURN(auto hash_field, seq.read_optional(der::context_constructed(0)));
  if (hash_field) {
    der::Parser outer(*hash_field, "RSASSA-PSS-params.hashAlgorithm");
    TLSPP_ASSIGN_OR_RETURN(der::Parser alg, outer.read_sequence("hashAlgorithm"));
    TLSPP_TRY(outer.expect_empty());
    TLSPP_ASSIGN_OR_RETURN(hash, parse_hash_identifier(alg));
  }
  TLSPP_ASSIGN_OR_RETURN(auto mgf_field, seq.read_optional(der::context_constructed(1)));
  if (mgf_field) {
    der::Parser outer(*mgf_field, "RSASSA-PSS-params.maskGenAlgorithm");
    TLSPP_ASSIGN_OR_RETURN(der::Parser mgf, outer.read_sequence("maskGenAlgorithm"));
    TLSPP_TRY(outer.expect_empty());
    TLSPP_ASSIGN_OR_RETURN(der::Bytes mgf_oid, mgf.read(der::kOid));
    if (!oid::equals(mgf_oid, oid::kOidMgf1)) return bad("RSASSA-PSS: mask generation is not MGF1");
    TLSPP_ASSIGN_OR_RETURN(der::Parser mgf_hash_alg, mgf.read_sequence("MGF1 hash"));
    TLSPP_TRY(mgf.expect_empty());
    TLSPP_ASSIGN_OR_RETURN(mgf_hash, parse_hash_identifier(mgf_hash_alg));
  }
  TLSPP_ASSIGN_OR_RETURN(auto salt_field, seq.read_optional(der::context_constructed(2)));
  if (salt_field) {
    der::Parser outer(*salt_field, "RSASSA-PSS-params.saltLength");
    TLSPP_ASSIGN_OR_RETURN(der::Bytes salt_int, outer.read(der::kInteger));
    TLSPP_TRY(outer.expect_empty());
    TLSPP_ASSIGN_OR_RETURN(salt, der::parse_uint64(salt_int));
  }
  TLSPP_ASSIGN_OR_RETURN(auto trailer_field, seq.read_optional(der::context_constructed(3)));
  if (trailer_field) {
    der::Parser outer(*trailer_field, "RSASSA-PSS-params.trailerField");
    TLSPP_ASSIGN_OR_RETURN(der::Bytes trailer, outer.read(der::kInteger));
    TLSPP_TRY(outer.expect_empty());
    TLSPP_ASSIGN_OR_RETURN(std::uint64_t t, der::parse_uint64(trailer));
    if (t != 1) return bad("RSASSA-PSS: trailerField must be 1");
  }
  TLSPP_TRY(seq.expect_empty());
  if (hash != mgf_hash) return bad("RSASSA-PSS: MGF1 hash differs from the message hash");
  if (salt > 1024) return bad("RSASSA-PSS: salt length " + std::to_string(salt));
  SignatureAlgorithmInfo info;
  info.algorithm = {SignatureKind::rsa_pss, hash, static_cast<std::size_t>(salt)};
  info.status = hash == HashAlg::sha1 ? Status_::weak : Status_::ok;
  info.name =
      "RSASSA-PSS(" + std::string(crypto::name_of(hash)) + ", salt " + std::to_string(salt) + ")";
  return info;
}

}  // namespace

Result<SignatureAlgorithmInfo> parse_signature_algorithm(const der::Element& element) {
  if (element.tag != der::kSequence) return bad("AlgorithmIdentifier: expected SEQUENCE");
  der::Parser p(element.contents, "AlgorithmIdentifier");
  TLSPP_ASSIGN_OR_RETURN(der::Bytes alg, p.read(der::kOid));
  TLSPP_TRY(der::check_oid(alg));

  struct Entry {
    std::span<const std::uint8_t> oid;
    SignatureKind kind;
    HashAlg hash;
    Status_ status;
    bool null_params;  // RSA PKCS#1: NULL (absent tolerated); others: absent
    std::string_view name;
  };
  static const Entry kTable[] = {
      {oid::kOidSha256WithRsa, SignatureKind::rsa_pkcs1, HashAlg::sha256, Status_::ok, true,
       "sha256WithRSAEncryption"},
      {oid::kOidSha384WithRsa, SignatureKind::rsa_pkcs1, HashAlg::sha384, Status_::ok, true,
       "sha384WithRSAEncryption"},
      {oid::kOidSha512WithRsa, SignatureKind::rsa_pkcs1, HashAlg::sha512, Status_::ok, true,
       "sha512WithRSAEncryption"},
      {oid::kOidSha1WithRsa, SignatureKind::rsa_pkcs1, HashAlg::sha1, Status_::weak, true,
       "sha1WithRSAEncryption"},
      {oid::kOidMd5WithRsa, SignatureKind::rsa_pkcs1, HashAlg::sha1, Status_::weak, true,
       "md5WithRSAEncryption"},
      {oid::kOidEcdsaWithSha256, SignatureKind::ecdsa, HashAlg::sha256, Status_::ok, false,
       "ecdsa-with-SHA256"},
      {oid::kOidEcdsaWithSha384, SignatureKind::ecdsa, HashAlg::sha384, Status_::ok, false,
       "ecdsa-with-SHA384"},
      {oid::kOidEcdsaWithSha512, SignatureKind::ecdsa, HashAlg::sha512, Status_::ok, false,
       "ecdsa-with-SHA512"},
      {oid::kOidEcdsaWithSha1, SignatureKind::ecdsa, HashAlg::sha1, Status_::weak, false,
       "ecdsa-with-SHA1"},
      {oid::kOidEd25519, SignatureKind::ed25519, HashAlg::sha512, Status_::ok, false, "Ed25519"},
  };
  for (const Entry& e : kTable) {
    if (!std::ranges::equal(alg, e.oid)) continue;
    if (e.null_params) {
      // RFC 4055 §5: the parameters MUST be NULL; some old encoders omit them.
      if (!p.empty()) {
        TLSPP_ASSIGN_OR_RETURN(der::Bytes null, p.read(der::kNull));
        TLSPP_TRY(der::check_null(null));
      }
    }
    // RFC 5758 §3.2 and RFC 8410 §3: ECDSA and Ed25519 parameters MUST be absent.
    if (!p.empty()) return bad(std::string(e.name) + ": parameters must be absent");
    SignatureAlgorithmInfo info;
    info.algorithm = {e.kind, e.hash};
    info.status = e.status;
    info.name = std::string(e.name);
    return info;
  }
  if (oid::equals(alg, oid::kOidRsaPss)) {
    TLSPP_ASSIGN_OR_RETURN(SignatureAlgorithmInfo info, parse_pss_params(p));
    TLSPP_TRY(p.expect_empty());
    return info;
  }
  SignatureAlgorithmInfo info;
  info.status = Status_::unsupported;
  info.name = der::oid_to_string(alg);
  return info;
}

namespace {

// RFC 3279 §2.3.1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
Status parse_rsa_key(der::Bytes key, PublicKeyInfo& info) {
  der::Parser outer(key, "RSAPublicKey");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("RSAPublicKey"));
  TLSPP_TRY(outer.expect_empty());
  TLSPP_ASSIGN_OR_RETURN(der::Bytes modulus, seq.read(der::kInteger));
  TLSPP_ASSIGN_OR_RETURN(der::Bytes exponent, seq.read(der::kInteger));
  TLSPP_TRY(seq.expect_empty());
  TLSPP_TRY(der::check_integer(modulus));
  TLSPP_TRY(der::check_integer(exponent));
  if (der::integer_is_negative(modulus) || der::integer_is_negative(exponent)) {
    return bad("RSAPublicKey: negative modulus or exponent");
  }
  if (modulus[0] == 0) modulus = modulus.subspan(1);
  if (exponent[0] == 0) exponent = exponent.subspan(1);
  if (modulus.empty() || exponent.empty()) return bad("RSAPublicKey: zero modulus or exponent");
  info.rsa_modulus = modulus;
  info.rsa_exponent = exponent;
  std::size_t top_bits = 0;
  for (std::uint8_t b = modulus[0]; b != 0; b >>= 1) ++top_bits;
  info.bits = (modulus.size() - 1) * 8 + top_bits;
  return ok_status();
}

}  // namespace

Result<PublicKeyInfo> parse_public_key_info(const der::Element& element) {
  if (element.tag != der::kSequence) return bad("SubjectPublicKeyInfo: expected SEQUENCE");
  PublicKeyInfo info;
  info.encoding = element.encoding;
  der::Parser spki(element.contents, "SubjectPublicKeyInfo");
  TLSPP_ASSIGN_OR_RETURN(der::Parser alg, spki.read_sequence("SubjectPublicKeyInfo.algorithm"));
  TLSPP_ASSIGN_OR_RETURN(der::Bytes key_bits, spki.read(der::kBitString));
  TLSPP_TRY(spki.expect_empty());
  TLSPP_ASSIGN_OR_RETURN(info.key, der::parse_octet_aligned_bit_string(key_bits));
  TLSPP_ASSIGN_OR_RETURN(der::Bytes alg_oid, alg.read(der::kOid));
  TLSPP_TRY(der::check_oid(alg_oid));

  if (oid::equals(alg_oid, oid::kOidRsaEncryption) || oid::equals(alg_oid, oid::kOidRsaPss)) {
    const bool pss = oid::equals(alg_oid, oid::kOidRsaPss);
    if (!pss && !alg.empty()) {
      TLSPP_ASSIGN_OR_RETURN(der::Bytes null, alg.read(der::kNull));  // RFC 3279 §2.3.1
      TLSPP_TRY(der::check_null(null));
    }
    // id-RSASSA-PSS keys may carry RSASSA-PSS-params restricting their use (RFC 4055 §1.2); they
    // are accepted and the restriction is not enforced beyond the certificate's own algorithm.
    if (pss && !alg.empty()) {
      TLSPP_ASSIGN_OR_RETURN(der::Element params, alg.read_element(der::kSequence));
      (void)params;
    }
    TLSPP_TRY(alg.expect_empty());
    TLSPP_TRY(parse_rsa_key(info.key, info));
    info.algorithm = pss ? KeyAlgorithm::rsa_pss : KeyAlgorithm::rsa;
    info.description = (pss ? "RSA-PSS " : "RSA ") + std::to_string(info.bits);
    return info;
  }
  if (oid::equals(alg_oid, oid::kOidEcPublicKey)) {
    // RFC 5480 §2.1.1: ECParameters; only namedCurve is allowed (explicit curves are refused).
    if (!alg.next_is(der::kOid)) {
      info.description = "EC with explicit or implicit parameters (unsupported)";
      return info;
    }
    TLSPP_ASSIGN_OR_RETURN(der::Bytes curve, alg.read(der::kOid));
    TLSPP_TRY(der::check_oid(curve));
    TLSPP_TRY(alg.expect_empty());
    if (oid::equals(curve, oid::kOidP256)) {
      info.curve = NamedGroup::secp256r1;
      info.bits = 256;
      info.description = "EC P-256";
    } else if (oid::equals(curve, oid::kOidP384)) {
      info.curve = NamedGroup::secp384r1;
      info.bits = 384;
      info.description = "EC P-384";
    } else if (oid::equals(curve, oid::kOidP521)) {
      info.curve = NamedGroup::secp521r1;
      info.bits = 521;
      info.description = "EC P-521";
    } else {
      info.description = "EC curve " + der::oid_to_string(curve) + " (unsupported)";
      return info;
    }
    info.algorithm = KeyAlgorithm::ec;
    return info;
  }
  if (oid::equals(alg_oid, oid::kOidEd25519)) {
    if (!alg.empty()) return bad("Ed25519 key: parameters must be absent");  // RFC 8410 §3
    if (info.key.size() != 32) return bad("Ed25519 key: not 32 bytes");
    info.algorithm = KeyAlgorithm::ed25519;
    info.bits = 256;
    info.description = "Ed25519";
    return info;
  }
  const std::string dotted = der::oid_to_string(alg_oid);
  info.description = (dotted == "1.2.840.10040.4.1" ? "DSA" : "key algorithm " + dotted) +
                     std::string(" (unsupported)");
  return info;
}

Result<std::unique_ptr<crypto::PublicKey>> import_public_key(const PublicKeyInfo& info,
                                                             crypto::Provider& provider) {
  switch (info.algorithm) {
    case KeyAlgorithm::rsa:
    case KeyAlgorithm::rsa_pss:
      return provider.import_rsa_public_key(info.rsa_modulus, info.rsa_exponent);
    case KeyAlgorithm::ec: return provider.import_ec_public_key(*info.curve, info.key);
    case KeyAlgorithm::ed25519: return provider.import_ed25519_public_key(info.key);
    case KeyAlgorithm::unsupported: break;
  }
  return Error(ErrorCode::cert_unsupported, "unsupported public key: " + info.description);
}

}  // namespace tlspp::x509
