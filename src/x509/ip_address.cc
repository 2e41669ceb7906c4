#include "x509/ip_address.h"

#include <cstdio>

namespace tlspp::x509 {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// Hex groups ("2001", "db8", ...) to 16-bit values; nullopt on an empty or bad group.
std::optional<std::vector<std::uint16_t>> parse_groups(std::string_view s) {
  std::vector<std::uint16_t> out;
  if (s.empty()) return out;
  for (std::string_view g : split(s, ':')) {
    if (g.empty() || g.size() > 4) return std::nullopt;
    unsigned v = 0;
    for (char c : g) {
      const int h = hex_value(c);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(h);
    }
    out.push_back(static_cast<std::uint16_t>(v));
  }
  return out;
}

}  // namespace

std::optional<IpAddress> parse_ipv4(std::string_view text) {
  const auto parts = split(text, '.');
  if (parts.size() != 4) return std::nullopt;
  IpAddress out;
  for (std::string_view p : parts) {
    if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
    unsigned v = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 255) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return out;
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
  // A trailing dotted IPv4 stands for the last two groups.
  std::optional<IpAddress> tail_v4;
  const std::size_t last_colon = text.rfind(':');
  if (last_colon == std::string_view::npos) return std::nullopt;
  if (text.find('.', last_colon) != std::string_view::npos) {
    tail_v4 = parse_ipv4(text.substr(last_colon + 1));
    if (!tail_v4) return std::nullopt;
    // Keep the colon so that "::1.2.3.4" leaves "::" and "a::b:1.2.3.4" leaves "a::b".
    text = text.substr(0, last_colon + 1);
    if (!text.ends_with("::")) text.remove_suffix(1);
  }
  const std::size_t groups_wanted = tail_v4 ? 6 : 8;
  std::vector<std::uint16_t> groups;
  const std::size_t dbl = text.find("::");
  if (dbl != std::string_view::npos) {
    if (text.find("::", dbl + 1) != std::string_view::npos) return std::nullopt;
    auto head = parse_groups(text.substr(0, dbl));
    auto tail = parse_groups(text.substr(dbl + 2));
    if (!head || !tail || head->size() + tail->size() > groups_wanted - 1) return std::nullopt;
    groups = *head;
    groups.resize(groups_wanted - tail->size(), 0);
    groups.insert(groups.end(), tail->begin(), tail->end());
  } else {
    auto all = parse_groups(text);
    if (!all || all->size() != groups_wanted) return std::nullopt;
    groups = *all;
  }
  IpAddress out;
  for (std::uint16_t g : groups) {
    out.push_back(static_cast<std::uint8_t>(g >> 8));
    out.push_back(static_cast<std::uint8_t>(g & 0xFF));
  }
  if (tail_v4) out.insert(out.end(), tail_v4->begin(), tail_v4->end());
  return out;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  return text.find(':') == std::string_view::npos ? parse_ipv4(text) : parse_ipv6(text);
}

std::string format_ip_address(std::span<const std::uint8_t> a) {
  char buf[8];
  std::string out;
  if (a.size() == 4) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) out += '.';
      out += std::to_string(a[i]);
    }
    return out;
  }
  if (a.size() != 16) {
    for (std::uint8_t b : a) {
      std::snprintf(buf, sizeof buf, "%02x", b);
      out += buf;
    }
    return out;
  }
  std::uint16_t g[8];
  for (std::size_t i = 0; i < 8; ++i)
    g[i] = static_cast<std::uint16_t>((a[2 * i] << 8) | a[2 * i + 1]);
  // RFC 5952 §4.2: the longest run of two or more zero groups becomes "::" (the first on ties).
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

}  // namespace tlspp::x509
