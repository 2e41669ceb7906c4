#include "msgs/end_of_early_data.h"

namespace tlspp::msgs {

Result<EndOfEarlyData> EndOfEarlyData::decode(Bytes body) {
  TLSPP_TRY(expect_empty_body(body, "EndOfEarlyData"));
  return EndOfEarlyData{};
}

}  // namespace tlspp::msgs
