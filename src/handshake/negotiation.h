// Negotiation as pure functions: given what we support (in preference order) and what the peer
// offered, choose one, and say why in words the narration can show. No state, no I/O.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::handshake {

template <class T>
struct Choice {
  T value;
  std::string why;
};

// tlspp's defaults, in preference order.
std::vector<CipherSuite> default_cipher_suites();  // TLS 1.3, then TLS 1.2 ECDHE; never static RSA
std::vector<SignatureScheme> default_signature_schemes();
// The suites a configuration means: its own list, or the defaults (plus the static RSA suites when
// allow_legacy_rsa is set and the list is empty), restricted to what tlspp implements.
std::vector<CipherSuite> effective_cipher_suites(std::span<const CipherSuite> configured,
                                                 bool allow_legacy_rsa);

// RFC 8446 §4.2.1 / RFC 5246 §7.4.1.2 + RFC 8996: the highest version both support. `offered` is
// the client's supported_versions list (GREASE ignored) or, when the client sent none, the single
// legacy_version. ErrorCode::protocol_version when there is none in [min, max].
Result<Choice<ProtocolVersion>> choose_version(ProtocolVersion min, ProtocolVersion max,
                                               std::span<const ProtocolVersion> offered);

// A cipher suite of `version` from both lists: ours first when `server_order`, else the client's.
// `usable` filters suites the server cannot serve (e.g. ECDHE_ECDSA without an ECDSA certificate);
// null accepts all. ErrorCode::no_common_cipher_suite when none.
Result<Choice<CipherSuite>> choose_cipher_suite(std::span<const CipherSuite> ours,
                                                std::span<const CipherSuite> offered,
                                                ProtocolVersion version, bool server_order,
                                                bool (*usable)(CipherSuite, const void*) = nullptr,
                                                const void* usable_arg = nullptr);

// RFC 8446 §4.2.8: the group for (EC)DHE. Prefers our most preferred group among those the client
// sent a key share for; if none of those is acceptable, our most preferred group among the
// client's supported_groups, with needs_retry set (a HelloRetryRequest asks for its share).
// ErrorCode::no_common_group when the client supports none of ours.
struct GroupChoice {
  NamedGroup group;
  bool needs_retry;
};
Result<Choice<GroupChoice>> choose_group(std::span<const NamedGroup> ours,
                                         std::span<const NamedGroup> client_supported,
                                         std::span<const NamedGroup> client_shares);

// True when `scheme` can be produced by a key of `type` in `version`. TLS 1.3 binds ECDSA schemes
// to their curve and forbids RSASSA-PKCS1-v1_5 in handshake signatures (RFC 8446 §4.2.3); TLS 1.2
// allows RSA PKCS#1 and ECDSA with any curve.
bool scheme_fits_key(SignatureScheme scheme, crypto::KeyType type, ProtocolVersion version);

// Our most preferred scheme that the peer offered and our key can make.
// ErrorCode::no_common_signature_scheme when none.
Result<Choice<SignatureScheme>> choose_signature_scheme(std::span<const SignatureScheme> ours,
                                                        std::span<const SignatureScheme> offered,
                                                        crypto::KeyType key_type,
                                                        ProtocolVersion version);

// RFC 7301 §3.2: the first of our protocols (in our order) that the client offered; nullopt when
// either side has none. ErrorCode::no_application_protocol when both have some but none is shared.
Result<std::optional<std::string>> choose_alpn(std::span<const std::string> ours,
                                               std::span<const std::string> offered);

// "TLS_AES_128_GCM_SHA256", or "0x1305" for a value without a name (likewise for the others).
std::string display_name(CipherSuite v);
std::string display_name(NamedGroup v);
std::string display_name(SignatureScheme v);
std::string display_name(ProtocolVersion v);

}  // namespace tlspp::handshake
