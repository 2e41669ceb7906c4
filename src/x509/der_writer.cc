#include "x509/der_writer.h"

#include <cstdio>

namespace tlspp::x509::der {
namespace {

void append_identifier(Encoded& out, Tag tag) {
  if (tag.number < 31) {
    out.push_back(static_cast<std::uint8_t>(tag.class_and_form | tag.number));
    return;
  }
  // X.690 §8.1.2.4: long form, base-128 with the fewest octets.
  out.push_back(static_cast<std::uint8_t>(tag.class_and_form | 0x1f));
  std::uint8_t digits[5];
  std::size_t n = 0;
  for (std::uint32_t v = tag.number; v != 0; v >>= 7) digits[n++] = v & 0x7f;
  while (n > 0) {
    --n;
    out.push_back(static_cast<std::uint8_t>(digits[n] | (n > 0 ? 0x80 : 0)));
  }
}

void append_length(Encoded& out, std::size_t length) {
  if (length < 0x80) {  // X.690 §10.1: the short form when it fits
    out.push_back(static_cast<std::uint8_t>(length));
    return;
  }
  std::uint8_t digits[sizeof(std::size_t)];
  std::size_t n = 0;
  for (std::size_t v = length; v != 0; v >>= 8) digits[n++] = static_cast<std::uint8_t>(v);
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  while (n > 0) out.push_back(digits[--n]);
}

Bytes as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

Encoded encode(Tag tag, Bytes contents) {
  Encoded out;
  out.reserve(contents.size() + 8);
  append_identifier(out, tag);
  append_length(out, contents.size());
  out.insert(out.end(), contents.begin(), contents.end());
  return out;
}

Encoded encode_constructed(Tag tag, std::initializer_list<Bytes> children) {
  Encoded contents;
  for (Bytes c : children) contents.insert(contents.end(), c.begin(), c.end());
  return encode(tag, contents);
}

Encoded encode_constructed(Tag tag, const std::vector<Encoded>& children) {
  Encoded contents;
  for (const Encoded& c : children) contents.insert(contents.end(), c.begin(), c.end());
  return encode(tag, contents);
}

Encoded encode_unsigned_integer(Bytes big_endian) {
  std::size_t skip = 0;
  while (skip + 1 < big_endian.size() && big_endian[skip] == 0) ++skip;
  Bytes magnitude = big_endian.subspan(skip);
  Encoded contents;
  // X.690 §8.3.2: a leading 0x00 only when the top bit would otherwise make it negative.
  if (magnitude.empty() || (magnitude[0] & 0x80) != 0) contents.push_back(0);
  contents.insert(contents.end(), magnitude.begin(), magnitude.end());
  return encode(kInteger, contents);
}

Encoded encode_integer(std::uint64_t value) {
  std::uint8_t be[8];
  for (int i = 7; i >= 0; --i, value >>= 8) be[i] = static_cast<std::uint8_t>(value);
  return encode_unsigned_integer(be);
}

Encoded encode_boolean(bool value) {
  const std::uint8_t v = value ? 0xff : 0x00;  // X.690 §11.1
  return encode(kBoolean, Bytes(&v, 1));
}

Encoded encode_oid(Bytes contents) { return encode(kOid, contents); }

Encoded encode_octet_string(Bytes contents) { return encode(kOctetString, contents); }

Encoded encode_bit_string(Bytes octets) {
  Encoded contents{0};
  contents.insert(contents.end(), octets.begin(), octets.end());
  return encode(kBitString, contents);
}

Encoded encode_named_bits(std::initializer_list<unsigned> bits) {
  std::vector<std::uint8_t> octets;
  for (unsigned b : bits) {
    if (octets.size() <= b / 8) octets.resize(b / 8 + 1, 0);
    octets[b / 8] |= static_cast<std::uint8_t>(0x80 >> (b % 8));
  }
  while (!octets.empty() && octets.back() == 0) octets.pop_back();
  std::uint8_t unused = 0;
  if (!octets.empty()) {
    while ((octets.back() >> unused & 1) == 0) ++unused;
  }
  Encoded contents{unused};
  contents.insert(contents.end(), octets.begin(), octets.end());
  return encode(kBitString, contents);
}

Encoded encode_utf8_string(std::string_view text) { return encode(kUtf8String, as_bytes(text)); }

Encoded encode_ia5_string(Tag tag, std::string_view text) { return encode(tag, as_bytes(text)); }

Encoded encode_time(UnixTime t) {
  const CivilTime c = civil_from_unix(t);
  char buf[32];
  if (c.year >= 1950 && c.year < 2050) {
    std::snprintf(buf, sizeof buf, "%02u%02u%02u%02u%02u%02uZ", static_cast<unsigned>(c.year % 100),
                  c.month, c.day, c.hour, c.minute, c.second);
    return encode(kUtcTime, as_bytes(buf));
  }
  std::snprintf(buf, sizeof buf, "%04u%02u%02u%02u%02u%02uZ", static_cast<unsigned>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return encode(kGeneralizedTime, as_bytes(buf));
}

}  // namespace tlspp::x509::der
