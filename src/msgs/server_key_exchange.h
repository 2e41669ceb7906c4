// ServerKeyExchange for TLS 1.2 ECDHE (RFC 8422 §5.4, RFC 5246 §7.4.3):
//   struct {
//     ECParameters curve_params;   // ECCurveType curve_type = named_curve (3); NamedCurve
//     namedcurve ECPoint public;              // opaque point<1..2^8-1>
//   } ServerECDHParams;
//   struct {
//     ServerECDHParams params;
//     digitally-signed struct { ... } signed_params;  // SignatureAndHashAlgorithm algorithm;
//                                                    // opaque signature<0..2^16-1>
//   } ServerKeyExchange;
#pragma once

#include <cstdint>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8422 §5.4: the only curve type still defined.
inline constexpr std::uint8_t kEcCurveTypeNamedCurve = 3;

struct ServerKeyExchangeEcdhe {
  static constexpr HandshakeType kType = HandshakeType::server_key_exchange;
  NamedGroup named_group{};
  ByteVector public_point;
  SignatureScheme signature_scheme{};
  ByteVector signature;

  // Writes ServerECDHParams (curve type, group, point).
  void encode_params(codec::Writer& w) const;
  // The bytes the server signs (RFC 8422 §5.4, RFC 5246 §7.4.3):
  // ClientHello.random + ServerHello.random + ServerECDHParams.
  Result<ByteVector> signed_data(const Random& client_random, const Random& server_random) const;

  // Failures: truncated / trailing_data / empty_list (decode_error); bad_value
  // (illegal_parameter) for a curve type other than named_curve (RFC 8422 §5.4: explicit curves
  // are deprecated).
  static Result<ServerKeyExchangeEcdhe> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const ServerKeyExchangeEcdhe&) const = default;
};

}  // namespace tlspp::msgs
