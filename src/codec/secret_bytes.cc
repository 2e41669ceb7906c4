#include "codec/secret_bytes.h"

#include <algorithm>
#include <cstring>

namespace tlspp::codec {

void secure_wipe(std::span<std::uint8_t> b) {
  if (b.empty()) return;
  // explicit_bzero (glibc >= 2.25) is guaranteed not to be optimised away.
  explicit_bzero(b.data(), b.size());
}

bool ct_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;  // lengths are public
  volatile std::uint8_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff = diff | static_cast<std::uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

SecretBytes::SecretBytes(std::size_t size) : size_(size) {
  if (size > kInline) heap_ = std::make_unique<std::uint8_t[]>(size);  // value-initialised: zeros
}

SecretBytes::SecretBytes(std::span<const std::uint8_t> bytes) : SecretBytes(bytes.size()) {
  if (!bytes.empty()) std::memcpy(data(), bytes.data(), bytes.size());
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept { *this = std::move(other); }

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this == &other) return *this;
  wipe();
  size_ = other.size_;
  if (other.heap_) {
    heap_ = std::move(other.heap_);  // the buffer changes owner; nothing is left behind to wipe
  } else if (size_ > 0) {
    std::memcpy(inline_, other.inline_, size_);
  }
  other.wipe();
  return *this;
}

void SecretBytes::wipe() {
  if (heap_) {
    secure_wipe({heap_.get(), size_});
    heap_.reset();
  }
  secure_wipe({inline_, std::min(size_, kInline)});
  size_ = 0;
}

}  // namespace tlspp::codec
