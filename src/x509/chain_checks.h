// The individual checks of path validation, one function per rule family, each returning the
// specific ErrorCode with a reason naming the certificate ("certificate CN=a.example: ...").
//
// Deliberately not implemented: certificate policies (RFC 5280 §6.1.3 (d)-(f); policy extensions
// marked critical are refused as unknown critical extensions), revocation (CRLs, OCSP), and the
// public-suffix list for wildcards (approximated by "at least two labels after the wildcard").
#pragma once

#include "tlspp/result.h"
#include "x509/certificate.h"
#include "x509/verify.h"

namespace tlspp::x509 {

enum class Role : std::uint8_t { leaf, intermediate, anchor };

// "certificate CN=a.example: " + why, with `code`.
Error cert_error(const Certificate& cert, ErrorCode code, const std::string& why);

// RFC 5280 §4.1.2.5: notBefore <= time <= notAfter, both inclusive.
// ErrorCode::cert_expired / cert_not_yet_valid with the date and distance.
Status check_validity(const Certificate& cert, UnixTime time);

// Key algorithm and size (CA/B Forum BR §6.1.5, §7.1.3.1): RSA of at least 2048 bits and a
// multiple of 8 (cert_weak_algorithm / cert_unsupported), EC on P-256/384/521 with a named curve,
// Ed25519; anything else cert_unsupported.
Status check_public_key(const Certificate& cert);

// The structural profile rules for a certificate in `role` (RFC 5280 §4.2 and the CA/B Forum
// BRs as exercised by x509-limbo): unknown critical extensions; criticality of AKI/SKI/AIA/SAN;
// AKI form; AKI present except on self-issued certificates; CA certificates have a critical
// basicConstraints with cA, a non-empty subject, an SKI, keyCertSign when keyUsage is present;
// non-CA certificates neither assert keyCertSign nor carry name constraints; the leaf is not a
// CA and its subject CNs are copies of its SAN entries. With options.strict_anchors false,
// anchors get only the checks listed in VerifyOptions.
Status check_profile(const Certificate& cert, Role role, const VerifyOptions& options);

// RFC 5280 §4.2.1.12 as browsers apply it: a leaf with extendedKeyUsage must list the purpose
// (anyExtendedKeyUsage alone is not enough: CA/B BR §7.1.2.7.10 forbids it in subscriber
// certificates); a CA with extendedKeyUsage must list the purpose or anyExtendedKeyUsage.
// ErrorCode::cert_ext_key_usage.
Status check_ext_key_usage(const Certificate& cert, Role role, Purpose purpose);

// The signature algorithm `cert` is signed with is acceptable (cert_weak_algorithm for MD5/SHA-1,
// cert_unsupported for unknown algorithms).
Status check_signature_algorithm(const Certificate& cert);

}  // namespace tlspp::x509
