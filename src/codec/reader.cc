#include "codec/reader.h"

#include <string>

namespace tlspp::codec {

Result<Bytes> Reader::take(std::size_t n) {
  if (n > data_.size()) {
    return Error(ErrorCode::truncated, std::string(what_) + ": truncated: needs " +
                                           std::to_string(n) + " bytes, " +
                                           std::to_string(data_.size()) + " left");
  }
  Bytes out = data_.first(n);
  data_ = data_.subspan(n);
  return out;
}

namespace {
// Big-endian integer of `width` bytes from a span that take() already sized.
std::uint64_t big_endian(Bytes b) {
  std::uint64_t v = 0;
  for (std::uint8_t byte : b) v = (v << 8) | byte;
  return v;
}
}  // namespace

Result<std::uint8_t> Reader::u8() {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, take(1));
  return b[0];
}
Result<std::uint16_t> Reader::u16() {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, take(2));
  return static_cast<std::uint16_t>(big_endian(b));
}
Result<std::uint32_t> Reader::u24() {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, take(3));
  return static_cast<std::uint32_t>(big_endian(b));
}
Result<std::uint32_t> Reader::u32() {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, take(4));
  return static_cast<std::uint32_t>(big_endian(b));
}
Result<std::uint64_t> Reader::u64() {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, take(8));
  return big_endian(b);
}

Result<Bytes> Reader::bytes8() {
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t n, u8());
  return take(n);
}
Result<Bytes> Reader::bytes16() {
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t n, u16());
  return take(n);
}
Result<Bytes> Reader::bytes24() {
  TLSPP_ASSIGN_OR_RETURN(std::uint32_t n, u24());
  return take(n);
}

Result<Reader> Reader::sub8(std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, bytes8());
  return Reader(b, what);
}
Result<Reader> Reader::sub16(std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, bytes16());
  return Reader(b, what);
}
Result<Reader> Reader::sub24(std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, bytes24());
  return Reader(b, what);
}

Status Reader::expect_empty() const {
  if (!data_.empty()) {
    return Error(
        ErrorCode::trailing_data,
        std::string(what_) + ": " + std::to_string(data_.size()) + " unexpected trailing bytes");
  }
  return {};
}

Bytes Reader::take_rest() {
  Bytes out = data_;
  data_ = {};
  return out;
}

}  // namespace tlspp::codec
