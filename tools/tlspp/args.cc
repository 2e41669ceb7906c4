#include "args.h"

#include <charconv>
#include <cstdint>

namespace tlspp::tool {

bool Args::flag(const std::string& name) {
  for (auto it = args_.begin(); it != args_.end(); ++it) {
    if (*it == name) {
      args_.erase(it);
      return true;
    }
  }
  return false;
}

std::optional<std::string> Args::value(const std::string& name) {
  for (auto it = args_.begin(); it != args_.end(); ++it) {
    if (*it == name) {
      if (it + 1 == args_.end()) {
        if (!error_) error_ = name + " needs a value";
        args_.erase(it);
        return std::nullopt;
      }
      std::string v = *(it + 1);
      args_.erase(it, it + 2);
      return v;
    }
    if (it->rfind(name + "=", 0) == 0) {
      std::string v = it->substr(name.size() + 1);
      args_.erase(it);
      return v;
    }
  }
  return std::nullopt;
}

std::vector<std::string> Args::values(const std::string& name) {
  std::vector<std::string> out;
  while (auto v = value(name)) out.push_back(*v);
  return out;
}

std::vector<std::string> Args::positional() {
  std::vector<std::string> out;
  for (const auto& a : args_) {
    if (a.size() > 1 && a[0] == '-') {
      if (!error_) error_ = "unknown option " + a;
      continue;
    }
    out.push_back(a);
  }
  return out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::optional<int> parse_int(const std::string& text, int lo, int hi) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text[0] == '-' || ec != std::errc() || ptr != text.data() + text.size() ||
      value < lo || value > hi) {
    return std::nullopt;
  }
  return value;
}

std::optional<HostPort> parse_host_port(const std::string& text) {
  std::string host, port;
  if (!text.empty() && text[0] == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (host.empty() || ec != std::errc() || ptr != port.data() + port.size() || value == 0 ||
      value > 65535) {
    return std::nullopt;
  }
  return HostPort{host, static_cast<std::uint16_t>(value)};
}

}  // namespace tlspp::tool
