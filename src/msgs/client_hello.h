// ClientHello (RFC 8446 §4.1.2; the same structure is TLS 1.2's, RFC 5246 §7.4.1.2).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "codec/writer.h"
#include "msgs/extensions.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// struct {
//   ProtocolVersion legacy_version;
//   Random random;
//   opaque legacy_session_id<0..32>;
//   CipherSuite cipher_suites<2..2^16-2>;
//   opaque legacy_compression_methods<1..2^8-1>;
//   Extension extensions<8..2^16-1>;   // may be absent entirely in a TLS 1.2-style hello
// } ClientHello;
//
// All fields are owned. The transcript hashes the bytes as received
// (HandshakeMessageView::encoded), never a re-encoding; decode() accepts only canonical encodings,
// so encode() of a decoded hello reproduces its body byte for byte.
struct ClientHello {
  static constexpr HandshakeType kType = HandshakeType::client_hello;

  ProtocolVersion legacy_version = ProtocolVersion::tls1_2;
  Random random{};
  ByteVector legacy_session_id;
  std::vector<CipherSuite> cipher_suites;
  // Kept as sent; the handshake requires exactly {null} for TLS 1.3 (RFC 8446 §4.1.2).
  ByteVector legacy_compression_methods;
  // nullopt: the hello ended after the compression methods (no extensions block at all), which
  // differs from an empty block.
  std::optional<Extensions> extensions;

  // The extension of `type`, or nullptr.
  const Extension* find_extension(ExtensionType type) const;

  // Decodes a ClientHello body (after the 4-byte header).
  // Failures: truncated / trailing_data / empty_list / bad_list_length (decode_error) for a
  // malformed body, including an empty or odd-length cipher_suites list and a session id longer
  // than 32 bytes; duplicate_extension (illegal_parameter, RFC 8446 §4.2); forbidden_extension
  // (illegal_parameter) for an extension RFC 8446 §4.2's table does not allow in a ClientHello;
  // pre_shared_key_not_last (illegal_parameter, RFC 8446 §4.2.11).
  static Result<ClientHello> decode(Bytes body);
  // Writes the body.
  void encode(codec::Writer& w) const;

  bool operator==(const ClientHello&) const = default;
};

}  // namespace tlspp::msgs
