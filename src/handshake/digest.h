// Digest: a hash value held inline (up to SHA-512), so transcript hashes cost no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace tlspp::handshake {

struct Digest {
  std::array<std::uint8_t, 64> bytes{};
  std::size_t size = 0;

  std::span<const std::uint8_t> span() const { return {bytes.data(), size}; }
  operator std::span<const std::uint8_t>() const { return span(); }
};

}  // namespace tlspp::handshake
