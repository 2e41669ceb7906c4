// Certificate extensions tlspp understands (RFC 5280 §4.2), parsed from their extnValue octets.
// Each parser returns ErrorCode::bad_encoding with a reason when the value is malformed.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "tlspp/result.h"
#include "x509/der.h"
#include "x509/name.h"

namespace tlspp::x509 {

// RFC 5280 §4.2.1.6 GeneralNames, sorted by form. Strings alias the certificate's bytes.
// In a subjectAltName, iPAddress entries are 4 or 16 octets; in name constraints they are
// address+mask, 8 or 32 octets (§4.2.1.10). IA5String forms must be ASCII.
struct GeneralNames {
  std::vector<std::string_view> dns_names;  // dNSName [2]
  std::vector<der::Bytes> ip_addresses;     // iPAddress [7]
  std::vector<std::string_view> emails;     // rfc822Name [1]
  std::vector<std::string_view> uris;       // uniformResourceIdentifier [6]
  std::vector<Name> directory_names;        // directoryName [4]
  std::size_t other_names = 0;              // otherName [0]
  std::size_t other_forms = 0;              // x400Address [3], ediPartyName [5], registeredID [8]

  std::size_t size() const {
    return dns_names.size() + ip_addresses.size() + emails.size() + uris.size() +
           directory_names.size() + other_names + other_forms;
  }
};

// RFC 5280 §4.2.1.9.
struct BasicConstraints {
  bool ca = false;
  std::optional<std::uint64_t> path_len;
};

// RFC 5280 §4.2.1.3 bit positions.
enum class KeyUsageBit : std::uint8_t {
  digital_signature = 0,
  non_repudiation = 1,
  key_encipherment = 2,
  data_encipherment = 3,
  key_agreement = 4,
  key_cert_sign = 5,
  crl_sign = 6,
  encipher_only = 7,
  decipher_only = 8,
};
struct KeyUsage {
  der::BitString bits;
  bool has(KeyUsageBit bit) const { return bits.bit(static_cast<std::size_t>(bit)); }
};

// RFC 5280 §4.2.1.12: the purpose OIDs (contents octets).
struct ExtKeyUsage {
  std::vector<der::Bytes> purposes;
};

// RFC 5280 §4.2.1.10. Subtrees with a minimum other than 0 or a maximum are refused as malformed
// (the RFC forbids them in this profile).
struct NameConstraints {
  GeneralNames permitted;
  GeneralNames excluded;
};

// RFC 5280 §4.2.1.1.
struct AuthorityKeyIdentifier {
  std::optional<der::Bytes> key_id;
  bool has_issuer = false;  // authorityCertIssuer present
  bool has_serial = false;  // authorityCertSerialNumber present
};

// Parses a GeneralName element and adds it to `out`. `constraint` selects the iPAddress form
// (address+mask) used in name constraints.
Status add_general_name(const der::Element& element, bool constraint, GeneralNames& out);
// GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName.
Result<GeneralNames> parse_general_names(der::Bytes value);

Result<BasicConstraints> parse_basic_constraints(der::Bytes value);
Result<KeyUsage> parse_key_usage(der::Bytes value);
Result<ExtKeyUsage> parse_ext_key_usage(der::Bytes value);
Result<NameConstraints> parse_name_constraints(der::Bytes value);
Result<AuthorityKeyIdentifier> parse_authority_key_identifier(der::Bytes value);
Result<der::Bytes> parse_subject_key_identifier(der::Bytes value);
// RFC 5280 §4.2.2.1 AuthorityInfoAccessSyntax: checked for structure only.
Status check_authority_info_access(der::Bytes value);

}  // namespace tlspp::x509
