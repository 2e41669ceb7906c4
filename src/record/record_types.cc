#include "record/record_types.h"

#include <string>

namespace tlspp::record {

Result<std::uint64_t> SequenceNumber::current(std::string_view direction) const {
  if (exhausted_) {
    // RFC 8446 §5.3: sequence numbers MUST NOT wrap; the connection must rekey or close.
    return Error(ErrorCode::sequence_exhausted,
                 std::string(direction) + " sequence number exhausted: all 2^64 values were used");
  }
  return next_;
}

}  // namespace tlspp::record
