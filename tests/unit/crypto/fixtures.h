// Shared helpers for the crypto unit tests: the key fixtures under tests/data/keys/ (made by
// scripts/gen-test-keys) and small conversions.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "codec/hex.h"

namespace tlspp::crypto::test_support {

using ByteVector = std::vector<std::uint8_t>;

// The bytes of tests/data/keys/<name>; a missing file is a test failure (and gives no bytes).
inline ByteVector fixture(std::string_view name) {
  const std::string path = std::string(TLSPP_SOURCE_DIR) + "/tests/data/keys/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "missing fixture " << path << " (run scripts/gen-test-keys)";
    return {};
  }
  return ByteVector(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The text of tests/data/keys/<name>.
inline std::string fixture_text(std::string_view name) {
  const ByteVector bytes = fixture(name);
  return std::string(bytes.begin(), bytes.end());
}

inline ByteVector unhex(std::string_view hex) {
  auto bytes = codec::from_hex(hex);
  EXPECT_TRUE(bytes.has_value()) << hex;
  return bytes.value_or(ByteVector{});
}

inline ByteVector bytes_of(std::string_view text) { return ByteVector(text.begin(), text.end()); }

// The last `n` bytes of `v` (a raw key at the end of a fixed-layout SPKI).
inline ByteVector tail(const ByteVector& v, std::size_t n) {
  return v.size() < n ? ByteVector{}
                      : ByteVector(v.end() - static_cast<std::ptrdiff_t>(n), v.end());
}

}  // namespace tlspp::crypto::test_support
