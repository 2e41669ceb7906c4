#include "msgs/message_hash.h"

#include "msgs/handshake_header.h"

namespace tlspp::msgs {

Result<MessageHash> MessageHash::decode(Bytes body) {
  return MessageHash{ByteVector(body.begin(), body.end())};
}

Result<ByteVector> encode_message_hash(Bytes client_hello1_hash) {
  return encode_handshake(
      MessageHash{ByteVector(client_hello1_hash.begin(), client_hello1_hash.end())});
}

}  // namespace tlspp::msgs
