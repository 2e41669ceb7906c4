// Errors as values. Every failure in tlspp has a specific ErrorCode; one constexpr table
// (kErrorTable) maps each code to exactly one TLS alert and a category. An Error carries the code
// and a human-readable reason naming what was wrong ("ServerHello: cipher suite 0x1305 was not
// offered").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tlspp/wire.h"

namespace tlspp {

// Broad classes of failure, for callers who only need to know whose fault it was.
enum class ErrorCategory : std::uint8_t {
  decode,       // the peer's bytes are malformed
  protocol,     // well-formed but forbidden by the protocol in this state
  negotiation,  // no common parameters
  crypto,       // a MAC, signature or key agreement failed
  certificate,  // the peer's certificate chain was not accepted
  peer_alert,   // the peer sent a fatal alert
  config,       // the local configuration or an argument is invalid
  io,           // the transport failed (adapters only)
  internal,     // a bug or a resource failure on our side
  closed,       // the connection is closed
};

// X-macro: name, alert, category. The order is the table's order; append, never reorder.
#define TLSPP_ERROR_CODES(X)                                               \
  X(ok, internal_error, internal)                                          \
  /* codec: the one length check and structure rules */                    \
  X(truncated, decode_error, decode)                                       \
  X(trailing_data, decode_error, decode)                                   \
  X(length_overflow, internal_error, internal)                             \
  X(empty_list, decode_error, decode)                                      \
  X(bad_list_length, decode_error, decode)                                 \
  X(bad_value, illegal_parameter, protocol)                                \
  X(bad_encoding, decode_error, decode)                                    \
  /* crypto provider */                                                    \
  X(crypto_failure, internal_error, internal)                              \
  X(unsupported_algorithm, handshake_failure, negotiation)                 \
  X(bad_key, illegal_parameter, crypto)                                    \
  X(bad_key_share, illegal_parameter, crypto)                              \
  X(zero_shared_secret, illegal_parameter, crypto)                         \
  X(aead_open_failed, bad_record_mac, crypto)                              \
  X(bad_signature, decrypt_error, crypto)                                  \
  X(bad_key_file, internal_error, config)                                  \
  X(random_failure, internal_error, internal)                              \
  /* X.509 */                                                              \
  X(cert_malformed, bad_certificate, certificate)                          \
  X(cert_unsupported, unsupported_certificate, certificate)                \
  X(cert_expired, certificate_expired, certificate)                        \
  X(cert_not_yet_valid, certificate_expired, certificate)                  \
  X(cert_unknown_issuer, unknown_ca, certificate)                          \
  X(cert_bad_signature, bad_certificate, certificate)                      \
  X(cert_weak_algorithm, bad_certificate, certificate)                     \
  X(cert_not_ca, bad_certificate, certificate)                             \
  X(cert_path_too_long, bad_certificate, certificate)                      \
  X(cert_key_usage, bad_certificate, certificate)                          \
  X(cert_ext_key_usage, unsupported_certificate, certificate)              \
  X(cert_name_constraints, bad_certificate, certificate)                   \
  X(cert_name_mismatch, bad_certificate, certificate)                      \
  X(cert_unknown_critical_extension, unsupported_certificate, certificate) \
  X(cert_duplicate_extension, bad_certificate, certificate)                \
  X(cert_chain_too_large, bad_certificate, certificate)                    \
  X(cert_path_search_exhausted, unknown_ca, certificate)                   \
  X(cert_revoked, certificate_revoked, certificate)                        \
  X(pem_malformed, internal_error, config)                                 \
  X(trust_store_error, internal_error, config)                             \
  /* X.509, added by the x509 layer */                                     \
  X(cert_profile_violation, bad_certificate, certificate)                  \
  /* messages and record layer */                                          \
  X(unexpected_message, unexpected_message, protocol)                      \
  X(duplicate_extension, illegal_parameter, protocol)                      \
  /* RFC 8446 §4.2: recognized but not listed for this message */         \
  X(forbidden_extension, illegal_parameter, protocol)                      \
  X(missing_extension, missing_extension, protocol)                        \
  X(record_overflow, record_overflow, protocol)                            \
  X(bad_record_mac, bad_record_mac, crypto)                                \
  X(handshake_message_too_large, unexpected_message, protocol)             \
  X(too_many_empty_records, unexpected_message, protocol)                  \
  X(sequence_exhausted, internal_error, internal)                          \
  /* msgs: extension and message structure rules */                        \
  X(unsolicited_extension, unsupported_extension, protocol)                \
  X(pre_shared_key_not_last, illegal_parameter, protocol)                  \
  /* hardening: Limits::max_extensions */                                  \
  X(too_many_extensions, decode_error, decode)                             \
  /* record layer (src/record/) */                                         \
  X(plaintext_http, unexpected_message, protocol)                          \
  X(too_much_early_data, unexpected_message, protocol)                     \
  /* negotiation and handshake */                                          \
  X(protocol_version, protocol_version, negotiation)                       \
  X(no_common_cipher_suite, handshake_failure, negotiation)                \
  X(no_common_group, handshake_failure, negotiation)                       \
  X(no_common_signature_scheme, handshake_failure, negotiation)            \
  X(no_application_protocol, no_application_protocol, negotiation)         \
  X(unrecognized_name, unrecognized_name, negotiation)                     \
  X(illegal_parameter, illegal_parameter, protocol)                        \
  X(downgrade_detected, illegal_parameter, protocol)                       \
  X(bad_finished, decrypt_error, crypto)                                   \
  X(bad_certificate_verify, decrypt_error, crypto)                         \
  X(bad_binder, decrypt_error, crypto)                                     \
  X(insufficient_security, insufficient_security, negotiation)             \
  X(certificate_required, certificate_required, certificate)               \
  X(no_renegotiation, no_renegotiation, protocol)                          \
  X(missing_extended_master_secret, handshake_failure, negotiation)        \
  /* handshake (TLS 1.2) */                                                \
  X(bad_renegotiation_info, handshake_failure, protocol)                   \
  X(wrong_certificate_type, unsupported_certificate, certificate)          \
  X(unknown_session, illegal_parameter, protocol)                          \
  /* handshake: client authentication (mutual TLS) */                      \
  X(no_client_certificate, handshake_failure, certificate)                 \
  /* handshake: TLS 1.2 resumption */                                      \
  X(extended_master_secret_mismatch, handshake_failure, negotiation)       \
  X(peer_alert, close_notify, peer_alert)                                  \
  X(closed, close_notify, closed)                                          \
  X(want_more_data, internal_error, internal)                              \
  X(buffer_full, internal_error, internal)                                 \
  /* https: HTTP/1.1 messages (never sent as alerts) */                    \
  X(http_malformed, internal_error, decode)                                \
  X(http_too_large, internal_error, decode)                                \
  X(http_unsupported, internal_error, decode)                              \
  X(http_path_refused, internal_error, config)                             \
  /* configuration, I/O, internal */                                       \
  X(invalid_argument, internal_error, config)                              \
  X(io_error, internal_error, io)                                          \
  X(timeout, internal_error, io)                                           \
  X(internal, internal_error, internal)

enum class ErrorCode : std::uint16_t {
#define TLSPP_X(name, alert, category) name,
  TLSPP_ERROR_CODES(TLSPP_X)
#undef TLSPP_X
};

struct ErrorInfo {
  ErrorCode code;
  std::string_view name;
  AlertDescription alert;  // the alert we send when this error ends a connection
  ErrorCategory category;
};

// The single mapping from error to alert (RFC 8446 §6.2 chooses the alert per rule; the code names
// the rule). Indexed by ErrorCode; a unit test checks that entry i holds code i.
inline constexpr auto kErrorTable = std::to_array<ErrorInfo>({
#define TLSPP_X(name, alert, category) \
  {ErrorCode::name, #name, AlertDescription::alert, ErrorCategory::category},
    TLSPP_ERROR_CODES(TLSPP_X)
#undef TLSPP_X
});

constexpr const ErrorInfo& info_of(ErrorCode code) {
  return kErrorTable[static_cast<std::size_t>(code)];
}
constexpr AlertDescription alert_for(ErrorCode code) { return info_of(code).alert; }
constexpr ErrorCategory category_of(ErrorCode code) { return info_of(code).category; }
constexpr std::string_view name_of(ErrorCode code) { return info_of(code).name; }

// A failure: what went wrong (code) and, for people, why (reason). Cheap to move.
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string reason;
  // For peer_alert: the alert the peer sent; otherwise the alert to send (alert_for(code)).
  AlertDescription alert = alert_for(ErrorCode::internal);

  Error() = default;
  Error(ErrorCode c, std::string why) : code(c), reason(std::move(why)), alert(alert_for(c)) {}
  Error(ErrorCode c, std::string why, AlertDescription a)
      : code(c), reason(std::move(why)), alert(a) {}

  // "decode_error: ClientHello: truncated cipher_suites"
  std::string to_string() const;
};

}  // namespace tlspp
