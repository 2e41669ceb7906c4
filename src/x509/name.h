// X.501 Names (RFC 5280 §4.1.2.4): kept as raw DER for comparison (issuer/subject chaining compares
// the encodings byte for byte, as webpki does) and parsed into RDNs for display and for name
// constraints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tlspp/result.h"
#include "x509/der.h"

namespace tlspp::x509 {

// One AttributeTypeAndValue: the type OID (contents) and the value element (any string type).
struct NameAttribute {
  der::Bytes type;
  der::Element value;
};

// A RelativeDistinguishedName: a SET OF one or more attributes, and its whole encoding.
struct Rdn {
  std::vector<NameAttribute> attributes;
  der::Bytes encoding;
};

struct Name {
  der::Bytes encoding;  // the whole Name SEQUENCE (tag and length included)
  der::Bytes contents;  // the RDNSequence contents; empty for an empty Name
  std::vector<Rdn> rdns;

  bool empty() const { return rdns.empty(); }
  // RFC 4514 order (last RDN first): "CN=Foo Intermediate CA, O=Example, C=US"; "(empty)" when
  // empty.
  std::string to_string() const;
  // The values of every commonName attribute, as their raw string bytes.
  std::vector<std::string_view> common_names() const;
  // Number of attributes over all RDNs.
  std::size_t attribute_count() const;
};

// Parses a Name element (a SEQUENCE OF RDN; each RDN a non-empty SET OF AttributeTypeAndValue).
// ErrorCode::bad_encoding when malformed. The result aliases the element's bytes.
Result<Name> parse_name(const der::Element& element);

// A printable rendering of a directory string value (UTF8String, PrintableString, IA5String,
// TeletexString as Latin-1, BMPString, UniversalString), control characters escaped as \xNN.
std::string display_string(const der::Element& value);

}  // namespace tlspp::x509
