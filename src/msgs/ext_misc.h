// Typed bodies of the small extensions: empty ones (extended_master_secret, post_handshake_auth,
// early_data in CH/EE, the server's server_name acknowledgement), renegotiation_info,
// session_ticket, record_size_limit, padding and status_request.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// An extension whose extension_data is empty: extended_master_secret (RFC 7627 §5.1),
// post_handshake_auth (RFC 8446 §4.2.6), early_data in ClientHello/EncryptedExtensions (RFC 8446
// §4.2.10), server_name in ServerHello/EncryptedExtensions (RFC 6066 §3). decode(): a non-empty
// body is ErrorCode::trailing_data (decode_error).
struct EmptyExtension {
  static Result<EmptyExtension> decode(Bytes body);
  void encode(codec::Writer&) const {}
  bool operator==(const EmptyExtension&) const = default;
};

// RFC 5746 §3.2: opaque renegotiated_connection<0..255>.
struct RenegotiationInfo {
  static constexpr ExtensionType kType = ExtensionType::renegotiation_info;
  ByteVector renegotiated_connection;

  static Result<RenegotiationInfo> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const RenegotiationInfo&) const = default;
};

// RFC 5077 §3.2: the whole extension_data is the ticket (empty to ask for one, or in the server's
// acknowledgement).
struct SessionTicketExtension {
  static constexpr ExtensionType kType = ExtensionType::session_ticket;
  ByteVector ticket;

  static Result<SessionTicketExtension> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const SessionTicketExtension&) const = default;
};

// RFC 8449 §4: uint16 RecordSizeLimit. decode(): a value below 64 is ErrorCode::bad_value
// (illegal_parameter; "An endpoint MUST treat receipt of a smaller value as a fatal error and
// generate an "illegal_parameter" alert").
struct RecordSizeLimit {
  static constexpr ExtensionType kType = ExtensionType::record_size_limit;
  static constexpr std::uint16_t kMinimum = 64;
  std::uint16_t limit = 0;

  static Result<RecordSizeLimit> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const RecordSizeLimit&) const = default;
};

// RFC 7685 §3: `length` zero bytes. decode(): a non-zero byte is ErrorCode::bad_value
// (illegal_parameter; "The client MUST fill the padding extension completely with zero bytes").
struct Padding {
  static constexpr ExtensionType kType = ExtensionType::padding;
  std::size_t length = 0;

  static Result<Padding> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const Padding&) const = default;
};

// RFC 6066 §8 / RFC 8446 §4.4.2.1: status_request is passed through as bytes (tlspp does not
// interpret the CertificateStatusRequest or the stapled response here).
struct StatusRequest {
  static constexpr ExtensionType kType = ExtensionType::status_request;
  ByteVector body;

  static Result<StatusRequest> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const StatusRequest&) const = default;
};

}  // namespace tlspp::msgs
