// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4; TLS 1.2: RFC 5246 §7.4.1.3), and the
// TLS 1.3 downgrade sentinels (RFC 8446 §4.1.3).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "codec/writer.h"
#include "msgs/extensions.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is
// SHA-256("HelloRetryRequest").
inline constexpr Random kHelloRetryRequestRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
};

// RFC 8446 §4.1.3: the last 8 bytes of ServerHello.random of a TLS 1.3-capable server that
// negotiates TLS 1.2 ("DOWNGRD\x01") or TLS 1.1 and below ("DOWNGRD\x00").
inline constexpr std::array<std::uint8_t, 8> kDowngradeSentinelTls12 = {0x44, 0x4F, 0x57, 0x4E,
                                                                        0x47, 0x52, 0x44, 0x01};
inline constexpr std::array<std::uint8_t, 8> kDowngradeSentinelTls11 = {0x44, 0x4F, 0x57, 0x4E,
                                                                        0x47, 0x52, 0x44, 0x00};

enum class DowngradeSentinel : std::uint8_t { none, tls12, tls11_or_below };

// Which sentinel, if any, ends `server_random`. A TLS 1.3 client that negotiated TLS 1.2 or below
// and finds one MUST abort with illegal_parameter (RFC 8446 §4.1.3); that check is the handshake's.
DowngradeSentinel downgrade_sentinel(const Random& server_random);

// struct {
//   ProtocolVersion legacy_version = 0x0303;
//   Random random;
//   opaque legacy_session_id_echo<0..32>;
//   CipherSuite cipher_suite;
//   uint8 legacy_compression_method = 0;
//   Extension extensions<6..2^16-1>;   // may be absent entirely in a TLS 1.2 ServerHello
// } ServerHello;
//
// legacy_compression_method is not a field: tlspp never offers compression, so decode() refuses
// any value but 0 (ErrorCode::bad_value, illegal_parameter: RFC 8446 §4.1.3 "MUST have the value
// 0"; in TLS 1.2, RFC 5246 §7.4.1.3 requires a method the client offered, and tlspp offers only
// null) and encode() always writes 0.
struct ServerHello {
  static constexpr HandshakeType kType = HandshakeType::server_hello;

  ProtocolVersion legacy_version = ProtocolVersion::tls1_2;
  Random random{};
  ByteVector legacy_session_id_echo;
  CipherSuite cipher_suite{};
  // nullopt: no extensions block at all (a TLS 1.2 ServerHello may end after the compression
  // method), which differs from an empty block.
  std::optional<Extensions> extensions;

  // RFC 8446 §4.1.3: "Upon receiving a message with type server_hello, implementations MUST first
  // examine the Random value and, if it matches this value, process it as described in
  // Section 4.1.4".
  bool is_hello_retry_request() const { return random == kHelloRetryRequestRandom; }

  // The extension of `type`, or nullptr.
  const Extension* find_extension(ExtensionType type) const;

  // Decodes a ServerHello body (after the 4-byte header). When the message is a TLS 1.3 one (a
  // HelloRetryRequest, or a ServerHello carrying supported_versions), the extensions are checked
  // against RFC 8446 §4.2's table for HRR or SH; a TLS 1.2 ServerHello's extensions are left to
  // the handshake (which refuses those the client did not offer).
  // Failures: truncated / trailing_data / bad_list_length (decode_error); bad_value
  // (illegal_parameter) for a compression method other than 0; duplicate_extension and
  // forbidden_extension (illegal_parameter).
  static Result<ServerHello> decode(Bytes body);
  // Writes the body.
  void encode(codec::Writer& w) const;

  bool operator==(const ServerHello&) const = default;
};

}  // namespace tlspp::msgs
