// Helpers shared by the message and extension codecs: RFC 8446 §3.4 vectors with length ranges,
// lists of 8- and 16-bit wire values, and the 32-byte random. Everything reads through
// codec::Reader (the one bounds check) and writes through codec::Writer prefix scopes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "codec/reader.h"
#include "codec/writer.h"
#include "tlspp/result.h"

namespace tlspp::msgs {

using codec::Bytes;
using ByteVector = std::vector<std::uint8_t>;

// ClientHello.random / ServerHello.random (RFC 8446 §4.1.2).
using Random = std::array<std::uint8_t, 32>;

// The range of a vector's length in bytes, as the RFC writes it: `opaque x<min..max>`.
struct LengthRange {
  std::size_t min;
  std::size_t max;
};

// A vector whose length in bytes lies outside `range` (RFC 8446 §4: an out-of-range length is a
// decode_error): ErrorCode::empty_list when the vector is empty but must not be,
// ErrorCode::bad_list_length otherwise. `what` names the field in the reason.
Status check_length(std::size_t size, LengthRange range, std::string_view what);

// Like check_length, and also ErrorCode::bad_list_length when `size` is not a multiple of
// `element_size` (a list of fixed-size elements cut in the middle of one).
Status check_list_length(std::size_t size, std::size_t element_size, LengthRange range,
                         std::string_view what);

// An owned copy of an opaque vector with a 1-, 2- or 3-byte length prefix, checked against `range`.
Result<ByteVector> read_opaque8(codec::Reader& r, LengthRange range, std::string_view what);
Result<ByteVector> read_opaque16(codec::Reader& r, LengthRange range, std::string_view what);
Result<ByteVector> read_opaque24(codec::Reader& r, LengthRange range, std::string_view what);

// Writes `body` with a 1-, 2- or 3-byte length prefix (the Writer fails if it does not fit).
void write_opaque8(codec::Writer& w, Bytes body);
void write_opaque16(codec::Writer& w, Bytes body);
void write_opaque24(codec::Writer& w, Bytes body);

// The bytes of a string (host names, ALPN protocol names), for writing.
inline Bytes string_bytes(std::string_view s) {
  return Bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// The 32-byte random.
Result<Random> read_random(codec::Reader& r);

// Decodes `body` (no length prefix) as a list of 16-bit wire values E, checked against `range`
// (in bytes, as the RFC writes it) and for an odd length.
template <class E>
Result<std::vector<E>> decode_u16_values(Bytes body, LengthRange range, std::string_view what) {
  TLSPP_TRY(check_list_length(body.size(), 2, range, what));
  codec::Reader r(body, what);
  std::vector<E> out;
  out.reserve(body.size() / 2);
  while (!r.empty()) {
    TLSPP_ASSIGN_OR_RETURN(std::uint16_t v, r.u16());
    out.push_back(static_cast<E>(v));
  }
  return out;
}

// A 2-byte-length-prefixed list of 16-bit wire values (e.g. cipher_suites<2..2^16-2>).
template <class E>
Result<std::vector<E>> read_u16_list16(codec::Reader& r, LengthRange range, std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes body, r.bytes16());
  return decode_u16_values<E>(body, range, what);
}

// A 1-byte-length-prefixed list of 16-bit wire values (e.g. supported_versions<2..254>).
template <class E>
Result<std::vector<E>> read_u16_list8(codec::Reader& r, LengthRange range, std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes body, r.bytes8());
  return decode_u16_values<E>(body, range, what);
}

// A 1-byte-length-prefixed list of 8-bit wire values (e.g. psk_key_exchange_modes<1..255>).
template <class E>
Result<std::vector<E>> read_u8_list8(codec::Reader& r, LengthRange range, std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes body, r.bytes8());
  TLSPP_TRY(check_length(body.size(), range, what));
  std::vector<E> out;
  out.reserve(body.size());
  for (std::uint8_t v : body) out.push_back(static_cast<E>(v));
  return out;
}

// Writes 16-bit wire values without a prefix.
template <class E>
void write_u16_values(codec::Writer& w, std::span<const E> values) {
  for (E v : values) w.u16(static_cast<std::uint16_t>(v));
}

template <class E>
void write_u16_list16(codec::Writer& w, std::span<const E> values) {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& b) { write_u16_values(b, values); });
}

template <class E>
void write_u16_list8(codec::Writer& w, std::span<const E> values) {
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& b) { write_u16_values(b, values); });
}

template <class E>
void write_u8_list8(codec::Writer& w, std::span<const E> values) {
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& b) {
    for (E v : values) b.u8(static_cast<std::uint8_t>(v));
  });
}

// OK when `body` is empty, else ErrorCode::trailing_data (decode_error) naming `what`: for empty
// messages (EndOfEarlyData, ServerHelloDone, HelloRequest) and empty extension bodies.
Status expect_empty_body(Bytes body, std::string_view what);

// Runs `encode` on a fresh Writer and returns its bytes (or the Writer's failure).
template <class F>
Result<ByteVector> encode_with(F&& encode) {
  codec::Writer w;
  encode(w);
  return std::move(w).finish();
}

}  // namespace tlspp::msgs
