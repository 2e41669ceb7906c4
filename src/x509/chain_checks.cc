#include "x509/chain_checks.h"

#include <algorithm>

#include "x509/host_name.h"
#include "x509/ip_address.h"
#include "x509/oid.h"

namespace tlspp::x509 {
namespace {

bool has_purpose(const ExtKeyUsage& eku, std::span<const std::uint8_t> purpose) {
  return std::ranges::any_of(eku.purposes,
                             [&](der::Bytes p) { return std::ranges::equal(p, purpose); });
}

std::string days_text(UnixTime seconds) {
  const UnixTime days = seconds / 86400;
  if (days >= 1) return std::to_string(days) + (days == 1 ? " day" : " days");
  return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

Status profile_violation(const Certificate& cert, const std::string& why) {
  return cert_error(cert, ErrorCode::cert_profile_violation, why);
}

// A lenient reading of an IPv4 literal as inet_aton(3) accepts it: one to four parts, each
// decimal, octal (leading 0) or hex (0x); used only to recognise non-canonical spellings.
std::optional<IpAddress> parse_ipv4_lenient(std::string_view text) {
  std::vector<std::uint64_t> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = text.find('.', start);
    std::string_view p = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    unsigned base = 10;
    if (p.size() > 2 && (p.starts_with("0x") || p.starts_with("0X"))) {
      base = 16;
      p.remove_prefix(2);
    } else if (p.size() > 1 && p[0] == '0') {
      base = 8;
    }
    if (p.empty() || p.size() > 12) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : p) {
      unsigned d = 0;
      if (c >= '0' && c <= '9')
        d = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        d = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        d = static_cast<unsigned>(c - 'A' + 10);
      else
        return std::nullopt;
      if (d >= base) return std::nullopt;
      v = v * base + d;
    }
    parts.push_back(v);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() > 4) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] > 255) return std::nullopt;
    value |= parts[i] << (24 - 8 * i);
  }
  const std::size_t last_bits = 32 - 8 * (parts.size() - 1);
  if (parts.back() >> last_bits) return std::nullopt;
  value |= parts.back();
  return IpAddress{static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
                   static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

// CA/B BR §7.1.4.3: a subject commonName holding one of the SAN entries MUST be a
// character-for-character copy of the dNSName, or the RFC 3986 / RFC 5952 text of the address.
// A CN that denotes a SAN entry in another spelling (other letter case, "0xC0A80101",
// "192.168.001.001", "2001:DB8::1", uncompressed IPv6) is refused. A CN unrelated to the SAN is
// tolerated: browsers never read it (RFC 9525 §6.3), and x509-limbo's own valid chains have such
// CNs.
Status check_common_names(const Certificate& cert) {
  const auto& san = cert.subject_alt_name();
  if (!san) return ok_status();
  for (std::string_view cn : cert.subject().common_names()) {
    for (std::string_view d : san->value.dns_names) {
      if (cn != d && normalize_reference_name(cn) &&
          normalize_reference_name(cn) == normalize_reference_name(d)) {
        return profile_violation(cert, "subject commonName '" + std::string(cn) +
                                           "' is not an exact copy of subjectAltName " +
                                           std::string(d));
      }
    }
    auto ip = cn.find(':') != std::string_view::npos ? parse_ipv6(cn) : parse_ipv4_lenient(cn);
    if (!ip) continue;
    for (auto presented : san->value.ip_addresses) {
      if (std::ranges::equal(presented, *ip) && format_ip_address(presented) != cn) {
        return profile_violation(cert, "subject commonName '" + std::string(cn) +
                                           "' is not the canonical text of subjectAltName " +
                                           format_ip_address(presented));
      }
    }
  }
  return ok_status();
}

Status check_ca_profile(const Certificate& cert) {
  // RFC 5280 §4.2.1.9: CA certificates MUST include basicConstraints, marked critical, cA TRUE.
  const auto& bc = cert.basic_constraints();
  if (!bc)
    return cert_error(cert, ErrorCode::cert_not_ca, "CA certificate without basicConstraints");
  if (!bc->value.ca)
    return cert_error(cert, ErrorCode::cert_not_ca, "basicConstraints cA is FALSE");
  if (!bc->critical) return profile_violation(cert, "basicConstraints of a CA is not critical");
  // RFC 5280 §4.1.2.6: a CA's subject MUST be a non-empty distinguished name.
  if (cert.subject().empty())
    return profile_violation(cert, "CA certificate with an empty subject");
  // RFC 5280 §4.2.1.2: the SKI MUST appear in all conforming CA certificates.
  if (!cert.subject_key_id())
    return profile_violation(cert, "CA certificate without subjectKeyIdentifier");
  // RFC 5280 §4.2.1.3/§4.2.1.9: an issuer's keyUsage, when present, asserts keyCertSign.
  if (cert.key_usage() && !cert.key_usage()->value.has(KeyUsageBit::key_cert_sign)) {
    return cert_error(cert, ErrorCode::cert_key_usage,
                      "CA certificate whose keyUsage lacks keyCertSign");
  }
  return ok_status();
}

}  // namespace

Error cert_error(const Certificate& cert, ErrorCode code, const std::string& why) {
  return Error(code, "certificate " + cert.display_name() + ": " + why);
}

Status check_validity(const Certificate& cert, UnixTime time) {
  if (time < cert.not_before()) {
    return cert_error(cert, ErrorCode::cert_not_yet_valid,
                      "not valid before " + format_time(cert.not_before()) + ", " +
                          days_text(cert.not_before() - time) + " after the verification time");
  }
  if (time > cert.not_after()) {
    return cert_error(cert, ErrorCode::cert_expired,
                      "expired on " + format_time(cert.not_after()) + ", " +
                          days_text(time - cert.not_after()) + " before the verification time");
  }
  return ok_status();
}

Status check_public_key(const Certificate& cert) {
  const PublicKeyInfo& key = cert.public_key();
  switch (key.algorithm) {
    case KeyAlgorithm::rsa:
    case KeyAlgorithm::rsa_pss:
      // CA/B BR §6.1.5: at least 2048 bits, modulus size in bits divisible by 8.
      if (key.bits < 2048) {
        return cert_error(cert, ErrorCode::cert_weak_algorithm,
                          "RSA key of " + std::to_string(key.bits) + " bits (minimum 2048)");
      }
      if (key.bits % 8 != 0) {
        return cert_error(cert, ErrorCode::cert_unsupported,
                          "RSA key of " + std::to_string(key.bits) + " bits (not a multiple of 8)");
      }
      return ok_status();
    case KeyAlgorithm::ec:
    case KeyAlgorithm::ed25519: return ok_status();
    case KeyAlgorithm::unsupported: break;
  }
  return cert_error(cert, ErrorCode::cert_unsupported,
                    "unsupported public key: " + key.description);
}

Status check_signature_algorithm(const Certificate& cert) {
  const SignatureAlgorithmInfo& alg = cert.signature_algorithm();
  switch (alg.status) {
    case SignatureAlgorithmInfo::Status::ok: return ok_status();
    case SignatureAlgorithmInfo::Status::weak:
      return cert_error(cert, ErrorCode::cert_weak_algorithm,
                        "signed with " + alg.name + ", which is too weak");
    case SignatureAlgorithmInfo::Status::unsupported: break;
  }
  return cert_error(cert, ErrorCode::cert_unsupported,
                    "signed with unsupported algorithm " + alg.name);
}

Status check_profile(const Certificate& cert, Role role, const VerifyOptions& options) {
  // RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a
  // critical extension it does not recognize".
  if (!cert.unknown_critical_extensions().empty()) {
    return cert_error(cert, ErrorCode::cert_unknown_critical_extension,
                      "unknown critical extension " + cert.unknown_critical_extensions().front());
  }
  TLSPP_TRY(check_public_key(cert));
  if (role == Role::anchor && !options.strict_anchors) {
    if (cert.basic_constraints() && !cert.basic_constraints()->value.ca) {
      return cert_error(cert, ErrorCode::cert_not_ca, "basicConstraints cA is FALSE");
    }
    return ok_status();
  }
  // CA/B BR §7.1.1: certificates MUST be X.509 v3.
  if (cert.version() != 3) {
    return cert_error(cert, ErrorCode::cert_unsupported,
                      "version " + std::to_string(cert.version()) + " certificate (v3 required)");
  }
  // RFC 5280 §4.1.2.4: the issuer field MUST contain a non-empty distinguished name.
  if (cert.issuer().empty()) return profile_violation(cert, "empty issuer name");
  // RFC 5280 §4.2.1.1, §4.2.1.2, §4.2.2.1: AKI, SKI and AIA MUST be non-critical.
  const auto& aki = cert.authority_key_id();
  if (aki && aki->critical) return profile_violation(cert, "critical authorityKeyIdentifier");
  if (cert.subject_key_id() && cert.subject_key_id()->critical) {
    return profile_violation(cert, "critical subjectKeyIdentifier");
  }
  if (cert.has_critical_aia()) return profile_violation(cert, "critical authorityInfoAccess");
  // RFC 5280 §4.2.1.1: keyIdentifier MUST be present except in self-signed certificates; CA/B BR
  // §7.1.2.1.3/§7.1.2.11.1: keyIdentifier present, authorityCertIssuer/SerialNumber absent.
  if (aki) {
    if (!aki->value.key_id)
      return profile_violation(cert, "authorityKeyIdentifier without keyIdentifier");
    if (aki->value.has_issuer || aki->value.has_serial) {
      return profile_violation(cert,
                               "authorityKeyIdentifier with authorityCertIssuer/SerialNumber");
    }
  } else if (!cert.self_issued() && role != Role::anchor) {
    // A trust anchor is trusted as it is (x509-limbo cve-2024-0567 anchors a cross-signed
    // certificate without AKI).
    return profile_violation(cert, "no authorityKeyIdentifier (required unless self-signed)");
  }
  // RFC 5280 §4.1.2.2: the serial number MUST be a positive integer of at most 20 octets.
  if (role != Role::anchor) {
    const der::Bytes serial = cert.serial();
    const bool zero = std::ranges::all_of(serial, [](std::uint8_t b) { return b == 0; });
    if (der::integer_is_negative(serial) || zero) {
      return profile_violation(cert, "serial number is not positive");
    }
    if (serial.size() > 21 || (serial.size() == 21 && serial[0] != 0)) {
      return profile_violation(cert, "serial number longer than 20 octets");
    }
  }
  // RFC 5280 §4.2.1.3 and §4.2.1.9: keyCertSign only with cA; name constraints only in CAs.
  if (!cert.is_ca()) {
    if (cert.key_usage() && cert.key_usage()->value.has(KeyUsageBit::key_cert_sign)) {
      return cert_error(cert, ErrorCode::cert_key_usage, "keyCertSign asserted without cA");
    }
    if (cert.name_constraints())
      return profile_violation(cert, "name constraints in a non-CA certificate");
  }
  // RFC 5280 §4.2.1.6: with an empty subject the SAN MUST be present and critical; CA/B BR
  // §7.1.2.7.12: otherwise it MUST NOT be critical.
  const auto& san = cert.subject_alt_name();
  if (cert.subject().empty() && !(san && san->critical)) {
    return profile_violation(cert, "empty subject without a critical subjectAltName");
  }

  if (role == Role::leaf) {
    // CA/B BR §7.1.2.7.8: a subscriber certificate's cA MUST be FALSE.
    if (cert.is_ca()) return profile_violation(cert, "end-entity certificate with cA TRUE");
    if (san && san->critical && !cert.subject().empty()) {
      return profile_violation(cert, "critical subjectAltName with a non-empty subject");
    }
    if (options.purpose == Purpose::server_auth) TLSPP_TRY(check_common_names(cert));
    return ok_status();
  }
  TLSPP_TRY(check_ca_profile(cert));
  if (role == Role::anchor && cert.self_issued() && aki) {
    // CA/B BR §7.1.2.1.3: a root's AKI keyIdentifier MUST equal its SKI.
    if (!std::ranges::equal(*aki->value.key_id, cert.subject_key_id()->value)) {
      return profile_violation(cert, "authorityKeyIdentifier differs from subjectKeyIdentifier");
    }
  }
  return ok_status();
}

Status check_ext_key_usage(const Certificate& cert, Role role, Purpose purpose) {
  const auto& eku = cert.ext_key_usage();
  if (!eku) return ok_status();
  const auto wanted = purpose == Purpose::server_auth
                          ? std::span<const std::uint8_t>(oid::kOidServerAuth)
                          : std::span<const std::uint8_t>(oid::kOidClientAuth);
  if (has_purpose(eku->value, wanted)) return ok_status();
  const char* name = purpose == Purpose::server_auth ? "serverAuth" : "clientAuth";
  if (role != Role::leaf && has_purpose(eku->value, oid::kOidAnyExtendedKeyUsage))
    return ok_status();
  return cert_error(cert, ErrorCode::cert_ext_key_usage,
                    std::string("extendedKeyUsage does not include ") + name);
}

}  // namespace tlspp::x509
