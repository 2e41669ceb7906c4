// RFC 5246 §7.4.1.1: struct { } HelloRequest; a TLS 1.2 server's renegotiation request (tlspp
// refuses renegotiation).
#pragma once

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct HelloRequest {
  static constexpr HandshakeType kType = HandshakeType::hello_request;

  // A non-empty body is ErrorCode::trailing_data (decode_error).
  static Result<HelloRequest> decode(Bytes body);
  void encode(codec::Writer&) const {}
  bool operator==(const HelloRequest&) const = default;
};

}  // namespace tlspp::msgs
