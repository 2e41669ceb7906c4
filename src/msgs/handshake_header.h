// Handshake message framing (RFC 8446 §4): a 1-byte HandshakeType, a 3-byte length, then the body.
// The record layer reassembles complete messages; these helpers split one into type and body and
// write a body with its header.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "codec/reader.h"
#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

inline constexpr std::size_t kHandshakeHeaderSize = 4;

struct HandshakeHeader {
  HandshakeType type{};
  std::uint32_t length = 0;  // of the body, < 2^24

  bool operator==(const HandshakeHeader&) const = default;
};

// One complete handshake message as received. All spans alias the caller's buffer: `encoded` is
// the whole message (header and body; what the transcript hashes) and `body` its body.
struct HandshakeMessageView {
  HandshakeType type{};
  Bytes body;
  Bytes encoded;
};

// Reads the 4-byte header. ErrorCode::truncated when fewer than 4 bytes remain.
Result<HandshakeHeader> read_handshake_header(codec::Reader& r);

// Reads one complete message (header and body) from `r`. ErrorCode::truncated when the body is
// incomplete.
Result<HandshakeMessageView> read_handshake_message(codec::Reader& r);

// Splits `encoded`, which must hold exactly one complete message: ErrorCode::truncated when it is
// short, ErrorCode::trailing_data when bytes follow the body.
Result<HandshakeMessageView> split_handshake_message(Bytes encoded);

// Writes the header for `type`, then the body written by `body(writer)`, patching the u24 length.
template <class F>
void write_handshake(codec::Writer& w, HandshakeType type, F&& body) {
  w.u8(static_cast<std::uint8_t>(type));
  w.prefixed(codec::Prefix::u24, std::forward<F>(body));
}

// The whole encoded message (header and body) of `message`, a message struct with
// `static constexpr HandshakeType kType` and `void encode(codec::Writer&) const` (writing the
// body). Fails only when a length overflows its prefix (ErrorCode::length_overflow).
template <class Message>
Result<ByteVector> encode_handshake(const Message& message) {
  return encode_with([&](codec::Writer& w) {
    write_handshake(w, Message::kType, [&](codec::Writer& b) { message.encode(b); });
  });
}

}  // namespace tlspp::msgs
