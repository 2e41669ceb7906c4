// NewSessionTicket (RFC 8446 §4.6.1 for TLS 1.3; RFC 5077 §3.3 for TLS 1.2).
#pragma once

#include <cstdint>
#include <optional>

#include "codec/writer.h"
#include "msgs/extensions.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.6.1:
//   struct {
//     uint32 ticket_lifetime;
//     uint32 ticket_age_add;
//     opaque ticket_nonce<0..255>;
//     opaque ticket<1..2^16-1>;
//     Extension extensions<0..2^16-2>;
//   } NewSessionTicket;
struct NewSessionTicketTls13 {
  static constexpr HandshakeType kType = HandshakeType::new_session_ticket;
  std::uint32_t ticket_lifetime = 0;
  std::uint32_t ticket_age_add = 0;
  ByteVector ticket_nonce;
  ByteVector ticket;
  Extensions extensions;

  // The early_data extension's max_early_data_size (RFC 8446 §4.2.10), nullopt when the ticket
  // does not allow 0-RTT; a malformed early_data body is truncated / trailing_data (decode_error).
  Result<std::optional<std::uint32_t>> max_early_data_size() const;

  // Failures: truncated / trailing_data / empty_list (an empty ticket) / bad_list_length
  // (decode_error); duplicate_extension and forbidden_extension (illegal_parameter; RFC 8446
  // §4.2's NST column).
  static Result<NewSessionTicketTls13> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const NewSessionTicketTls13&) const = default;
};

// RFC 5077 §3.3: struct { uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>; }.
struct NewSessionTicketTls12 {
  static constexpr HandshakeType kType = HandshakeType::new_session_ticket;
  std::uint32_t ticket_lifetime_hint = 0;
  ByteVector ticket;

  // Failures: truncated / trailing_data (decode_error).
  static Result<NewSessionTicketTls12> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const NewSessionTicketTls12&) const = default;
};

}  // namespace tlspp::msgs
