// Reader: a bounds-checked cursor over peer bytes. It only ever shrinks. take() is the one place in
// tlspp that compares a length with peer input; everything else (integers, prefixed bodies)
// composes it. A length-prefixed body is read in a sub-Reader, which the caller must finish with
// expect_empty() so that trailing bytes inside a structure are rejected (RFC 8446 §4:
// decode_error).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "tlspp/result.h"

namespace tlspp::codec {

using Bytes = std::span<const std::uint8_t>;

class Reader {
 public:
  // `what` names the structure being read, for error reasons ("ClientHello.cipher_suites"). It must
  // outlive the Reader (use string literals).
  explicit Reader(Bytes data, std::string_view what = "message") : data_(data), what_(what) {}

  // The next n bytes, or ErrorCode::truncated when fewer remain. The returned span aliases the
  // input.
  Result<Bytes> take(std::size_t n);

  Result<std::uint8_t> u8();
  Result<std::uint16_t> u16();
  Result<std::uint32_t> u24();
  Result<std::uint32_t> u32();
  Result<std::uint64_t> u64();

  // Body of a 1-, 2- or 3-byte length-prefixed vector (RFC 8446 §3.4 `opaque x<a..b>`), as a span.
  Result<Bytes> bytes8();
  Result<Bytes> bytes16();
  Result<Bytes> bytes24();

  // The same bodies as sub-Readers, named `what`; finish each with expect_empty().
  Result<Reader> sub8(std::string_view what);
  Result<Reader> sub16(std::string_view what);
  Result<Reader> sub24(std::string_view what);

  // ErrorCode::trailing_data unless every byte was consumed.
  Status expect_empty() const;

  // Everything not yet read (consumes it).
  Bytes take_rest();

  bool empty() const { return data_.empty(); }
  std::size_t remaining() const { return data_.size(); }
  Bytes rest() const { return data_; }
  std::string_view what() const { return what_; }

 private:
  Bytes data_;
  std::string_view what_;
};

}  // namespace tlspp::codec
