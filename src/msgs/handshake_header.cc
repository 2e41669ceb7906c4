#include "msgs/handshake_header.h"

namespace tlspp::msgs {

Result<HandshakeHeader> read_handshake_header(codec::Reader& r) {
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t type, r.u8());
  TLSPP_ASSIGN_OR_RETURN(std::uint32_t length, r.u24());
  return HandshakeHeader{static_cast<HandshakeType>(type), length};
}

Result<HandshakeMessageView> read_handshake_message(codec::Reader& r) {
  const Bytes start = r.rest();
  TLSPP_ASSIGN_OR_RETURN(HandshakeHeader header, read_handshake_header(r));
  TLSPP_ASSIGN_OR_RETURN(Bytes body, r.take(header.length));
  return HandshakeMessageView{header.type, body, start.first(kHandshakeHeaderSize + body.size())};
}

Result<HandshakeMessageView> split_handshake_message(Bytes encoded) {
  codec::Reader r(encoded, "handshake message");
  TLSPP_ASSIGN_OR_RETURN(HandshakeMessageView view, read_handshake_message(r));
  TLSPP_TRY(r.expect_empty());
  return view;
}

}  // namespace tlspp::msgs
