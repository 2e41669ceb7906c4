// Hex encoding for diagnostics, key logs and tests.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tlspp::codec {

// Lower-case hex, two digits a byte.
std::string to_hex(std::span<const std::uint8_t> bytes);

// Parses hex digits, ignoring ASCII white space (so RFC 8448 trace blocks paste in as they are).
// nullopt on a non-hex character or an odd number of digits.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

}  // namespace tlspp::codec
