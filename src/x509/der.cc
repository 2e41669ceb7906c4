#include "x509/der.h"

#include <string>

namespace tlspp::x509::der {
namespace {

Error bad(std::string_view what, std::string why) {
  return Error(ErrorCode::bad_encoding, std::string(what) + ": " + why);
}

}  // namespace

std::string describe(Tag tag) {
  if (tag.class_and_form == 0x00 || tag.class_and_form == kConstructed) {
    switch (tag.number) {
      case 1: return "BOOLEAN";
      case 2: return "INTEGER";
      case 3: return "BIT STRING";
      case 4: return "OCTET STRING";
      case 5: return "NULL";
      case 6: return "OBJECT IDENTIFIER";
      case 12: return "UTF8String";
      case 16: return "SEQUENCE";
      case 17: return "SET";
      case 19: return "PrintableString";
      case 22: return "IA5String";
      case 23: return "UTCTime";
      case 24: return "GeneralizedTime";
      default: break;
    }
  }
  std::string out;
  switch (tag.class_and_form & 0xC0) {
    case 0x00: out = "[UNIVERSAL " + std::to_string(tag.number) + "]"; break;
    case 0x40: out = "[APPLICATION " + std::to_string(tag.number) + "]"; break;
    case 0x80: out = "[" + std::to_string(tag.number) + "]"; break;
    default: out = "[PRIVATE " + std::to_string(tag.number) + "]"; break;
  }
  if (tag.class_and_form & kConstructed) out += " constructed";
  return out;
}

// X.690 §8.1.2: identifier octets. Numbers up to 30 use the low five bits; 31 and above use the
// long form, base 128, most significant group first, with no leading 0x80 group (§8.1.2.4.2 c).
Result<Tag> Parser::read_tag() {
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t first, reader_.u8());
  Tag tag{static_cast<std::uint8_t>(first & 0xE0), static_cast<std::uint32_t>(first & 0x1F)};
  if (tag.number != 0x1F) return tag;
  std::uint32_t number = 0;
  for (int i = 0;; ++i) {
    TLSPP_ASSIGN_OR_RETURN(std::uint8_t b, reader_.u8());
    if (i == 0 && b == 0x80) return bad(what(), "tag number with a leading zero group");
    if (i == 3) return bad(what(), "tag number too large");
    number = (number << 7) | (b & 0x7F);
    if ((b & 0x80) == 0) break;
  }
  if (number < 31) return bad(what(), "tag number " + std::to_string(number) + " in long form");
  tag.number = number;
  return tag;
}

// X.690 §8.1.3 with §10.1: definite form only, in the fewest octets.
Result<std::size_t> Parser::read_length() {
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t first, reader_.u8());
  if (first < 0x80) return std::size_t{first};
  if (first == 0x80) return bad(what(), "indefinite length (BER, not DER)");
  const std::size_t count = first & 0x7F;
  if (count > 4) return bad(what(), "length of " + std::to_string(count) + " octets");
  TLSPP_ASSIGN_OR_RETURN(Bytes octets, reader_.take(count));
  if (octets[0] == 0) return bad(what(), "length with a leading zero octet");
  std::size_t length = 0;
  for (std::uint8_t b : octets) length = (length << 8) | b;
  if (length < 0x80) return bad(what(), "long-form length " + std::to_string(length) + " < 128");
  return length;
}

Result<Element> Parser::next() {
  const Bytes start = reader_.rest();
  TLSPP_ASSIGN_OR_RETURN(Tag tag, read_tag());
  TLSPP_ASSIGN_OR_RETURN(std::size_t length, read_length());
  const std::size_t header = start.size() - reader_.remaining();
  TLSPP_ASSIGN_OR_RETURN(Bytes contents, reader_.take(length));
  return Element{tag, contents, start.first(header + length)};
}

Result<Element> Parser::read_element(Tag tag) {
  TLSPP_ASSIGN_OR_RETURN(Element e, next());
  if (e.tag != tag) {
    return bad(what(), "expected " + describe(tag) + ", found " + describe(e.tag));
  }
  return e;
}

Result<Bytes> Parser::read(Tag tag) {
  TLSPP_ASSIGN_OR_RETURN(Element e, read_element(tag));
  return e.contents;
}

Result<Parser> Parser::read_constructed(Tag tag, std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes contents, read(tag));
  return Parser(contents, what);
}

bool Parser::next_is(Tag tag) const {
  Parser copy = *this;
  auto t = copy.read_tag();
  return t.ok() && *t == tag;
}

Result<std::optional<Element>> Parser::read_optional_element(Tag tag) {
  if (empty() || !next_is(tag)) return std::optional<Element>{};
  TLSPP_ASSIGN_OR_RETURN(Element e, next());
  return std::optional<Element>{e};
}

Result<std::optional<Bytes>> Parser::read_optional(Tag tag) {
  TLSPP_ASSIGN_OR_RETURN(std::optional<Element> e, read_optional_element(tag));
  if (!e) return std::optional<Bytes>{};
  return std::optional<Bytes>{e->contents};
}

Result<bool> parse_boolean(Bytes contents) {
  if (contents.size() != 1) return bad("BOOLEAN", "must be one octet");
  if (contents[0] == 0x00) return false;
  if (contents[0] == 0xFF) return true;
  return bad("BOOLEAN", "DER requires 0x00 or 0xFF");
}

Status check_integer(Bytes contents) {
  if (contents.empty()) return bad("INTEGER", "empty");
  if (contents.size() > 1) {
    if (contents[0] == 0x00 && (contents[1] & 0x80) == 0) {
      return bad("INTEGER", "redundant leading 0x00 octet");
    }
    if (contents[0] == 0xFF && (contents[1] & 0x80) != 0) {
      return bad("INTEGER", "redundant leading 0xFF octet");
    }
  }
  return ok_status();
}

bool integer_is_negative(Bytes contents) { return !contents.empty() && (contents[0] & 0x80); }

Result<std::uint64_t> parse_uint64(Bytes contents) {
  TLSPP_TRY(check_integer(contents));
  if (integer_is_negative(contents)) return bad("INTEGER", "negative where unsigned expected");
  if (contents[0] == 0x00) contents = contents.subspan(1);
  if (contents.size() > 8) return bad("INTEGER", "too large");
  std::uint64_t v = 0;
  for (std::uint8_t b : contents) v = (v << 8) | b;
  return v;
}

Status check_null(Bytes contents) {
  if (!contents.empty()) return bad("NULL", "non-empty contents");
  return ok_status();
}

bool BitString::bit(std::size_t i) const {
  if (i / 8 >= bytes.size()) return false;
  return (bytes[i / 8] >> (7 - i % 8)) & 1;
}

Result<BitString> parse_bit_string(Bytes contents) {
  codec::Reader r(contents, "BIT STRING");
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t unused, r.u8());
  BitString out{r.take_rest(), unused};
  if (unused > 7) return bad("BIT STRING", "more than 7 unused bits");
  if (out.bytes.empty()) {
    if (unused != 0) return bad("BIT STRING", "unused bits in an empty string");
    return out;
  }
  const std::uint8_t mask = static_cast<std::uint8_t>((1u << unused) - 1);
  if (out.bytes.back() & mask) return bad("BIT STRING", "unused bits are not zero");
  return out;
}

Result<Bytes> parse_octet_aligned_bit_string(Bytes contents) {
  TLSPP_ASSIGN_OR_RETURN(BitString bits, parse_bit_string(contents));
  if (bits.unused_bits != 0) return bad("BIT STRING", "not a whole number of octets");
  return bits.bytes;
}

Status check_oid(Bytes contents) {
  if (contents.empty()) return bad("OBJECT IDENTIFIER", "empty");
  bool at_start = true;
  for (std::uint8_t b : contents) {
    if (at_start && b == 0x80) return bad("OBJECT IDENTIFIER", "non-minimal subidentifier");
    at_start = (b & 0x80) == 0;
  }
  if (!at_start) return bad("OBJECT IDENTIFIER", "truncated subidentifier");
  return ok_status();
}

std::string oid_to_string(Bytes contents) {
  std::string out;
  std::uint64_t value = 0;
  bool first = true;
  for (std::uint8_t b : contents) {
    if (value > (UINT64_MAX >> 7)) return out + "...";
    value = (value << 7) | (b & 0x7F);
    if (b & 0x80) continue;
    if (first) {
      // X.690 §8.19.4: the first subidentifier packs the first two arcs.
      const std::uint64_t arc0 = value < 40 ? 0 : (value < 80 ? 1 : 2);
      out = std::to_string(arc0) + "." + std::to_string(value - 40 * arc0);
      first = false;
    } else {
      out += "." + std::to_string(value);
    }
    value = 0;
  }
  return out;
}

}  // namespace tlspp::x509::der
