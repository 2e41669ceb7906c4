// Extension blocks (RFC 8446 §4.2) and the table of which TLS 1.3 message may carry which
// extension. A block is decoded into an ordered list of (type, body) entries: order is kept (the
// ClientHello's pre_shared_key must be last), duplicates are refused, and unknown types are kept so
// that callers can ignore them. Typed bodies are decoded on demand by the ext_*.h codecs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "codec/reader.h"
#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// One extension as it appears on the wire. The body is an owned copy (extension bodies are
// small; owning them lets decoded messages outlive the record buffer).
struct Extension {
  ExtensionType type{};
  ByteVector body;

  bool operator==(const Extension&) const = default;
};

// The messages of RFC 8446 §4.2's table: CH, SH, EE, CT, CR, NST, HRR.
enum class ExtensionContext : std::uint8_t {
  client_hello,
  server_hello,
  encrypted_extensions,
  certificate,
  certificate_request,
  new_session_ticket,
  hello_retry_request,
};

// "CH", "SH", "EE", "CT", "CR", "NST", "HRR".
std::string_view name_of(ExtensionContext context);

// A set of ExtensionContext values as bits.
using ContextSet = std::uint8_t;
constexpr ContextSet bit(ExtensionContext c) {
  return static_cast<ContextSet>(1u << static_cast<unsigned>(c));
}

struct ExtensionPermission {
  ExtensionType type;
  ContextSet contexts;
};

namespace detail {
inline constexpr ContextSet CH = bit(ExtensionContext::client_hello);
inline constexpr ContextSet SH = bit(ExtensionContext::server_hello);
inline constexpr ContextSet EE = bit(ExtensionContext::encrypted_extensions);
inline constexpr ContextSet CT = bit(ExtensionContext::certificate);
inline constexpr ContextSet CR = bit(ExtensionContext::certificate_request);
inline constexpr ContextSet NST = bit(ExtensionContext::new_session_ticket);
inline constexpr ContextSet HRR = bit(ExtensionContext::hello_retry_request);
}  // namespace detail

// RFC 8446 §4.2, the "TLS 1.3" column: the messages in which each recognized extension may appear.
// Extensions registered after RFC 8446 follow their RFC's column (record_size_limit: RFC 8449 §7;
// compress_certificate: RFC 8879 §7.1). Extensions that TLS 1.3 does not use ("-" in the IANA
// registry: ec_point_formats, encrypt_then_mac, extended_master_secret, session_ticket,
// renegotiation_info) may only appear in a ClientHello, which also offers TLS 1.2.
inline constexpr auto kTls13ExtensionTable = [] {
  using namespace detail;
  using T = ExtensionType;
  return std::to_array<ExtensionPermission>({
      {T::server_name, CH | EE},
      {T::max_fragment_length, CH | EE},
      {T::status_request, CH | CR | CT},
      {T::supported_groups, CH | EE},
      {T::signature_algorithms, CH | CR},
      {T::use_srtp, CH | EE},
      {T::heartbeat, CH | EE},
      {T::application_layer_protocol_negotiation, CH | EE},
      {T::signed_certificate_timestamp, CH | CR | CT},
      {T::client_certificate_type, CH | EE},
      {T::server_certificate_type, CH | EE},
      {T::padding, CH},
      {T::key_share, CH | SH | HRR},
      {T::pre_shared_key, CH | SH},
      {T::psk_key_exchange_modes, CH},
      {T::early_data, CH | EE | NST},
      {T::cookie, CH | HRR},
      {T::supported_versions, CH | SH | HRR},
      {T::certificate_authorities, CH | CR},
      {T::oid_filters, CR},
      {T::post_handshake_auth, CH},
      {T::signature_algorithms_cert, CH | CR},
      {T::record_size_limit, CH | EE},
      {T::compress_certificate, CH | CR},
      {T::ec_point_formats, CH},
      {T::encrypt_then_mac, CH},
      {T::extended_master_secret, CH},
      {T::session_ticket, CH},
      {T::renegotiation_info, CH},
  });
}();

// The messages where `type` may appear in TLS 1.3, or nullopt for a type tlspp does not recognize
// (such extensions are not restricted here; RFC 8446 §4.2 leaves them to be ignored).
constexpr std::optional<ContextSet> tls13_contexts_of(ExtensionType type) {
  for (const ExtensionPermission& p : kTls13ExtensionTable) {
    if (p.type == type) return p.contexts;
  }
  return std::nullopt;
}

// True when `type` may appear in `context` (always true for unrecognized types).
constexpr bool tls13_permitted(ExtensionType type, ExtensionContext context) {
  const std::optional<ContextSet> contexts = tls13_contexts_of(type);
  return !contexts || (*contexts & bit(context)) != 0;
}

// A decoded extension block: Extension extensions<0..2^16-1> (RFC 8446 §4.2), in wire order.
struct Extensions {
  std::vector<Extension> entries;

  // Decodes a u16-length-prefixed block from `r`. Failure: ErrorCode::truncated /
  // trailing_data (decode_error) for a malformed block; ErrorCode::duplicate_extension
  // (illegal_parameter) when a type appears twice (RFC 8446 §4.2: "There MUST NOT be more than one
  // extension of the same type in a given extension block"). O(n log n) in the entry count.
  static Result<Extensions> read(codec::Reader& r, std::string_view what);
  // Same, for a block's contents without the length prefix.
  static Result<Extensions> decode_entries(Bytes entries, std::string_view what);

  // Writes the block with its u16 length prefix.
  void encode(codec::Writer& w) const;

  // ErrorCode::forbidden_extension (illegal_parameter) for the first recognized extension that
  // RFC 8446 §4.2's table does not list for `context`; `what` names the message in the reason.
  Status check_tls13_context(ExtensionContext context, std::string_view what) const;

  // The entry of `type`, or nullptr. The pointer is valid while this block is unchanged.
  const Extension* find(ExtensionType type) const;
  bool contains(ExtensionType type) const { return find(type) != nullptr; }
  bool empty() const { return entries.empty(); }

  bool operator==(const Extensions&) const = default;
};

// Builds an Extension from a typed body: `body.encode(writer)` writes the extension_data.
template <class Body>
Result<Extension> make_extension(ExtensionType type, const Body& body) {
  TLSPP_ASSIGN_OR_RETURN(ByteVector bytes, encode_with([&](codec::Writer& w) { body.encode(w); }));
  return Extension{type, std::move(bytes)};
}
// The same for bodies that name their type as Body::kType.
template <class Body>
Result<Extension> make_extension(const Body& body) {
  return make_extension(Body::kType, body);
}

}  // namespace tlspp::msgs
