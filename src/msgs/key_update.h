// KeyUpdate (RFC 8446 §4.6.3): struct { KeyUpdateRequest request_update; } KeyUpdate;
#pragma once

#include <cstdint>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

enum class KeyUpdateRequest : std::uint8_t { update_not_requested = 0, update_requested = 1 };

struct KeyUpdate {
  static constexpr HandshakeType kType = HandshakeType::key_update;
  KeyUpdateRequest request_update = KeyUpdateRequest::update_not_requested;

  // Failures: truncated / trailing_data (decode_error); bad_value (illegal_parameter) for a value
  // other than 0 or 1 (RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST
  // terminate the connection with an "illegal_parameter" alert").
  static Result<KeyUpdate> decode(Bytes body);
  void encode(codec::Writer& w) const { w.u8(static_cast<std::uint8_t>(request_update)); }
  bool operator==(const KeyUpdate&) const = default;
};

}  // namespace tlspp::msgs
