// Checking the peer's certificate chain: the one place that turns a received chain into a
// ChainVerified proof, through tlspp's own X.509 verifier (src/x509) — or, only when the
// configuration names the dangerous option, by importing the leaf key without verification.
#pragma once

#include <span>
#include <string_view>

#include "crypto/provider.h"
#include "handshake/machine.h"
#include "handshake/proofs.h"
#include "tlspp/config.h"

namespace tlspp::handshake {

enum class ChainPurpose : std::uint8_t { server_auth, client_auth };

class PeerChainChecker {
 public:
  // Verifies `chain` (DER, leaf first) against `trust` (nullptr: the system store) for `purpose`,
  // checking the leaf against `host` (a DNS name or IP literal; empty: no name check, used for
  // client certificates) at the configured clock's time, within `limits`. Emits one CheckEvent per
  // check. Errors carry the verifier's explanation and its alert (bad_certificate,
  // certificate_expired, unknown_ca, ...).
  static Result<ChainVerified> verify(crypto::Provider& provider, const x509::TrustStore* trust,
                                      std::span<const Bytes> chain, ChainPurpose purpose,
                                      std::string_view host, const Limits& limits, HandshakeIo& io);
  // The dangerous option: imports the leaf's key and trusts it. Emits a failing CheckEvent that
  // says verification was skipped.
  static Result<ChainVerified> accept_unverified(crypto::Provider& provider,
                                                 std::span<const Bytes> chain, HandshakeIo& io);
};

}  // namespace tlspp::handshake
