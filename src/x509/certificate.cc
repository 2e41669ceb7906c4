#include "x509/certificate.h"

#include <algorithm>

#include "x509/oid.h"

namespace tlspp::x509 {
namespace {

Error malformed(const Error& inner) {
  return Error(ErrorCode::cert_malformed, "malformed certificate: " + inner.reason);
}

}  // namespace

bool Certificate::self_issued() const {
  return std::ranges::equal(issuer_.encoding, subject_.encoding);
}

Result<std::shared_ptr<const Certificate>> Certificate::parse(der::Bytes der) {
  std::shared_ptr<Certificate> cert(new Certificate());
  cert->der_.assign(der.begin(), der.end());
  Status s = cert->parse_self();
  if (!s.ok()) {
    if (s.error().code == ErrorCode::cert_duplicate_extension) return std::move(s).error();
    return malformed(s.error());
  }
  return std::shared_ptr<const Certificate>(std::move(cert));
}

// RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
Status Certificate::parse_self() {
  der::Parser top(der_, "Certificate");
  TLSPP_ASSIGN_OR_RETURN(der::Parser cert, top.read_sequence("Certificate"));
  TLSPP_TRY(top.expect_empty());
  TLSPP_ASSIGN_OR_RETURN(der::Element tbs, cert.read_element(der::kSequence));
  TLSPP_ASSIGN_OR_RETURN(der::Element sig_alg, cert.read_element(der::kSequence));
  TLSPP_ASSIGN_OR_RETURN(der::Bytes sig_bits, cert.read(der::kBitString));
  TLSPP_TRY(cert.expect_empty());
  tbs_ = tbs.encoding;
  TLSPP_ASSIGN_OR_RETURN(signature_, der::parse_octet_aligned_bit_string(sig_bits));
  TLSPP_ASSIGN_OR_RETURN(signature_algorithm_, parse_signature_algorithm(sig_alg));
  der::Parser tbs_parser(tbs.contents, "TBSCertificate");
  TLSPP_TRY(parse_tbs(tbs_parser));
  // RFC 5280 §4.1.1.2: signatureAlgorithm "MUST contain the same algorithm identifier as the
  // signature field in the sequence tbsCertificate".
  if (!std::ranges::equal(sig_alg.encoding, tbs_signature_encoding_)) {
    return Error(ErrorCode::cert_malformed,
                 "signatureAlgorithm differs from the TBSCertificate signature field");
  }
  return ok_status();
}

Status Certificate::parse_tbs(der::Parser& tbs) {
  // version [0] EXPLICIT Version DEFAULT v1: DER omits v1 (X.690 §11.5).
  TLSPP_ASSIGN_OR_RETURN(auto version, tbs.read_optional(der::context_constructed(0)));
  if (version) {
    der::Parser v(*version, "TBSCertificate.version");
    TLSPP_ASSIGN_OR_RETURN(der::Bytes n, v.read(der::kInteger));
    TLSPP_TRY(v.expect_empty());
    TLSPP_ASSIGN_OR_RETURN(std::uint64_t value, der::parse_uint64(n));
    if (value == 0) {
      return Error(ErrorCode::bad_encoding, "version v1 encoded explicitly (DER omits defaults)");
    }
    if (value > 2) {
      return Error(ErrorCode::bad_encoding, "unknown version " + std::to_string(value + 1));
    }
    version_ = static_cast<int>(value) + 1;
  }
  TLSPP_ASSIGN_OR_RETURN(serial_, tbs.read(der::kInteger));
  TLSPP_TRY(der::check_integer(serial_));
  TLSPP_ASSIGN_OR_RETURN(der::Element sig, tbs.read_element(der::kSequence));
  tbs_signature_encoding_ = sig.encoding;
  TLSPP_ASSIGN_OR_RETURN(der::Element issuer, tbs.read_element(der::kSequence));
  TLSPP_ASSIGN_OR_RETURN(issuer_, parse_name(issuer));
  TLSPP_ASSIGN_OR_RETURN(der::Parser validity, tbs.read_sequence("Validity"));
  TLSPP_ASSIGN_OR_RETURN(der::Element not_before, validity.next());
  TLSPP_ASSIGN_OR_RETURN(der::Element not_after, validity.next());
  TLSPP_TRY(validity.expect_empty());
  TLSPP_ASSIGN_OR_RETURN(not_before_, parse_time(not_before));
  TLSPP_ASSIGN_OR_RETURN(not_after_, parse_time(not_after));
  TLSPP_ASSIGN_OR_RETURN(der::Element subject, tbs.read_element(der::kSequence));
  TLSPP_ASSIGN_OR_RETURN(subject_, parse_name(subject));
  TLSPP_ASSIGN_OR_RETURN(der::Element spki, tbs.read_element(der::kSequence));
  TLSPP_ASSIGN_OR_RETURN(public_key_, parse_public_key_info(spki));
  // issuerUniqueID [1] and subjectUniqueID [2] (v2 and v3 only), then extensions [3] (v3 only).
  for (std::uint32_t n : {1u, 2u}) {
    TLSPP_ASSIGN_OR_RETURN(auto unique_id, tbs.read_optional(der::context(n)));
    if (unique_id) {
      if (version_ < 2)
        return Error(ErrorCode::bad_encoding, "unique identifier in a v1 certificate");
      TLSPP_TRY(der::parse_bit_string(*unique_id));
    }
  }
  TLSPP_ASSIGN_OR_RETURN(auto extensions, tbs.read_optional(der::context_constructed(3)));
  if (extensions) {
    if (version_ != 3) {
      return Error(ErrorCode::bad_encoding,
                   "extensions in a v" + std::to_string(version_) + " certificate");
    }
    der::Parser outer(*extensions, "extensions");
    TLSPP_ASSIGN_OR_RETURN(der::Bytes list, outer.read(der::kSequence));
    TLSPP_TRY(outer.expect_empty());
    TLSPP_TRY(parse_extensions(list));
  }
  return tbs.expect_empty();
}

Status Certificate::parse_extensions(der::Bytes contents) {
  der::Parser list(contents, "Extensions");
  // RFC 5280 §4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension.
  if (list.empty()) return Error(ErrorCode::bad_encoding, "empty extensions sequence");
  while (!list.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Parser ext, list.read_sequence("Extension"));
    Extension e;
    TLSPP_ASSIGN_OR_RETURN(e.oid, ext.read(der::kOid));
    TLSPP_TRY(der::check_oid(e.oid));
    TLSPP_ASSIGN_OR_RETURN(auto critical, ext.read_optional(der::kBoolean));
    if (critical) {
      TLSPP_ASSIGN_OR_RETURN(e.critical, der::parse_boolean(*critical));
      if (!e.critical) {
        return Error(ErrorCode::bad_encoding, "extension " + der::oid_to_string(e.oid) +
                                                  ": critical FALSE encoded explicitly");
      }
    }
    TLSPP_ASSIGN_OR_RETURN(e.value, ext.read(der::kOctetString));
    TLSPP_TRY(ext.expect_empty());
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular
    // extension."
    for (const Extension& seen : extensions_) {
      if (std::ranges::equal(seen.oid, e.oid)) {
        return Error(ErrorCode::cert_duplicate_extension,
                     "certificate has extension " + der::oid_to_string(e.oid) + " twice");
      }
    }
    extensions_.push_back(e);
    Status s = parse_extension(e);
    if (!s.ok()) {
      return Error(ErrorCode::bad_encoding,
                   "extension " + der::oid_to_string(e.oid) + ": " + s.error().reason);
    }
  }
  return ok_status();
}

Status Certificate::parse_extension(const Extension& e) {
  if (oid::equals(e.oid, oid::kOidExtBasicConstraints)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_basic_constraints(e.value));
    bc_ = Critical<BasicConstraints>{v, e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtKeyUsage)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_key_usage(e.value));
    ku_ = Critical<KeyUsage>{v, e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtExtKeyUsage)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_ext_key_usage(e.value));
    eku_ = Critical<ExtKeyUsage>{std::move(v), e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtSubjectAltName)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_general_names(e.value));
    san_ = Critical<GeneralNames>{std::move(v), e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtNameConstraints)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_name_constraints(e.value));
    nc_ = Critical<NameConstraints>{std::move(v), e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtAuthorityKeyIdentifier)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_authority_key_identifier(e.value));
    aki_ = Critical<AuthorityKeyIdentifier>{v, e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtSubjectKeyIdentifier)) {
    TLSPP_ASSIGN_OR_RETURN(auto v, parse_subject_key_identifier(e.value));
    ski_ = Critical<der::Bytes>{v, e.critical};
  } else if (oid::equals(e.oid, oid::kOidExtAuthorityInfoAccess)) {
    TLSPP_TRY(check_authority_info_access(e.value));
    critical_aia_ = e.critical;
  } else if (e.critical) {
    // Everything else, including the policy extensions (certificatePolicies, policyMappings,
    // policyConstraints, inhibitAnyPolicy), which tlspp does not process.
    unknown_critical_.push_back(der::oid_to_string(e.oid));
  }
  return ok_status();
}

}  // namespace tlspp::x509
