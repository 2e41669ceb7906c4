// Name constraints (RFC 5280 §4.2.1.10, applied as in §6.1.3 (b)/(c) and §6.1.4 (g)).
//
// Forms evaluated: dNSName, iPAddress, rfc822Name and directoryName.
//  - dNSName: a constraint "example.com" covers "example.com" and any name built by adding labels
//    on the left. Constraints with a wildcard or a leading dot are malformed (RFC 5280 allows the
//    leading dot for URIs and e-mail only). A wildcard name "*.X" is treated defensively, since it
//    stands for every "L.X": it is permitted only when X itself is, and excluded when X is or when
//    the excluded subtree is a single label under X (CVE-2025-61727). Only subjectAltName
//    dNSNames are constrained: the subject CN is never used as a host name (host_name.h).
//  - iPAddress: address and mask (8 or 32 octets); the mask must be a CIDR prefix.
//  - rfc822Name: "user@host" (that mailbox), "host" (every mailbox on host), ".host" (every
//    mailbox under host); characters such as '*' are literal.
//  - directoryName: a constraint covers names whose RDN sequence begins with the constraint's RDNs,
//    compared as encoded (no string-type or case folding: stricter than RFC 5280 §7.1, never
//    looser). Applies to the subject (when non-empty) and to directoryName SAN entries.
// Forms NOT evaluated (uniformResourceIdentifier, otherName, x400Address, ediPartyName,
// registeredID): when a CA constrains such a form, and a certificate below it carries a name of
// that form, the chain is rejected, whether or not the extension is critical (we cannot process the
// constraint, so RFC 5280's "process or reject" leaves only rejection). Constraints of a form no
// certificate below uses are ignored.
// Names that are malformed for their form (".example.com" as a dNSName, "a@b@c" as an e-mail) are
// rejected whenever a constraint of that form applies: they cannot be shown to lie inside.
// To bound work (a CA with thousands of subtrees against a leaf with thousands of names), more than
// kMaxNameConstraintChecks name-by-subtree comparisons for one pair of certificates is a rejection.
#pragma once

#include <string>

#include "tlspp/result.h"
#include "x509/certificate.h"

namespace tlspp::x509 {

inline constexpr std::size_t kMaxNameConstraintChecks = 1 << 20;

// Whether `name` lies within the dNSName subtree `constraint` (both already valid syntax).
bool dns_name_within(std::string_view name, std::string_view constraint);

// Checks the names of `cert` against the constraints `nc` of the CA certificate `ca`.
// ErrorCode::cert_name_constraints naming the certificate, the name and the constraint.
Status check_name_constraints(const NameConstraints& nc, const Certificate& ca,
                              const Certificate& cert);

}  // namespace tlspp::x509
