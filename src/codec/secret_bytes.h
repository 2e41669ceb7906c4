// SecretBytes: the only container for key material. Its bytes are wiped when it is destroyed,
// assigned over, or moved from. Secrets up to kInline bytes (every TLS secret, key and IV) live
// inline, so deriving and moving them allocates nothing. Compare secrets only with ct_equal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace tlspp::codec {

// Overwrites `b` with zeros in a way the compiler may not elide.
void secure_wipe(std::span<std::uint8_t> b);

// Constant-time equality: the time depends only on the lengths, never on the contents.
bool ct_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

class SecretBytes {
 public:
  static constexpr std::size_t kInline = 64;

  SecretBytes() = default;
  // `size` zero bytes.
  explicit SecretBytes(std::size_t size);
  // A copy of `bytes` (the caller wipes its own copy if it was secret).
  explicit SecretBytes(std::span<const std::uint8_t> bytes);
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes() { wipe(); }

  // An explicit copy, so that duplicating a secret is visible at the call site.
  SecretBytes clone() const { return SecretBytes(span()); }

  std::uint8_t* data() { return heap_ ? heap_.get() : inline_; }
  const std::uint8_t* data() const { return heap_ ? heap_.get() : inline_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<std::uint8_t> span() { return {data(), size_}; }
  std::span<const std::uint8_t> span() const { return {data(), size_}; }
  operator std::span<const std::uint8_t>() const { return span(); }

  // Zeroes the bytes and makes this empty.
  void wipe();

 private:
  std::uint8_t inline_[kInline] = {};
  std::unique_ptr<std::uint8_t[]> heap_;
  std::size_t size_ = 0;
};

}  // namespace tlspp::codec
