// The synthetic message_hash message (RFC 8446 §4.4.1): after a HelloRetryRequest, ClientHello1
// in the transcript is replaced by
//   message_hash (254) || 00 00 Hash.length || Hash(ClientHello1).
// tlspp's msgs layer does no hashing: the caller passes Hash(ClientHello1).
#pragma once

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct MessageHash {
  static constexpr HandshakeType kType = HandshakeType::message_hash;
  ByteVector hash;  // Hash(ClientHello1)

  // The body is the hash (never sent on the wire; decode() exists for tests and tools).
  static Result<MessageHash> decode(Bytes body);
  void encode(codec::Writer& w) const { w.bytes(hash); }
  bool operator==(const MessageHash&) const = default;
};

// The whole synthetic message (4-byte header and hash) for `client_hello1_hash`.
Result<ByteVector> encode_message_hash(Bytes client_hello1_hash);

}  // namespace tlspp::msgs
