// RFC 5246 §7.4.5: struct { } ServerHelloDone; ends the server's TLS 1.2 first flight.
#pragma once

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct ServerHelloDone {
  static constexpr HandshakeType kType = HandshakeType::server_hello_done;

  // A non-empty body is ErrorCode::trailing_data (decode_error).
  static Result<ServerHelloDone> decode(Bytes body);
  void encode(codec::Writer&) const {}
  bool operator==(const ServerHelloDone&) const = default;
};

}  // namespace tlspp::msgs
