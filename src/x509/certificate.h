// A parsed X.509 v1/v2/v3 certificate (RFC 5280 §4.1): a read-only view over its own copy of the
// DER bytes. Every span and string_view inside aliases those bytes, so a Certificate is neither
// copyable nor movable; it is shared as std::shared_ptr<const Certificate>.
//
// Parsing checks structure (strict DER), not policy: expired, weak, CA-less or oddly extended
// certificates parse, and path validation (verify.h) judges them. Parsing fails with
//   ErrorCode::cert_duplicate_extension  when an extension OID appears twice (RFC 5280 §4.2);
//   ErrorCode::cert_malformed            for anything else: DER violations, a signatureAlgorithm
//                                        different from the TBS signature field (RFC 5280
//                                        §4.1.1.2), malformed values of extensions we understand.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tlspp/result.h"
#include "x509/algorithms.h"
#include "x509/der.h"
#include "x509/extensions.h"
#include "x509/name.h"
#include "x509/time.h"

namespace tlspp::x509 {

// One extension as it appears in the certificate.
struct Extension {
  der::Bytes oid;  // contents octets
  bool critical = false;
  der::Bytes value;  // extnValue contents
};

// An extension value with its criticality.
template <class T>
struct Critical {
  T value;
  bool critical = false;
};

class Certificate {
 public:
  // Copies `der` and parses it. The whole input must be one Certificate (trailing bytes are an
  // error). Failures as described at the top of this file.
  static Result<std::shared_ptr<const Certificate>> parse(der::Bytes der);

  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  der::Bytes der() const { return der_; }
  // The exact DER of tbsCertificate (tag and length included): the signed message.
  der::Bytes tbs() const { return tbs_; }
  int version() const { return version_; }  // 1, 2 or 3
  der::Bytes serial() const { return serial_; }
  const SignatureAlgorithmInfo& signature_algorithm() const { return signature_algorithm_; }
  der::Bytes signature() const { return signature_; }
  const Name& issuer() const { return issuer_; }
  const Name& subject() const { return subject_; }
  UnixTime not_before() const { return not_before_; }
  UnixTime not_after() const { return not_after_; }
  const PublicKeyInfo& public_key() const { return public_key_; }

  const std::vector<Extension>& extensions() const { return extensions_; }
  const std::optional<Critical<BasicConstraints>>& basic_constraints() const { return bc_; }
  const std::optional<Critical<KeyUsage>>& key_usage() const { return ku_; }
  const std::optional<Critical<ExtKeyUsage>>& ext_key_usage() const { return eku_; }
  const std::optional<Critical<GeneralNames>>& subject_alt_name() const { return san_; }
  const std::optional<Critical<NameConstraints>>& name_constraints() const { return nc_; }
  const std::optional<Critical<AuthorityKeyIdentifier>>& authority_key_id() const { return aki_; }
  const std::optional<Critical<der::Bytes>>& subject_key_id() const { return ski_; }
  // Whether an AuthorityInfoAccess extension is present and critical (RFC 5280 §4.2.2.1 forbids).
  bool has_critical_aia() const { return critical_aia_; }
  // Critical extensions tlspp does not process (their dotted OIDs). Path validation refuses a
  // certificate with any (RFC 5280 §4.2); parsing does not, so that unused certificates with them
  // do not disturb anything.
  const std::vector<std::string>& unknown_critical_extensions() const { return unknown_critical_; }

  // Subject and issuer have identical encodings (RFC 5280 §6.1: "self-issued").
  bool self_issued() const;
  bool is_ca() const { return bc_ && bc_->value.ca; }
  // The subject for people: "CN=Foo Intermediate CA, O=Example".
  std::string display_name() const { return subject_.to_string(); }

 private:
  Certificate() = default;
  Status parse_self();
  Status parse_tbs(der::Parser& tbs);
  Status parse_extensions(der::Bytes contents);
  Status parse_extension(const Extension& ext);

  std::vector<std::uint8_t> der_;
  der::Bytes tbs_;
  int version_ = 1;
  der::Bytes serial_;
  der::Bytes tbs_signature_encoding_;
  SignatureAlgorithmInfo signature_algorithm_;
  der::Bytes signature_;
  Name issuer_, subject_;
  UnixTime not_before_ = 0, not_after_ = 0;
  PublicKeyInfo public_key_;
  std::vector<Extension> extensions_;
  std::optional<Critical<BasicConstraints>> bc_;
  std::optional<Critical<KeyUsage>> ku_;
  std::optional<Critical<ExtKeyUsage>> eku_;
  std::optional<Critical<GeneralNames>> san_;
  std::optional<Critical<NameConstraints>> nc_;
  std::optional<Critical<AuthorityKeyIdentifier>> aki_;
  std::optional<Critical<der::Bytes>> ski_;
  bool critical_aia_ = false;
  std::vector<std::string> unknown_critical_;
};

using CertificatePtr = std::shared_ptr<const Certificate>;

}  // namespace tlspp::x509
