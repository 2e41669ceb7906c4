#include "x509/name.h"

#include <cstdio>

#include "x509/oid.h"

namespace tlspp::x509 {
namespace {

// Short names for the common attribute types (RFC 4514 §3); others print as the dotted OID.
std::string attribute_label(der::Bytes type) {
  struct Known {
    std::string_view dotted, label;
  };
  static constexpr Known kKnown[] = {
      {"2.5.4.3", "CN"},
      {"2.5.4.6", "C"},
      {"2.5.4.7", "L"},
      {"2.5.4.8", "ST"},
      {"2.5.4.10", "O"},
      {"2.5.4.11", "OU"},
      {"2.5.4.5", "serialNumber"},
      {"2.5.4.9", "street"},
      {"0.9.2342.19200300.100.1.25", "DC"},
      {"1.2.840.113549.1.9.1", "emailAddress"},
      {"2.5.4.97", "organizationIdentifier"},
      {"0.9.2342.19200300.100.1.1", "UID"},
  };
  const std::string dotted = der::oid_to_string(type);
  for (const Known& k : kKnown) {
    if (k.dotted == dotted) return std::string(k.label);
  }
  return dotted;
}

void append_code_point(std::string& out, std::uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp & 0xFF));
    out += buf;
  } else if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string display_string(const der::Element& value) {
  std::string out;
  const der::Bytes b = value.contents;
  if (value.tag == der::kBmpString && b.size() % 2 == 0) {
    for (std::size_t i = 0; i < b.size(); i += 2) append_code_point(out, (b[i] << 8) | b[i + 1]);
  } else if (value.tag == der::kUniversalString && b.size() % 4 == 0) {
    for (std::size_t i = 0; i < b.size(); i += 4) {
      append_code_point(out, (static_cast<std::uint32_t>(b[i]) << 24) | (b[i + 1] << 16) |
                                 (b[i + 2] << 8) | b[i + 3]);
    }
  } else if (value.tag == der::kUtf8String) {
    // Control characters escaped; multi-byte sequences copied as they are.
    for (std::uint8_t c : b) {
      if (c < 0x20 || c == 0x7F) {
        append_code_point(out, c);
      } else {
        out += static_cast<char>(c);
      }
    }
  } else {
    for (std::uint8_t c : b) append_code_point(out, c);  // ASCII types; Teletex as Latin-1
  }
  return out;
}

Result<Name> parse_name(const der::Element& element) {
  if (element.tag != der::kSequence) {
    return Error(ErrorCode::bad_encoding,
                 "Name: expected SEQUENCE, found " + der::describe(element.tag));
  }
  Name name{element.encoding, element.contents, {}};
  der::Parser rdns(element.contents, "Name");
  while (!rdns.empty()) {
    TLSPP_ASSIGN_OR_RETURN(der::Element set, rdns.read_element(der::kSet));
    Rdn rdn{{}, set.encoding};
    der::Parser attrs(set.contents, "RelativeDistinguishedName");
    if (attrs.empty()) return Error(ErrorCode::bad_encoding, "Name: empty RDN");
    while (!attrs.empty()) {
      TLSPP_ASSIGN_OR_RETURN(der::Parser atv, attrs.read_sequence("AttributeTypeAndValue"));
      TLSPP_ASSIGN_OR_RETURN(der::Bytes type, atv.read(der::kOid));
      TLSPP_TRY(der::check_oid(type));
      TLSPP_ASSIGN_OR_RETURN(der::Element value, atv.next());
      TLSPP_TRY(atv.expect_empty());
      rdn.attributes.push_back({type, value});
    }
    name.rdns.push_back(std::move(rdn));
  }
  return name;
}

std::string Name::to_string() const {
  if (rdns.empty()) return "(empty)";
  std::string out;
  for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) {
    if (!out.empty()) out += ", ";
    bool first = true;
    for (const NameAttribute& a : it->attributes) {
      if (!first) out += " + ";
      first = false;
      out += attribute_label(a.type) + "=" + display_string(a.value);
    }
  }
  return out;
}

std::vector<std::string_view> Name::common_names() const {
  std::vector<std::string_view> out;
  for (const Rdn& rdn : rdns) {
    for (const NameAttribute& a : rdn.attributes) {
      if (oid::equals(a.type, oid::kOidCommonName)) {
        out.emplace_back(reinterpret_cast<const char*>(a.value.contents.data()),
                         a.value.contents.size());
      }
    }
  }
  return out;
}

std::size_t Name::attribute_count() const {
  std::size_t n = 0;
  for (const Rdn& rdn : rdns) n += rdn.attributes.size();
  return n;
}

}  // namespace tlspp::x509
