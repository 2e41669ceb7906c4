// Typed bodies of key_share (RFC 8446 §4.2.8) in its three forms: the ClientHello's list of
// shares, the ServerHello's one share, and the HelloRetryRequest's selected group. Key exchange
// values are owned copies and are not validated here (the crypto layer checks points).
#pragma once

#include <vector>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.2.8: struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry.
struct KeyShareEntry {
  NamedGroup group{};
  ByteVector key_exchange;

  static Result<KeyShareEntry> read(codec::Reader& r);
  void encode(codec::Writer& w) const;
  bool operator==(const KeyShareEntry&) const = default;
};

// RFC 8446 §4.2.8: KeyShareEntry client_shares<0..2^16-1> (may be empty, to ask for an HRR).
// decode() refuses two shares for one group with ErrorCode::bad_value (illegal_parameter; RFC 8446
// §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values for the same group ... Servers MAY
// check for violations of these rules and abort the handshake with an "illegal_parameter" alert").
struct KeyShareClientHello {
  static constexpr ExtensionType kType = ExtensionType::key_share;
  std::vector<KeyShareEntry> client_shares;

  // The share for `group`, or nullptr (valid while this object is unchanged).
  const KeyShareEntry* find(NamedGroup group) const;

  static Result<KeyShareClientHello> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const KeyShareClientHello&) const = default;
};

// RFC 8446 §4.2.8: KeyShareEntry server_share.
struct KeyShareServerHello {
  static constexpr ExtensionType kType = ExtensionType::key_share;
  KeyShareEntry server_share;

  static Result<KeyShareServerHello> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const KeyShareServerHello&) const = default;
};

// RFC 8446 §4.2.8: NamedGroup selected_group (in a HelloRetryRequest).
struct KeyShareHelloRetryRequest {
  static constexpr ExtensionType kType = ExtensionType::key_share;
  NamedGroup selected_group{};

  static Result<KeyShareHelloRetryRequest> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const KeyShareHelloRetryRequest&) const = default;
};

}  // namespace tlspp::msgs
