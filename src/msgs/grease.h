// GREASE (RFC 8701): reserved values a client sends to keep peers tolerant of unknown values.
// Decoders pass them through unchanged; these helpers let the negotiation ignore them.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

#include "tlspp/wire.h"

namespace tlspp::msgs {

// True for the sixteen GREASE values of a 16-bit registry (cipher suites, groups, signature
// schemes, versions, extension types; RFC 8701 §2).
template <class E>
requires(sizeof(E) == 2) constexpr bool is_grease_value(E value) {
  return is_grease(static_cast<std::uint16_t>(value));
}

// `values` without the GREASE values, in the same order.
template <class E>
requires(sizeof(E) == 2) std::vector<E> without_grease(std::span<const E> values) {
  std::vector<E> out;
  out.reserve(values.size());
  for (E v : values) {
    if (!is_grease_value(v)) out.push_back(v);
  }
  return out;
}

template <class E>
requires(sizeof(E) == 2) std::vector<E> without_grease(const std::vector<E>& values) {
  return without_grease(std::span<const E>(values));
}

}  // namespace tlspp::msgs
