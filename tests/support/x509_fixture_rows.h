// The fixture chains of scripts/gen-x509-fixtures with the verdict expected of each: used by the
// fixture test (our verifier) and by the comparison with `openssl verify`.
#pragma once

#include "x509/verify.h"

namespace tlspp::test {

using x509::Purpose;
using x509::UnixTime;

inline constexpr UnixTime k2030 = 1893456000;

struct FixtureRow {
  const char* fixture;
  const char* name;  // DNS name, or an IP literal when ip is true
  bool ip;
  ErrorCode expected;
  std::size_t path_length;  // on success: certificates leaf..anchor
  UnixTime time = k2030;
  Purpose purpose = Purpose::server_auth;
};

inline const FixtureRow kFixtureRows[] = {
    {"valid-1level", "one.example.test", false, ErrorCode::ok, 2},
    {"valid-rsa", "rsa.example.test", false, ErrorCode::ok, 3},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::ok, 3},
    {"valid-ed25519", "ed25519.example.test", false, ErrorCode::ok, 3},
    {"valid-rsa-pss", "pss.example.test", false, ErrorCode::ok, 3},
    {"valid-3level", "three.example.test", false, ErrorCode::ok, 4},
    {"valid-3level-shuffled", "three.example.test", false, ErrorCode::ok, 4},
    {"valid-ip", "192.0.2.7", true, ErrorCode::ok, 3},
    {"valid-ip", "2001:db8::7", true, ErrorCode::ok, 3},
    {"valid-ip", "2001:DB8:0:0:0:0:0:7", true, ErrorCode::ok, 3},
    {"valid-ip", "192.0.2.8", true, ErrorCode::cert_name_mismatch, 0},
    {"valid-ecdsa", "EC.Example.Test.", false, ErrorCode::ok, 3},
    {"valid-ecdsa", "other.example.test", false, ErrorCode::cert_name_mismatch, 0},
    {"wildcard", "foo.wild.example.test", false, ErrorCode::ok, 3},
    {"wildcard", "wild.example.test", false, ErrorCode::cert_name_mismatch, 0},
    {"wildcard", "a.b.wild.example.test", false, ErrorCode::cert_name_mismatch, 0},
    {"expired", "expired.example.test", false, ErrorCode::cert_expired, 0},
    {"expired", "expired.example.test", false, ErrorCode::ok, 3, 1751328000},  // 2025-07-01
    {"not-yet-valid", "future.example.test", false, ErrorCode::cert_not_yet_valid, 0},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::cert_not_yet_valid, 0, 1704067200},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::ok, 3, 2366841600},  // notAfter: inclusive
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::cert_expired, 0,
     2366841601},  // 1 s past notAfter
    {"missing-intermediate", "ec.example.test", false, ErrorCode::cert_unknown_issuer, 0},
    {"intermediate-not-ca", "notca.example.test", false, ErrorCode::cert_not_ca, 0},
    {"pathlen-violated", "pathlen.example.test", false, ErrorCode::cert_path_too_long, 0},
    {"eku-client-only", "client.example.test", false, ErrorCode::cert_ext_key_usage, 0},
    {"eku-client-only", "client.example.test", false, ErrorCode::ok, 3, k2030,
     Purpose::client_auth},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::cert_ext_key_usage, 0, k2030,
     Purpose::client_auth},
    {"nc-dns-permitted-ok", "www.allowed.example.test", false, ErrorCode::ok, 3},
    {"nc-dns-permitted-violation", "www.other.example.test", false,
     ErrorCode::cert_name_constraints, 0},
    {"nc-dns-excluded-violation", "ok.example.test", false, ErrorCode::cert_name_constraints, 0},
    {"nc-ip-permitted-violation", "203.0.113.9", true, ErrorCode::cert_name_constraints, 0},
    {"nc-ip-excluded-violation", "198.51.100.20", true, ErrorCode::cert_name_constraints, 0},
    {"bad-signature", "badsig.example.test", false, ErrorCode::cert_bad_signature, 0},
    // The expired cross-sign is presented first; the valid one must be found.
    {"cross-signed", "cross.example.test", false, ErrorCode::ok, 3},
    {"cross-signed-only-expired", "cross.example.test", false, ErrorCode::cert_expired, 0},
    {"unknown-critical-extension", "critical.example.test", false,
     ErrorCode::cert_unknown_critical_extension, 0},
    {"sha1-signed", "sha1.example.test", false, ErrorCode::cert_weak_algorithm, 0},
    {"rsa-1024", "rsa1024.example.test", false, ErrorCode::cert_weak_algorithm, 0},
};

}  // namespace tlspp::test
