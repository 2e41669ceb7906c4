// Helpers for the msgs fuzz targets: decode, and on success re-encode and decode again, aborting
// unless the second decode equals the first and the re-encoding reproduces the input (the
// decoders accept only canonical encodings, so encode(decode(x)) == x).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "msgs/vectors.h"

namespace tlspp::fuzz {

using msgs::Bytes;

// Decodes `data` with T::decode(data, args...) and checks the round trip. Returns whether the
// input decoded.
template <class T, class... Args>
bool round_trip(Bytes data, const Args&... args) {
  auto first = T::decode(data, args...);
  if (!first.ok()) return false;
  auto bytes = msgs::encode_with([&](codec::Writer& w) { first->encode(w); });
  if (!bytes.ok()) std::abort();
  auto second = T::decode(*bytes, args...);
  if (!second.ok()) std::abort();
  if (!(*second == *first)) std::abort();
  if (!std::ranges::equal(*bytes, data)) std::abort();
  return true;
}

}  // namespace tlspp::fuzz
