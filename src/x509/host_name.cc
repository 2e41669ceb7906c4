#include "x509/host_name.h"

#include <algorithm>

#include "x509/ip_address.h"

namespace tlspp::x509 {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// RFC 1034 §3.5 preferred syntax as relaxed by RFC 1123 §2.1 (labels may start with a digit).
bool is_ldh_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  return std::ranges::all_of(label, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_ldh_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = name.find('.', start);
    if (!is_ldh_label(name.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::size_t label_count(std::string_view name) {
  return static_cast<std::size_t>(std::ranges::count(name, '.')) + 1;
}

}  // namespace

std::optional<std::string> normalize_reference_name(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (!is_ldh_name(name)) return std::nullopt;
  std::string out(name);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_valid_presented_name(std::string_view presented) {
  if (presented.starts_with("*.")) {
    const std::string_view rest = presented.substr(2);
    return is_ldh_name(rest) && label_count(rest) >= 2;
  }
  return is_ldh_name(presented);
}

bool dns_name_matches(std::string_view presented, std::string_view reference) {
  if (!is_valid_presented_name(presented)) return false;
  if (!presented.starts_with("*.")) return equal_ignoring_case(presented, reference);
  // RFC 9525 §6.3: "*" matches exactly one whole left-most label of the reference.
  const std::size_t dot = reference.find('.');
  if (dot == 0 || dot == std::string_view::npos) return false;
  return equal_ignoring_case(presented.substr(2), reference.substr(dot + 1));
}

Status check_peer_name(const Certificate& leaf, const PeerName& name) {
  const auto& san = leaf.subject_alt_name();
  std::string listed;
  if (san) {
    for (std::string_view d : san->value.dns_names) {
      listed += (listed.empty() ? "" : ", ") + std::string(d);
    }
    for (auto ip : san->value.ip_addresses) {
      listed += (listed.empty() ? "" : ", ") + format_ip_address(ip);
    }
  }
  if (listed.empty()) listed = "no DNS name or IP address (no usable subjectAltName)";
  auto mismatch = [&](std::string why) {
    return Error(ErrorCode::cert_name_mismatch,
                 "name mismatch: asked for " + name.text + why + ", certificate is for " + listed);
  };

  if (name.kind == PeerName::Kind::ip) {
    auto ip = parse_ip_address(name.text);
    if (!ip) return mismatch(" (not a valid IP address)");
    if (san) {
      for (auto presented : san->value.ip_addresses) {
        if (std::ranges::equal(presented, *ip)) return ok_status();
      }
    }
    return mismatch("");
  }
  auto reference = normalize_reference_name(name.text);
  if (!reference) return mismatch(" (not a valid host name)");
  if (san) {
    for (std::string_view presented : san->value.dns_names) {
      if (dns_name_matches(presented, *reference)) return ok_status();
    }
  }
  return mismatch("");
}

}  // namespace tlspp::x509
