#include "msgs/vectors.h"

#include <algorithm>
#include <string>

namespace tlspp::msgs {

Status check_length(std::size_t size, LengthRange range, std::string_view what) {
  if (size == 0 && range.min > 0) {
    return Error(ErrorCode::empty_list, std::string(what) + ": empty, needs at least " +
                                            std::to_string(range.min) + " bytes");
  }
  if (size < range.min || size > range.max) {
    return Error(ErrorCode::bad_list_length,
                 std::string(what) + ": length " + std::to_string(size) + " outside <" +
                     std::to_string(range.min) + ".." + std::to_string(range.max) + ">");
  }
  return {};
}

Status check_list_length(std::size_t size, std::size_t element_size, LengthRange range,
                         std::string_view what) {
  if (size % element_size != 0) {
    return Error(ErrorCode::bad_list_length,
                 std::string(what) + ": length " + std::to_string(size) +
                     " is not a multiple of the element size " + std::to_string(element_size));
  }
  return check_length(size, range, what);
}

namespace {
Result<ByteVector> owned(Result<Bytes> body, LengthRange range, std::string_view what) {
  if (!body.ok()) return std::move(body).error();
  TLSPP_TRY(check_length(body->size(), range, what));
  return ByteVector(body->begin(), body->end());
}
}  // namespace

Result<ByteVector> read_opaque8(codec::Reader& r, LengthRange range, std::string_view what) {
  return owned(r.bytes8(), range, what);
}
Result<ByteVector> read_opaque16(codec::Reader& r, LengthRange range, std::string_view what) {
  return owned(r.bytes16(), range, what);
}
Result<ByteVector> read_opaque24(codec::Reader& r, LengthRange range, std::string_view what) {
  return owned(r.bytes24(), range, what);
}

void write_opaque8(codec::Writer& w, Bytes body) {
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& b) { b.bytes(body); });
}
void write_opaque16(codec::Writer& w, Bytes body) {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& b) { b.bytes(body); });
}
void write_opaque24(codec::Writer& w, Bytes body) {
  w.prefixed(codec::Prefix::u24, [&](codec::Writer& b) { b.bytes(body); });
}

Result<Random> read_random(codec::Reader& r) {
  TLSPP_ASSIGN_OR_RETURN(Bytes b, r.take(Random{}.size()));
  Random out{};
  std::copy(b.begin(), b.end(), out.begin());
  return out;
}

Status expect_empty_body(Bytes body, std::string_view what) {
  return codec::Reader(body, what).expect_empty();
}

}  // namespace tlspp::msgs
