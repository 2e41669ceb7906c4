// Matching the name a client asked for against a server certificate, as browsers do
// (RFC 9525 §6.3, which obsoletes RFC 6125):
//  - only subjectAltName entries count; the subject's CN is never consulted (RFC 9525 §6.3);
//  - DNS names compare case-insensitively in ASCII; internationalised names must already be
//    A-labels ("xn--..."); any non-ASCII octet makes a name invalid;
//  - a wildcard is only the whole left-most label ("*.example.com"), matches exactly one
//    non-empty label, and needs at least two labels after it ("*.com" never matches); partial
//    wildcards ("f*.example.com", "xn--*-abc.example.com") never match (RFC 9525 §6.3);
//  - IP addresses (parsed strictly) match iPAddress entries only, never dNSName (RFC 9525 §6.3);
//  - trailing dot: the reference name may end in one dot ("example.com." is the absolute form of
//    "example.com" and is matched without it); a presented dNSName ending in a dot is not in the
//    RFC 1034 preferred syntax RFC 5280 §4.2.1.6 requires and never matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tlspp/result.h"
#include "x509/certificate.h"

namespace tlspp::x509 {

// What the client wants to reach.
struct PeerName {
  enum class Kind : std::uint8_t { dns, ip };
  Kind kind = Kind::dns;
  std::string text;  // "www.example.com" or "192.0.2.1" / "2001:db8::1"
};

// The reference DNS name lower-cased and without its trailing dot, or nullopt when it is not a
// valid host name (LDH labels of 1..63 octets not starting or ending with '-', at most 253 octets).
std::optional<std::string> normalize_reference_name(std::string_view name);

// Whether `presented` is a syntactically valid dNSName: LDH labels, optionally a left-most "*"
// label followed by at least two labels.
bool is_valid_presented_name(std::string_view presented);

// Whether the presented dNSName (from a certificate) matches the normalized reference name.
bool dns_name_matches(std::string_view presented, std::string_view normalized_reference);

// Checks the leaf's subjectAltName against `name`. ErrorCode::cert_name_mismatch, with a reason
// listing what the certificate is for, when nothing matches or the reference is not a valid name.
Status check_peer_name(const Certificate& leaf, const PeerName& name);

}  // namespace tlspp::x509
