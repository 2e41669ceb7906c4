// RFC 8446 §4.5: struct {} EndOfEarlyData; sent by the client after its 0-RTT data.
#pragma once

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct EndOfEarlyData {
  static constexpr HandshakeType kType = HandshakeType::end_of_early_data;

  // A non-empty body is ErrorCode::trailing_data (decode_error).
  static Result<EndOfEarlyData> decode(Bytes body);
  void encode(codec::Writer&) const {}
  bool operator==(const EndOfEarlyData&) const = default;
};

}  // namespace tlspp::msgs
