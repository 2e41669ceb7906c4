#include "codec/writer.h"

#include <cassert>
#include <string>

namespace tlspp::codec {

void Writer::fail(ErrorCode code, std::string why) {
  if (status_.ok()) status_ = Error(code, std::move(why));
}

bool Writer::reserve_for(std::size_t n) {
  if (failed()) return false;
  if (n > max_size_ || buf_.size() > max_size_ - n) {
    fail(ErrorCode::length_overflow,
         "writer: output would exceed its cap of " + std::to_string(max_size_) + " bytes");
    return false;
  }
  return true;
}

void Writer::put_be(std::uint64_t v, std::size_t width) {
  if (!reserve_for(width)) return;
  for (std::size_t i = width; i > 0; --i) {
    buf_.push_back(static_cast<std::uint8_t>(v >> (8 * (i - 1))));
  }
}

void Writer::u8(std::uint8_t v) { put_be(v, 1); }
void Writer::u16(std::uint16_t v) { put_be(v, 2); }
void Writer::u24(std::uint32_t v) {
  if (v > 0xFFFFFF) {
    fail(ErrorCode::length_overflow, "writer: value " + std::to_string(v) + " exceeds 24 bits");
    return;
  }
  put_be(v, 3);
}
void Writer::u32(std::uint32_t v) { put_be(v, 4); }
void Writer::u64(std::uint64_t v) { put_be(v, 8); }

void Writer::bytes(std::span<const std::uint8_t> b) {
  if (!reserve_for(b.size())) return;
  buf_.insert(buf_.end(), b.begin(), b.end());
}

void Writer::zeros(std::size_t n) {
  if (!reserve_for(n)) return;
  buf_.resize(buf_.size() + n, 0);
}

Writer::Scope Writer::prefixed(Prefix width) {
  std::size_t at = buf_.size();
  zeros(static_cast<std::size_t>(width));
  ++open_scopes_;
  return Scope(this, at, width);
}

void Writer::Scope::close() {
  if (w_ == nullptr) return;
  Writer& w = *w_;
  w_ = nullptr;
  assert(w.open_scopes_ > 0);
  --w.open_scopes_;
  if (w.failed()) return;
  const std::size_t width = static_cast<std::size_t>(width_);
  const std::size_t body = w.buf_.size() - at_ - width;
  const std::uint64_t limit = (std::uint64_t{1} << (8 * width)) - 1;
  if (body > limit) {
    w.fail(ErrorCode::length_overflow, "writer: body of " + std::to_string(body) +
                                           " bytes overflows a " + std::to_string(width) +
                                           "-byte length prefix");
    return;
  }
  for (std::size_t i = 0; i < width; ++i) {
    w.buf_[at_ + i] = static_cast<std::uint8_t>(body >> (8 * (width - 1 - i)));
  }
}

Result<std::vector<std::uint8_t>> Writer::finish() && {
  assert(open_scopes_ == 0);
  if (failed()) return Error(status_.error());
  return std::move(buf_);
}

}  // namespace tlspp::codec
