// Certificate path validation for the web PKI (RFC 5280 §6.1 in the spirit of webpki and
// BoringSSL's pki): build a path from the end-entity certificate through the presented
// intermediates (any order, extras tolerated, several candidate issuers, cross-signs) to a trust
// anchor by depth-first search with backtracking and a bound on total work, checking every link.
//
// What is checked, per certificate (chain_checks.h has the rules and their sources): validity at
// the caller's time, key algorithm and size, signature algorithm strength, unknown critical
// extensions, the RFC 5280 / CA/B Forum profile rules the x509-limbo corpus exercises; per link:
// issuer is a CA (basicConstraints cA, keyUsage keyCertSign), pathLenConstraint, maximum number of
// intermediates, extended key usage, the signature (through the crypto provider); per path: name
// constraints of every CA (anchor included) on every certificate below it.
// Certificate policies and revocation are not processed (see chain_checks.h).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "codec/reader.h"
#include "crypto/provider.h"
#include "tlspp/result.h"
#include "x509/certificate.h"
#include "x509/host_name.h"
#include "x509/trust_store.h"

namespace tlspp::x509 {

// What the leaf is for (RFC 5280 §4.2.1.12 id-kp-serverAuth / id-kp-clientAuth).
enum class Purpose : std::uint8_t { server_auth, client_auth };

struct VerifyOptions {
  Purpose purpose = Purpose::server_auth;
  // The name to check against the leaf's subjectAltName; nullopt skips the check (e.g. a client
  // certificate).
  std::optional<PeerName> peer_name;
  // The verification time, seconds since the Unix epoch (the caller reads the clock).
  UnixTime time = 0;
  // Maximum number of intermediates between leaf and anchor, not counting self-issued ones
  // (RFC 5280 §6.1: self-issued certificates do not count toward path length).
  std::size_t max_intermediates = 10;
  // Bound on total work: candidate issuers considered (each costs at most one signature check).
  // ErrorCode::cert_path_search_exhausted when exceeded.
  std::size_t max_candidates = 100;
  // Presented certificates beyond this count: ErrorCode::cert_chain_too_large.
  std::size_t max_presented = 128;
  // Apply the CA profile rules (basicConstraints critical, subjectKeyIdentifier present, v3...) to
  // trust anchors as to intermediates, as the x509-limbo web-PKI expectations do. When false, an
  // anchor is only checked for validity, key strength, unknown critical extensions and, when it
  // has basicConstraints, cA (some long-lived roots in system bundles predate those rules: 8 of
  // the 144 roots of Debian's bundle, e.g. QuoVadis Root CA 2 with an AKI naming its issuer and
  // serial, fail the strict profile; see tests/unit/x509/system_bundle_test.cc).
  bool strict_anchors = true;
};

// One candidate path that failed, for explanations: the certificates leaf first, and why.
struct PathAttempt {
  std::vector<CertificatePtr> certificates;
  Error error;
};

// What happened during one verification (optional output of verify_chain).
struct VerifyDiagnostics {
  std::vector<PathAttempt> attempts;  // failed candidate paths, in the order tried
  std::vector<Error> ignored;         // presented intermediates that did not parse (skipped)
  std::size_t candidates_considered = 0;
  std::size_t signatures_checked = 0;
};

// A validated path.
struct VerifiedPath {
  std::vector<CertificatePtr> certificates;  // leaf first, trust anchor last
  // The leaf's public key, imported through the provider (for CertificateVerify).
  std::unique_ptr<crypto::PublicKey> leaf_public_key;
};

// Verifies `presented` (DER certificates, leaf first, then intermediates in any order) against
// `anchors` at options.time. On failure, the error of the most complete candidate path (the one
// that got closest to an anchor), with a reason naming the certificate and the rule; every failed
// candidate is listed in *diagnostics when given. Signatures are verified through `provider`;
// nothing is cached across calls.
Result<VerifiedPath> verify_chain(const VerifyOptions& options,
                                  std::span<const codec::Bytes> presented,
                                  const TrustStore& anchors, crypto::Provider& provider,
                                  VerifyDiagnostics* diagnostics = nullptr);

}  // namespace tlspp::x509
