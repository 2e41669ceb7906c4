// HandshakeReassembler: turns the contents of handshake records into complete handshake messages
// (RFC 8446 §5.1, RFC 5246 §6.2.1): a message may be fragmented across records and several may be
// coalesced in one record. It parses only the 4-byte handshake header (msg_type u8, length u24);
// bodies are the msgs layer's.
//
// Memory is bounded: one message is at most max_message_size body bytes (a peer announcing more is
// refused as soon as the header arrives), and the caller drains next() after every add(), so at
// most one message plus one record is buffered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "record/record_types.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::record {

// One complete handshake message. The spans alias the reassembler's buffer and are valid until
// the next add() (or destruction).
struct HandshakeMessage {
  HandshakeType type;
  Bytes body;     // the message body (what the msgs layer decodes)
  Bytes encoded;  // header + body: what the transcript hashes
};

class HandshakeReassembler {
 public:
  static constexpr std::size_t kHandshakeHeaderSize = 4;
  static constexpr std::size_t kDefaultMaxMessageSize = 64 * 1024;

  explicit HandshakeReassembler(std::size_t max_message_size = kDefaultMaxMessageSize)
      : max_message_size_(max_message_size) {}

  // Appends the content of one handshake record. Fails with buffer_full if the caller kept adding
  // without draining next() (more than one message and one record buffered).
  Status add(Bytes record_content);

  // The next complete message, or nullopt when the buffered bytes do not complete one.
  // ErrorCode::handshake_message_too_large as soon as a header announces a body over
  // max_message_size; the reassembler stays failed afterwards.
  Result<std::optional<HandshakeMessage>> next();

  // No bytes buffered: neither a partial message nor complete messages not yet taken.
  bool empty() const { return consumed_ == buf_.size(); }
  // Bytes buffered and not yet returned by next().
  std::size_t buffered() const { return buf_.size() - consumed_; }

  // RFC 8446 §5.1: "Handshake messages MUST NOT span key changes. Implementations MUST verify that
  // all messages immediately preceding a key change align with a record boundary; if not, then
  // they MUST terminate the connection with an unexpected_message alert." Call before installing
  // new read keys: unexpected_message unless empty().
  Status check_key_change() const;

  // RFC 8446 §5.1: "Handshake messages MUST NOT be interleaved with other record types." Call when
  // a record of another type arrives: unexpected_message while a message is incomplete or
  // complete messages of the earlier record were not taken.
  Status check_other_record(ContentType type) const;

  std::size_t max_message_size() const { return max_message_size_; }

  // Frees the buffer when empty (idle connections hold no handshake memory).
  void release_memory();

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t consumed_ = 0;  // bytes of buf_ already returned as messages
  std::size_t max_message_size_;
  std::optional<Error> error_;
};

}  // namespace tlspp::record
