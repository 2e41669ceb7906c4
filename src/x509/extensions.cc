#include "x509/extensions.h"

#include <algorithm>

namespace tlspp::x509 {
namespace {

Error bad(std::string why) { return Error(ErrorCode::bad_encoding, std::move(why)); }

Result<std::string_view> ia5(der::Bytes b, std::string_view what) {
  for (std::uint8_t c : b) {
    if (c >= 0x80) return bad(std::string(what) + ": not an IA5String (non-ASCII octet)");
  }
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace

Status add_general_name(const der::Element& e, bool constraint, GeneralNames& out) {
  const std::uint8_t cls = e.tag.class_and_form;
  const bool primitive = cls == der::kContextClass;
  const bool constructed = cls == (der::kContextClass | der::kConstructed);
  switch (e.tag.number) {
    case 0:
      if (!constructed) break;
      {
        // AnotherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY } (IMPLICIT tagged).
        der::Parser p(e.contents, "otherName");
        TLSPP_ASSIGN_OR_RETURN(der::Bytes type, p.read(der::kOid));
        TLSPP_TRY(der::check_oid(type));
        TLSPP_ASSIGN_OR_RETURN(der::Element value, p.read_element(der::context_constructed(0)));
        (void)value;
        TLSPP_TRY(p.expect_empty());
      }
      ++out.other_names;
      return ok_status();
    case 1:
      if (!primitive) break;
      {
        TLSPP_ASSIGN_OR_RETURN(std::string_view s, ia5(e.contents, "rfc822Name"));
        out.emails.push_back(s);
      }
      return ok_status();
    case 2:
      if (!primitive) break;
      {
        TLSPP_ASSIGN_OR_RETURN(std::string_view s, ia5(e.contents, "dNSName"));
        out.dns_names.push_back(s);
      }
      return ok_status();
    case 4:
      if (!constructed) break;
      {
        der::Parser p(e.contents, "directoryName");
        TLSPP_ASSIGN_OR_RETURN(der::Element name_element, p.read_element(der::kSequence));
        TLSPP_TRY(p.expect_empty());
        TLSPP_ASSIGN_OR_RETURN(Name name, parse_name(name_element));
        out.directory_names.push_back(std::move(name));
      }
      return ok_status();
    case 6:
      if (!primitive) break;
      {
        TLSPP_ASSIGN_OR_RETURN(std::string_view s, ia5(e.contents, "uniformResourceIdentifier"));
        out.uris.push_back(s);
      }
      return ok_status();
    case 7: {
      if (!primitive) break;
      // RFC 5280 §4.2.1.6: 4 or 16 octets; §4.2.1.10: address and mask, 8 or 32 octets.
      const std::size_t n = e.contents.size();
      const bool ok = constraint ? (n == 8 || n == 32) : (n == 4 || n == 16);
      if (!ok) {
        return bad("iPAddress of " + std::to_string(n) + " octets" +
                   (constraint ? " in a name constraint" : ""));
      }
      out.ip_addresses.push_back(e.contents);
      return ok_status();
    }
    case 3:
    case 5:
      if (!constructed) break;
      ++out.other_forms;
      return ok_status();
    case 8:
      if (!primitive) break;
      TLSPP_TRY(der::check_oid(e.contents));
      ++out.other_forms;
      return ok_status();
    default: break;
  }
  return bad("GeneralName: unexpected " + der::describe(e.tag));
}

Result<GeneralNames> parse_general_names(der::Bytes value) {
  der::Parser outer(value, "GeneralNames");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("GeneralNames"));
  TLSPP_TRY(outer.expect_empty());
  if (seq.empty()) return bad("GeneralNames: empty sequence");
  GeneralNames names;
  while (!seq.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Element e, seq.next());
    TLSPP_TRY(add_general_name(e, false, names));
  }
  return names;
}

Result<BasicConstraints> parse_basic_constraints(der::Bytes value) {
  der::Parser outer(value, "BasicConstraints");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("BasicConstraints"));
  TLSPP_TRY(outer.expect_empty());
  BasicConstraints bc;
  TLSPP_ASSIGN_OR_RETURN(auto ca, seq.read_optional(der::kBoolean));
  if (ca) {
    TLSPP_ASSIGN_OR_RETURN(bc.ca, der::parse_boolean(*ca));
    // X.690 §11.5: a DEFAULT value is never encoded.
    if (!bc.ca) return bad("BasicConstraints: cA FALSE encoded explicitly (DER omits defaults)");
  }
  TLSPP_ASSIGN_OR_RETURN(auto path_len, seq.read_optional(der::kInteger));
  if (path_len) {
    TLSPP_ASSIGN_OR_RETURN(std::uint64_t n, der::parse_uint64(*path_len));
    bc.path_len = n;
  }
  TLSPP_TRY(seq.expect_empty());
  return bc;
}

Result<KeyUsage> parse_key_usage(der::Bytes value) {
  der::Parser outer(value, "KeyUsage");
  TLSPP_ASSIGN_OR_RETURN(der::Bytes bits, outer.read(der::kBitString));
  TLSPP_TRY(outer.expect_empty());
  TLSPP_ASSIGN_OR_RETURN(der::BitString bs, der::parse_bit_string(bits));
  // RFC 5280 §4.2.1.3: "at least one of the bits MUST be set to 1".
  if (std::ranges::all_of(bs.bytes, [](std::uint8_t b) { return b == 0; })) {
    return bad("KeyUsage: no bit set");
  }
  return KeyUsage{bs};
}

Result<ExtKeyUsage> parse_ext_key_usage(der::Bytes value) {
  der::Parser outer(value, "ExtKeyUsageSyntax");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("ExtKeyUsageSyntax"));
  TLSPP_TRY(outer.expect_empty());
  // RFC 5280 §4.2.1.12: SEQUENCE SIZE (1..MAX) OF KeyPurposeId.
  if (seq.empty()) return bad("ExtKeyUsage: empty sequence");
  ExtKeyUsage eku;
  while (!seq.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Bytes purpose, seq.read(der::kOid));
    TLSPP_TRY(der::check_oid(purpose));
    eku.purposes.push_back(purpose);
  }
  return eku;
}

namespace {

// GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree (the [n] IMPLICIT contents).
Status parse_subtrees(der::Bytes contents, GeneralNames& out, std::string_view what) {
  der::Parser subtrees(contents, "GeneralSubtrees");
  if (subtrees.empty()) return bad("NameConstraints: empty " + std::string(what));
  while (!subtrees.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Parser subtree, subtrees.read_sequence("GeneralSubtree"));
    TLSPP_ASSIGN_OR_RETURN(der::Element base, subtree.next());
    TLSPP_TRY(add_general_name(base, true, out));
    // RFC 5280 §4.2.1.10: "minimum MUST be zero" (so, in DER, absent) and "maximum MUST be absent".
    if (!subtree.empty()) return bad("NameConstraints: minimum or maximum in a GeneralSubtree");
  }
  return ok_status();
}

}  // namespace

Result<NameConstraints> parse_name_constraints(der::Bytes value) {
  der::Parser outer(value, "NameConstraints");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("NameConstraints"));
  TLSPP_TRY(outer.expect_empty());
  NameConstraints nc;
  TLSPP_ASSIGN_OR_RETURN(auto permitted, seq.read_optional(der::context_constructed(0)));
  TLSPP_ASSIGN_OR_RETURN(auto excluded, seq.read_optional(der::context_constructed(1)));
  TLSPP_TRY(seq.expect_empty());
  // RFC 5280 §4.2.1.10: "Conforming CAs MUST NOT issue certificates where name constraints is an
  // empty sequence. That is, either the permittedSubtrees field or the excludedSubtrees MUST be
  // present."
  if (!permitted && !excluded) return bad("NameConstraints: neither permitted nor excluded");
  if (permitted) TLSPP_TRY(parse_subtrees(*permitted, nc.permitted, "permittedSubtrees"));
  if (excluded) TLSPP_TRY(parse_subtrees(*excluded, nc.excluded, "excludedSubtrees"));
  return nc;
}

Result<AuthorityKeyIdentifier> parse_authority_key_identifier(der::Bytes value) {
  der::Parser outer(value, "AuthorityKeyIdentifier");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("AuthorityKeyIdentifier"));
  TLSPP_TRY(outer.expect_empty());
  AuthorityKeyIdentifier aki;
  TLSPP_ASSIGN_OR_RETURN(auto key_id, seq.read_optional(der::context(0)));
  aki.key_id = key_id;
  TLSPP_ASSIGN_OR_RETURN(auto issuer, seq.read_optional(der::context_constructed(1)));
  if (issuer) {
    der::Parser names(*issuer, "authorityCertIssuer");
    GeneralNames parsed;
    if (names.empty()) return bad("AuthorityKeyIdentifier: empty authorityCertIssuer");
    while (!names.empty()) {
      TLSPP_ASSIGN_OR_RETURN(der::Element e, names.next());
      TLSPP_TRY(add_general_name(e, false, parsed));
    }
    aki.has_issuer = true;
  }
  TLSPP_ASSIGN_OR_RETURN(auto serial, seq.read_optional(der::context(2)));
  if (serial) {
    TLSPP_TRY(der::check_integer(*serial));
    aki.has_serial = true;
  }
  TLSPP_TRY(seq.expect_empty());
  // RFC 5280 §4.2.1.1: issuer and serial number come together or not at all.
  if (aki.has_issuer != aki.has_serial) {
    return bad("AuthorityKeyIdentifier: authorityCertIssuer without serial number or vice versa");
  }
  return aki;
}

Result<der::Bytes> parse_subject_key_identifier(der::Bytes value) {
  der::Parser outer(value, "SubjectKeyIdentifier");
  TLSPP_ASSIGN_OR_RETURN(der::Bytes id, outer.read(der::kOctetString));
  TLSPP_TRY(outer.expect_empty());
  return id;
}

Status check_authority_info_access(der::Bytes value) {
  der::Parser outer(value, "AuthorityInfoAccess");
  TLSPP_ASSIGN_OR_RETURN(der::Parser seq, outer.read_sequence("AuthorityInfoAccessSyntax"));
  TLSPP_TRY(outer.expect_empty());
  if (seq.empty()) return bad("AuthorityInfoAccess: empty sequence");
  while (!seq.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Parser desc, seq.read_sequence("AccessDescription"));
    TLSPP_ASSIGN_OR_RETURN(der::Bytes method, desc.read(der::kOid));
    TLSPP_TRY(der::check_oid(method));
    TLSPP_ASSIGN_OR_RETURN(der::Element location, desc.next());
    GeneralNames ignored;
    TLSPP_TRY(add_general_name(location, false, ignored));
    TLSPP_TRY(desc.expect_empty());
  }
  return ok_status();
}

}  // namespace tlspp::x509
