#include "msgs/key_update.h"

#include <string>

namespace tlspp::msgs {

Result<KeyUpdate> KeyUpdate::decode(Bytes body) {
  codec::Reader r(body, "KeyUpdate");
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t value, r.u8());
  TLSPP_TRY(r.expect_empty());
  const auto request = static_cast<KeyUpdateRequest>(value);
  switch (request) {
    case KeyUpdateRequest::update_not_requested:
    case KeyUpdateRequest::update_requested: return KeyUpdate{request};
    default:
      // RFC 8446 §4.6.3: "If an implementation receives any other value, it MUST terminate the
      // connection with an "illegal_parameter" alert."
      return Error(ErrorCode::bad_value,
                   "KeyUpdate: request_update " + std::to_string(value) + " is neither 0 nor 1");
  }
}

}  // namespace tlspp::msgs
