// A small DER writer (ITU-T X.690 §10) for the certificates tlspp creates itself (the tool's
// development CA and leaves). Each function returns one complete TLV; constructed values are built
// from already-encoded children. Lengths are always in the minimal form, INTEGERs minimal.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "x509/der.h"
#include "x509/time.h"

namespace tlspp::x509::der {

using Encoded = std::vector<std::uint8_t>;

// tag || length || contents.
Encoded encode(Tag tag, Bytes contents);
// A constructed value (SEQUENCE, SET, [n] EXPLICIT...) whose contents are `children` in order.
Encoded encode_constructed(Tag tag, std::initializer_list<Bytes> children);
Encoded encode_constructed(Tag tag, const std::vector<Encoded>& children);
inline Encoded encode_sequence(std::initializer_list<Bytes> children) {
  return encode_constructed(kSequence, children);
}
// A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, a 0x00 added when
// the top bit is set).
Encoded encode_unsigned_integer(Bytes big_endian);
Encoded encode_integer(std::uint64_t value);
Encoded encode_boolean(bool value);
// An OBJECT IDENTIFIER from its contents octets (the constants of x509/oid.h).
Encoded encode_oid(Bytes contents);
Encoded encode_octet_string(Bytes contents);
// A BIT STRING of whole octets (no unused bits).
Encoded encode_bit_string(Bytes octets);
// A named-bit BIT STRING (RFC 5280 KeyUsage): bit i counts from the most significant bit of the
// first octet; trailing zero bits are dropped and counted as unused (X.690 §11.2.2).
Encoded encode_named_bits(std::initializer_list<unsigned> bits);
Encoded encode_utf8_string(std::string_view text);
Encoded encode_ia5_string(Tag tag, std::string_view text);
// RFC 5280 §4.1.2.5: UTCTime for years 1950..2049, GeneralizedTime otherwise.
Encoded encode_time(UnixTime t);

}  // namespace tlspp::x509::der
