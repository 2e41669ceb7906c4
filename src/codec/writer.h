// Writer: appends big-endian integers and bytes to a buffer. Length prefixes are scopes: open one
// with prefixed(), write the body, and the length is patched when the scope closes (explicitly or
// at destruction). A body too long for its prefix width, or a buffer past its size cap, puts the
// Writer into a failed state that finish()/status() report; writes after a failure are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "tlspp/result.h"

namespace tlspp::codec {

// Width of a length prefix in bytes.
enum class Prefix : std::uint8_t { u8 = 1, u16 = 2, u24 = 3, u32 = 4 };

class Writer {
 public:
  Writer() = default;
  // Appends to `initial` (its contents are kept), e.g. a reused record buffer.
  explicit Writer(std::vector<std::uint8_t> initial) : buf_(std::move(initial)) {}
  // Refuses to grow past `max_size` bytes in total (ErrorCode::length_overflow).
  void set_max_size(std::size_t max_size) { max_size_ = max_size; }

  void u8(std::uint8_t v);
  void u16(std::uint16_t v);
  void u24(std::uint32_t v);  // v must fit in 24 bits, else the Writer fails
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void bytes(std::span<const std::uint8_t> b);
  void zeros(std::size_t n);

  // An open length prefix. Closing it (close() or the destructor) writes the body length into the
  // placeholder. Scopes nest and must close in reverse order of opening.
  class [[nodiscard]] Scope {
   public:
    Scope(Scope&& other) noexcept : w_(other.w_), at_(other.at_), width_(other.width_) {
      other.w_ = nullptr;
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope() { close(); }
    void close();

   private:
    friend class Writer;
    Scope(Writer* w, std::size_t at, Prefix width) : w_(w), at_(at), width_(width) {}
    Writer* w_;
    std::size_t at_;  // offset of the placeholder
    Prefix width_;
  };

  Scope prefixed(Prefix width);
  // Convenience: prefixed(width), then body(*this), then close.
  template <class F>
  void prefixed(Prefix width, F&& body) {
    Scope s = prefixed(width);
    body(*this);
    s.close();
  }

  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }
  std::size_t size() const { return buf_.size(); }
  // The bytes written so far (valid until the next write).
  std::span<const std::uint8_t> view() const { return buf_; }
  // The finished buffer, or the first failure.
  Result<std::vector<std::uint8_t>> finish() &&;

 private:
  void fail(ErrorCode code, std::string why);
  bool reserve_for(std::size_t n);
  void put_be(std::uint64_t v, std::size_t width);

  std::vector<std::uint8_t> buf_;
  std::size_t max_size_ = std::numeric_limits<std::size_t>::max();
  std::size_t open_scopes_ = 0;
  Status status_;
};

}  // namespace tlspp::codec
