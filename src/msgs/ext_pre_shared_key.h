// Typed bodies of pre_shared_key (RFC 8446 §4.2.11) and early_data (RFC 8446 §4.2.10), and the
// partial ClientHello over which PSK binders are computed (RFC 8446 §4.2.11.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.2.11: struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; }.
struct PskIdentity {
  ByteVector identity;
  std::uint32_t obfuscated_ticket_age = 0;

  bool operator==(const PskIdentity&) const = default;
};

// RFC 8446 §4.2.11, the ClientHello form: PskIdentity identities<7..2^16-1>; PskBinderEntry
// binders<33..2^16-1>, each binder opaque<32..255>. decode() refuses lists of different lengths
// with ErrorCode::bad_value (illegal_parameter): each identity has exactly one binder.
struct OfferedPsks {
  static constexpr ExtensionType kType = ExtensionType::pre_shared_key;
  std::vector<PskIdentity> identities;
  std::vector<ByteVector> binders;

  // The encoded size of the binders list, its 2-byte length included. pre_shared_key is the last
  // extension of a ClientHello (RFC 8446 §4.2.11), so the binders occupy the last
  // binders_encoded_size() bytes of the ClientHello message. Fails only on a binder list too long
  // to encode (ErrorCode::length_overflow).
  Result<std::size_t> binders_encoded_size() const;

  static Result<OfferedPsks> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const OfferedPsks&) const = default;
};

// RFC 8446 §4.2.11.2: Truncate(ClientHello), the bytes the binders are computed over: the encoded
// ClientHello message (4-byte header included; `encoded_client_hello` as sent or received) without
// its binders list. `psks` is that ClientHello's pre_shared_key. The span aliases
// `encoded_client_hello`. ErrorCode::invalid_argument when the message is shorter than the binders
// (the two do not belong together).
Result<Bytes> truncate_client_hello(Bytes encoded_client_hello, const OfferedPsks& psks);

// RFC 8446 §4.2.11, the ServerHello form: uint16 selected_identity.
struct PreSharedKeyServerHello {
  static constexpr ExtensionType kType = ExtensionType::pre_shared_key;
  std::uint16_t selected_identity = 0;

  static Result<PreSharedKeyServerHello> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const PreSharedKeyServerHello&) const = default;
};

// RFC 8446 §4.2.10, the NewSessionTicket form: uint32 max_early_data_size. In ClientHello and
// EncryptedExtensions the early_data body is empty (EmptyExtension).
struct EarlyDataNewSessionTicket {
  static constexpr ExtensionType kType = ExtensionType::early_data;
  std::uint32_t max_early_data_size = 0;

  static Result<EarlyDataNewSessionTicket> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const EarlyDataNewSessionTicket&) const = default;
};

}  // namespace tlspp::msgs
