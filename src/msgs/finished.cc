#include "msgs/finished.h"

namespace tlspp::msgs {

Result<Finished> Finished::decode(Bytes body, std::size_t verify_data_length) {
  codec::Reader r(body, "Finished");
  TLSPP_ASSIGN_OR_RETURN(Bytes verify_data, r.take(verify_data_length));
  TLSPP_TRY(r.expect_empty());
  return Finished{ByteVector(verify_data.begin(), verify_data.end())};
}

}  // namespace tlspp::msgs
