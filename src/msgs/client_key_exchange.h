// ClientKeyExchange for TLS 1.2 (RFC 5246 §7.4.7). Its body depends on the negotiated key
// exchange, which the decoder cannot tell from the bytes: the caller says which it expects.
#pragma once

#include <cstdint>
#include <variant>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8422 §5.7: struct { ECPoint ecdh_Yc; } ClientECDiffieHellmanPublic;
// ECPoint is opaque point<1..2^8-1>.
struct ClientKeyExchangeEcdhe {
  static constexpr HandshakeType kType = HandshakeType::client_key_exchange;
  ByteVector public_point;

  // Failures: truncated / trailing_data / empty_list (decode_error).
  static Result<ClientKeyExchangeEcdhe> decode(Bytes body);
  void encode(codec::Writer& w) const { write_opaque8(w, public_point); }
  bool operator==(const ClientKeyExchangeEcdhe&) const = default;
};

// RFC 5246 §7.4.7.1: public-key-encrypted PreMasterSecret pre_master_secret, encoded as
// opaque<0..2^16-1>.
struct ClientKeyExchangeRsa {
  static constexpr HandshakeType kType = HandshakeType::client_key_exchange;
  ByteVector encrypted_pre_master_secret;

  // Failures: truncated / trailing_data (decode_error).
  static Result<ClientKeyExchangeRsa> decode(Bytes body);
  void encode(codec::Writer& w) const { write_opaque16(w, encrypted_pre_master_secret); }
  bool operator==(const ClientKeyExchangeRsa&) const = default;
};

enum class KeyExchangeKind : std::uint8_t { ecdhe, rsa };

using ClientKeyExchange = std::variant<ClientKeyExchangeEcdhe, ClientKeyExchangeRsa>;

// Decodes `body` as the form `kind` expects.
Result<ClientKeyExchange> decode_client_key_exchange(Bytes body, KeyExchangeKind kind);

}  // namespace tlspp::msgs
