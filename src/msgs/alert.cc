#include "msgs/alert.h"

namespace tlspp::msgs {

Result<Alert> Alert::decode(Bytes body) {
  codec::Reader r(body, "Alert");
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t level, r.u8());
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t description, r.u8());
  TLSPP_TRY(r.expect_empty());
  return Alert{static_cast<AlertLevel>(level), static_cast<AlertDescription>(description)};
}

void Alert::encode(codec::Writer& w) const {
  w.u8(static_cast<std::uint8_t>(level));
  w.u8(static_cast<std::uint8_t>(description));
}

}  // namespace tlspp::msgs
