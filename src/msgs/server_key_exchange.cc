#include "msgs/server_key_exchange.h"

#include <string>

namespace tlspp::msgs {

void ServerKeyExchangeEcdhe::encode_params(codec::Writer& w) const {
  w.u8(kEcCurveTypeNamedCurve);
  w.u16(static_cast<std::uint16_t>(named_group));
  write_opaque8(w, public_point);
}

Result<ByteVector> ServerKeyExchangeEcdhe::signed_data(const Random& client_random,
                                                       const Random& server_random) const {
  return encode_with([&](codec::Writer& w) {
    w.bytes(client_random);
    w.bytes(server_random);
    encode_params(w);
  });
}

Result<ServerKeyExchangeEcdhe> ServerKeyExchangeEcdhe::decode(Bytes body) {
  codec::Reader r(body, "ServerKeyExchange");
  ServerKeyExchangeEcdhe out;
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t curve_type, r.u8());
  // RFC 8422 §5.4: explicit_prime (1) and explicit_char2 (2) are deprecated; only
  // named_curve (3) remains.
  if (curve_type != kEcCurveTypeNamedCurve) {
    return Error(ErrorCode::bad_value, "ServerKeyExchange: curve type " +
                                           std::to_string(curve_type) + " is not named_curve");
  }
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t group, r.u16());
  out.named_group = static_cast<NamedGroup>(group);
  TLSPP_ASSIGN_OR_RETURN(out.public_point, read_opaque8(r, {1, 255}, "ServerKeyExchange.public"));
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t scheme, r.u16());
  out.signature_scheme = static_cast<SignatureScheme>(scheme);
  TLSPP_ASSIGN_OR_RETURN(out.signature,
                         read_opaque16(r, {0, 0xFFFF}, "ServerKeyExchange.signature"));
  TLSPP_TRY(r.expect_empty());
  return out;
}

void ServerKeyExchangeEcdhe::encode(codec::Writer& w) const {
  encode_params(w);
  w.u16(static_cast<std::uint16_t>(signature_scheme));
  write_opaque16(w, signature);
}

}  // namespace tlspp::msgs
