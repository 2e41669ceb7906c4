// Finished (RFC 8446 §4.4.4: opaque verify_data[Hash.length]; RFC 5246 §7.4.9: verify_data of
// verify_data_length, 12 bytes for every TLS 1.2 suite tlspp supports).
#pragma once

#include <cstddef>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// The length of TLS 1.2's verify_data for the suites tlspp implements (RFC 5246 §7.4.9).
inline constexpr std::size_t kTls12VerifyDataLength = 12;

struct Finished {
  static constexpr HandshakeType kType = HandshakeType::finished;
  // The peer's MAC as received; the handshake compares it with ct_equal against the value it
  // computes (held in SecretBytes).
  ByteVector verify_data;

  // `verify_data_length` comes from the negotiated hash (1.3) or version (1.2). A body of another
  // length is truncated / trailing_data (decode_error).
  static Result<Finished> decode(Bytes body, std::size_t verify_data_length);
  void encode(codec::Writer& w) const { w.bytes(verify_data); }
  bool operator==(const Finished&) const = default;
};

}  // namespace tlspp::msgs
