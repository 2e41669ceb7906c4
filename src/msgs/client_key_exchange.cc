#include "msgs/client_key_exchange.h"

namespace tlspp::msgs {

Result<ClientKeyExchangeEcdhe> ClientKeyExchangeEcdhe::decode(Bytes body) {
  codec::Reader r(body, "ClientKeyExchange");
  TLSPP_ASSIGN_OR_RETURN(ByteVector point, read_opaque8(r, {1, 255}, "ClientKeyExchange.ecdh_Yc"));
  TLSPP_TRY(r.expect_empty());
  return ClientKeyExchangeEcdhe{std::move(point)};
}

Result<ClientKeyExchangeRsa> ClientKeyExchangeRsa::decode(Bytes body) {
  codec::Reader r(body, "ClientKeyExchange");
  TLSPP_ASSIGN_OR_RETURN(ByteVector encrypted,
                         read_opaque16(r, {0, 0xFFFF}, "ClientKeyExchange.pre_master_secret"));
  TLSPP_TRY(r.expect_empty());
  return ClientKeyExchangeRsa{std::move(encrypted)};
}

Result<ClientKeyExchange> decode_client_key_exchange(Bytes body, KeyExchangeKind kind) {
  switch (kind) {
    case KeyExchangeKind::ecdhe: {
      TLSPP_ASSIGN_OR_RETURN(ClientKeyExchangeEcdhe ecdhe, ClientKeyExchangeEcdhe::decode(body));
      return ClientKeyExchange(std::move(ecdhe));
    }
    case KeyExchangeKind::rsa: {
      TLSPP_ASSIGN_OR_RETURN(ClientKeyExchangeRsa rsa, ClientKeyExchangeRsa::decode(body));
      return ClientKeyExchange(std::move(rsa));
    }
    default:
      return Error(ErrorCode::invalid_argument, "ClientKeyExchange: unknown key exchange kind");
  }
}

}  // namespace tlspp::msgs
