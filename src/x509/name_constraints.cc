#include "x509/name_constraints.h"

#include <algorithm>

#include "x509/host_name.h"
#include "x509/ip_address.h"

namespace tlspp::x509 {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool valid_dns_constraint(std::string_view c) {
  return c.empty() ||
         (!c.starts_with("*") && normalize_reference_name(c).has_value() && !c.ends_with("."));
}

// A CIDR mask: ones, then zeros.
bool valid_mask(std::span<const std::uint8_t> mask) {
  bool zeros = false;
  for (std::uint8_t b : mask) {
    for (int i = 7; i >= 0; --i) {
      const bool one = (b >> i) & 1;
      if (one && zeros) return false;
      if (!one) zeros = true;
    }
  }
  return true;
}

bool ip_within(std::span<const std::uint8_t> ip, std::span<const std::uint8_t> constraint) {
  if (constraint.size() != ip.size() * 2) return false;
  const auto addr = constraint.first(ip.size());
  const auto mask = constraint.subspan(ip.size());
  for (std::size_t i = 0; i < ip.size(); ++i) {
    if ((ip[i] & mask[i]) != (addr[i] & mask[i])) return false;
  }
  return true;
}

struct Mailbox {
  std::string_view local, domain;
};

std::optional<Mailbox> parse_mailbox(std::string_view s) {
  const std::size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  Mailbox m{s.substr(0, at), s.substr(at + 1)};
  for (char c : m.local) {
    if (c <= 0x20 || c == 0x7F) return std::nullopt;
  }
  if (!normalize_reference_name(m.domain) || m.domain.ends_with(".")) return std::nullopt;
  return m;
}

bool valid_email_constraint(std::string_view c) {
  if (c.find('@') != std::string_view::npos) return parse_mailbox(c).has_value();
  if (c.starts_with(".")) c.remove_prefix(1);
  return normalize_reference_name(c).has_value() && !c.ends_with(".");
}

bool email_within(const Mailbox& m, std::string_view c) {
  if (c.find('@') != std::string_view::npos) {
    auto cm = parse_mailbox(c);
    return cm && cm->local == m.local && iequals(cm->domain, m.domain);
  }
  if (c.starts_with(".")) return m.domain.size() > c.size() && iends_with(m.domain, c);
  return iequals(m.domain, c);
}

bool dn_within(const Name& name, const Name& constraint) {
  if (constraint.rdns.size() > name.rdns.size()) return false;
  for (std::size_t i = 0; i < constraint.rdns.size(); ++i) {
    if (!std::ranges::equal(name.rdns[i].encoding, constraint.rdns[i].encoding)) return false;
  }
  return true;
}

}  // namespace

bool dns_name_within(std::string_view name, std::string_view constraint) {
  if (constraint.empty()) return true;
  if (iequals(name, constraint)) return true;
  return name.size() > constraint.size() && iends_with(name, constraint) &&
         name[name.size() - constraint.size() - 1] == '.';
}

Status check_name_constraints(const NameConstraints& nc, const Certificate& ca,
                              const Certificate& cert) {
  const GeneralNames empty_names;
  const GeneralNames& names =
      cert.subject_alt_name() ? cert.subject_alt_name()->value : empty_names;
  const auto fail = [&](std::string why) {
    return Error(ErrorCode::cert_name_constraints, "certificate " + cert.display_name() + ": " +
                                                       why + " (name constraints of " +
                                                       ca.display_name() + ")");
  };

  const std::size_t constraint_count = nc.permitted.size() + nc.excluded.size();
  const std::size_t name_count = names.size() + cert.subject().attribute_count() + 1;
  if (constraint_count * name_count > kMaxNameConstraintChecks) {
    return fail("too many names (" + std::to_string(name_count) + ") against too many subtrees (" +
                std::to_string(constraint_count) + ") to evaluate");
  }

  // dNSName.
  if (!nc.permitted.dns_names.empty() || !nc.excluded.dns_names.empty()) {
    for (std::string_view c : nc.permitted.dns_names) {
      if (!valid_dns_constraint(c))
        return fail("malformed dNSName constraint '" + std::string(c) + "'");
    }
    for (std::string_view c : nc.excluded.dns_names) {
      if (!valid_dns_constraint(c))
        return fail("malformed dNSName constraint '" + std::string(c) + "'");
    }
    for (std::string_view n : names.dns_names) {
      const std::string shown(n);
      if (!is_valid_presented_name(n)) return fail("malformed DNS name '" + shown + "'");
      const bool wildcard = n.starts_with("*.");
      const std::string_view base = wildcard ? n.substr(2) : n;
      for (std::string_view c : nc.excluded.dns_names) {
        bool hit = dns_name_within(base, c);
        if (!hit && wildcard && c.size() > base.size() + 1 && dns_name_within(c, base)) {
          // "*.X" can stand for the excluded "L.X" itself.
          hit = c.substr(0, c.size() - base.size() - 1).find('.') == std::string_view::npos;
        }
        if (hit) return fail("DNS name " + shown + " is in excluded subtree " + std::string(c));
      }
      if (!nc.permitted.dns_names.empty() &&
          std::ranges::none_of(nc.permitted.dns_names,
                               [&](std::string_view c) { return dns_name_within(base, c); })) {
        return fail("DNS name " + shown + " is outside the permitted subtrees");
      }
    }
  }

  // iPAddress.
  if (!nc.permitted.ip_addresses.empty() || !nc.excluded.ip_addresses.empty()) {
    for (const auto* list : {&nc.permitted.ip_addresses, &nc.excluded.ip_addresses}) {
      for (auto c : *list) {
        if (!valid_mask(c.subspan(c.size() / 2))) {
          return fail("iPAddress constraint with a non-CIDR mask");
        }
      }
    }
    for (auto ip : names.ip_addresses) {
      const std::string shown = format_ip_address(ip);
      for (auto c : nc.excluded.ip_addresses) {
        if (ip_within(ip, c)) return fail("IP address " + shown + " is in an excluded subtree");
      }
      if (!nc.permitted.ip_addresses.empty() &&
          std::ranges::none_of(nc.permitted.ip_addresses,
                               [&](auto c) { return ip_within(ip, c); })) {
        return fail("IP address " + shown + " is outside the permitted subtrees");
      }
    }
  }

  // rfc822Name.
  if (!nc.permitted.emails.empty() || !nc.excluded.emails.empty()) {
    for (const auto* list : {&nc.permitted.emails, &nc.excluded.emails}) {
      for (std::string_view c : *list) {
        if (!valid_email_constraint(c))
          return fail("malformed rfc822Name constraint '" + std::string(c) + "'");
      }
    }
    for (std::string_view e : names.emails) {
      const std::string shown(e);
      auto m = parse_mailbox(e);
      if (!m) return fail("malformed e-mail address '" + shown + "'");
      for (std::string_view c : nc.excluded.emails) {
        if (email_within(*m, c))
          return fail("e-mail " + shown + " is in excluded subtree " + std::string(c));
      }
      if (!nc.permitted.emails.empty() &&
          std::ranges::none_of(nc.permitted.emails,
                               [&](std::string_view c) { return email_within(*m, c); })) {
        return fail("e-mail " + shown + " is outside the permitted subtrees");
      }
    }
  }

  // directoryName: the subject (when non-empty) and SAN directoryNames.
  if (!nc.permitted.directory_names.empty() || !nc.excluded.directory_names.empty()) {
    std::vector<const Name*> dns;
    if (!cert.subject().empty()) dns.push_back(&cert.subject());
    for (const Name& n : names.directory_names) dns.push_back(&n);
    for (const Name* n : dns) {
      for (const Name& c : nc.excluded.directory_names) {
        if (dn_within(*n, c))
          return fail("directory name " + n->to_string() + " is in an excluded subtree");
      }
      if (!nc.permitted.directory_names.empty() &&
          std::ranges::none_of(nc.permitted.directory_names,
                               [&](const Name& c) { return dn_within(*n, c); })) {
        return fail("directory name " + n->to_string() + " is outside the permitted subtrees");
      }
    }
  }

  // Forms we do not evaluate: reject only when both sides use them.
  const bool constrains_uri = !nc.permitted.uris.empty() || !nc.excluded.uris.empty();
  const bool constrains_other = nc.permitted.other_names + nc.excluded.other_names > 0;
  const bool constrains_rest = nc.permitted.other_forms + nc.excluded.other_forms > 0;
  if ((constrains_uri && !names.uris.empty()) || (constrains_other && names.other_names > 0) ||
      (constrains_rest && names.other_forms > 0)) {
    return fail(
        "has a name of a form (URI, otherName, ...) whose constraints tlspp cannot evaluate");
  }
  return ok_status();
}

}  // namespace tlspp::x509
