// RecordDeframer: cuts a byte stream into TLS records (RFC 8446 §5.1, RFC 5246 §6.2).
//
// It buffers at most one record (header + body, kMaxRecordSize bytes): feed() takes only the bytes
// the current record still needs and returns how many it took, so the caller keeps the rest and
// feeds it after draining the record with next_record(). Input may arrive in chunks of any size,
// down to one byte.
//
// Checks made here are the ones that do not depend on the connection's state (so they are right
// whenever the header arrives): a known content type (RFC 8446 §5: unexpected_message), a TLS
// major version of 3, a length no state could accept (record_overflow), and recognisable non-TLS
// input (plaintext HTTP, SSL 2.0 ClientHello) with a reason that says what the peer spoke. The
// state-dependent limits (2^14 plaintext, 2^14 + 256 for TLS 1.3 ciphertext, the negotiated record
// version) are RecordLayer's, applied when the record is processed.
//
// After an error the deframer stays failed: every later call returns the same error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "record/record_types.h"
#include "tlspp/result.h"

namespace tlspp::record {

class RecordDeframer {
 public:
  RecordDeframer() = default;

  // Copies as many leading bytes of `input` as the current record still needs (0 while a complete
  // record waits to be taken by next_record()). Returns the count taken. Fails once a header is
  // complete and invalid: ErrorCode::unexpected_message (unknown content type), plaintext_http,
  // protocol_version (major version not 3, SSL 2.0 record), record_overflow (length over
  // 2^14 + 2048).
  Result<std::size_t> feed(Bytes input);

  // Zero-copy input: the space where the next bytes of the current record go (exactly
  // bytes_wanted() bytes; empty while a complete record waits). Write received bytes into a prefix
  // of it and call commit() with their count. Invalidated by any other call.
  MutableBytes input_space();
  // Accepts `n` bytes written into input_space() (n <= its size), with the checks of feed().
  Status commit(std::size_t n);

  // The complete record, once all its bytes are buffered; each record is returned once. nullopt
  // while the record is incomplete. The views alias the internal buffer and are valid until the
  // next feed() / commit() / release_memory().
  std::optional<RawRecord> next_record();

  // How many more bytes the current record needs (5 for a fresh header; 0 while a complete record
  // waits to be taken).
  std::size_t bytes_wanted() const;
  // True when part of a record is buffered: at end of stream this means the peer's data was
  // truncated mid-record.
  bool has_partial_record() const { return filled_ > 0 && !complete(); }
  // The error this deframer failed with, if it did.
  const std::optional<Error>& error() const { return error_; }

  // Frees the buffer when no record is in progress (an idle connection holds no record memory).
  void release_memory();

  // Hands the buffer holding the record next_record() returned to the caller in exchange for
  // `spare` (its contents are discarded; its size is kept, so a spare as large as the records
  // received lets the next record arrive without an allocation). The views next_record() returned
  // then point into `spare`'s new contents. False (nothing exchanged) unless a returned record is
  // buffered and nothing else is.
  bool exchange_buffer(std::vector<std::uint8_t>& spare);
  // True when `bytes` lies inside the buffer (a view next_record() returned, or part of one).
  bool buffer_holds(Bytes bytes) const;

 private:
  bool header_complete() const { return filled_ >= kHeaderSize; }
  bool complete() const { return header_complete() && filled_ == kHeaderSize + body_length_; }
  // Drops a record that next_record() already returned, and allocates the header's room on first
  // use (check_header() grows the buffer to the record's size).
  void start_next_record();
  // Validates the header once its 5 bytes are buffered; sets body_length_.
  Status check_header();
  Status fail(Error e);

  std::vector<std::uint8_t> buf_;  // the largest record seen so far (<= kMaxRecordSize)
  std::size_t filled_ = 0;         // bytes of the current record buffered
  std::size_t body_length_ = 0;    // valid once the header is complete
  bool taken_ = false;             // next_record() returned the buffered record
  std::optional<Error> error_;
};

}  // namespace tlspp::record
