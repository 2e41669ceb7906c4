// IP address literals, parsed strictly by hand: IPv4 as four decimal octets without leading zeros
// (RFC 3986 §3.2.2 dec-octet), IPv6 in the RFC 4291 §2.2 text forms (hex groups of 1..4 digits in
// either case, one "::", an optional trailing dotted IPv4). No zone identifiers, no brackets.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tlspp::x509 {

// 4 octets for IPv4, 16 for IPv6, network order.
using IpAddress = std::vector<std::uint8_t>;

std::optional<IpAddress> parse_ipv4(std::string_view text);
std::optional<IpAddress> parse_ipv6(std::string_view text);
// IPv4 when the text has no ':', otherwise IPv6.
std::optional<IpAddress> parse_ip_address(std::string_view text);

// "192.0.2.1"; IPv6 in the RFC 5952 §4 canonical form ("2001:db8::1"); other lengths as hex.
std::string format_ip_address(std::span<const std::uint8_t> address);

}  // namespace tlspp::x509
