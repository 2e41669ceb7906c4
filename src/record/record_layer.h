// RecordLayer: the per-connection record layer, sans-I/O (RFC 8446 §5, RFC 5246 §6.2).
//
// It owns the deframer, the handshake reassembler and fragmenter, and the current read and write
// protection: plaintext before keys, then TLS 1.3 or TLS 1.2 AEAD. The handshake layer installs
// keys (set_read_keys / set_write_keys); the previous protection object is destroyed with its key
// material at once.
//
// Input: feed() received bytes (or write them into input_space() and commit_input()), then drain
// next() until it yields nullopt. next() returns complete handshake messages (reassembled across
// and split out of records) and the content of alert, application data and TLS 1.2
// change_cipher_spec records, after deprotection and the record rules of RFC 8446 §5 / RFC 5246
// §6.2. Views returned alias internal buffers and are valid until the next call to feed(),
// commit_input() or next().
//
// Output: seal_record() / seal_records() append protected records to a caller-owned OutputBuffer;
// queue_handshake() + flush_handshake() coalesce and fragment handshake messages.
//
// In steady state (application data under fixed keys) nothing is allocated: records are decrypted
// in place in the deframer's buffer and sealed from the caller's data into the output buffer.
//
// Errors are sticky on the read side: after next() / feed() failed, every later read call returns
// the same error, whose alert (Error::alert) the connection sends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <variant>
#include <vector>

#include "record/deframer.h"
#include "record/handshake_fragmenter.h"
#include "record/handshake_reassembler.h"
#include "record/output_buffer.h"
#include "record/record_types.h"
#include "record/tls12_protection.h"
#include "record/tls13_protection.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::record {

// How many zero bytes of TLS 1.3 padding (RFC 8446 §5.4) to add to a record of `content_len`
// bytes; the result is clamped to `max_padding` (what the record size limit leaves).
using PaddingPolicy =
    std::function<std::size_t(ContentType type, std::size_t content_len, std::size_t max_padding)>;

// A policy that pads content + padding up to a multiple of `block` bytes (block > 0).
PaddingPolicy pad_to_multiple_of(std::size_t block);

// One record as it crossed the wire, for observers: `outer` is the header's type (application_data
// for every protected TLS 1.3 record), `inner` the real content type, `wire_length` header +
// fragment.
struct RecordTrace {
  bool sent;
  ContentType outer;
  ContentType inner;
  std::size_t wire_length;
};
using RecordTracer = std::function<void(const RecordTrace&)>;

struct RecordLayerConfig {
  // Largest handshake message body accepted (HandshakeReassembler).
  std::size_t max_handshake_message_size = HandshakeReassembler::kDefaultMaxMessageSize;
  // Consecutive records that carry no data (empty application data, dropped compatibility
  // change_cipher_spec, and what note_record_without_progress() reports) allowed before the
  // connection fails with too_many_empty_records.
  std::size_t max_records_without_progress = 32;
  // Largest content per outgoing record (also bounded by 2^14 and the peer's record_size_limit).
  std::size_t max_fragment_size = kMaxPlaintext;
  // TLS 1.3 padding for outgoing protected records; none when empty.
  PaddingPolicy padding;
  // Told about every record sealed, and every record received that opened (also those dropped:
  // TLS 1.3 compatibility change_cipher_spec, skipped early data). None when empty.
  RecordTracer tracer;
};

// One unit of input for the layers above.
struct Inbound {
  // handshake: one complete handshake message; alert, application_data: one record's content;
  // change_cipher_spec: one TLS 1.2 ChangeCipherSpec record's content (never in TLS 1.3, where
  // the compatibility record is dropped here).
  ContentType type;
  // The record content, or for handshake the whole encoded message (header + body).
  Bytes content;
  // For handshake only: the message's type and body.
  HandshakeType handshake_type = HandshakeType::hello_request;
  Bytes handshake_body;
};

class RecordLayer {
 public:
  explicit RecordLayer(RecordLayerConfig config = {});

  // ---- Input ---------------------------------------------------------------------------------

  // Takes as many leading bytes of `input` as the current record still needs and returns how
  // many it took; call next() and feed the rest. Errors: see RecordDeframer::feed.
  Result<std::size_t> feed(Bytes input);
  // Zero-copy input (see RecordDeframer::input_space / commit).
  MutableBytes input_space() { return deframer_.input_space(); }
  Status commit_input(std::size_t n);
  // Bytes the current record still needs.
  std::size_t bytes_wanted() const { return deframer_.bytes_wanted(); }

  // The next complete handshake message or non-handshake record content; nullopt when more input
  // is needed. Errors (the alert is Error::alert):
  //   unexpected_message: handshake/alert/change_cipher_spec record with empty content (RFC 8446
  //     §5.4, RFC 5246 §6.2.1), application data before keys, a plaintext record where protected
  //     records are expected, a protected or non-0x01 change_cipher_spec (RFC 8446 §5), a record
  //     interleaved into a fragmented handshake message (RFC 8446 §5.1), all-zero inner plaintext;
  //   record_overflow: plaintext over 2^14, TLS 1.3 ciphertext over 2^14 + 256, a record over the
  //     record_size_limit this endpoint advertised (RFC 8449 §4);
  //   bad_record_mac, protocol_version (TLS 1.2 record version not 0x0303),
  //   handshake_message_too_large, too_many_empty_records, too_much_early_data,
  //   sequence_exhausted.
  Result<std::optional<Inbound>> next();

  // Zero-copy delivery of application data: exchanges the buffer that holds `content` (the content
  // of the record next() just returned, decrypted in place) for `spare` and returns where the
  // content starts in it; `spare` takes the deframer's place (see RecordDeframer::exchange_buffer:
  // its size is kept, so steady-state traffic between two such buffers allocates nothing).
  // nullopt, with nothing exchanged, when `content` is not in the deframer's buffer or the buffer
  // holds more than that record.
  std::optional<std::size_t> take_record_buffer(Bytes content, std::vector<std::uint8_t>& spare);

  // The upper layer reports a record that carried no progress (a TLS 1.2 warning alert, ...).
  // too_many_empty_records once more than max_records_without_progress such records arrived in
  // a row.
  Status note_record_without_progress();
  // Consecutive records without progress so far.
  std::size_t records_without_progress() const { return records_without_progress_; }

  // True when part of a record or of a handshake message is buffered (at end of stream: the peer's
  // data was truncated).
  bool has_partial_input() const { return deframer_.has_partial_record() || !reassembler_.empty(); }

  // ---- Output --------------------------------------------------------------------------------

  // Appends one record holding `content` to `out`, protected with the current write keys (a TLS
  // 1.3 change_cipher_spec always goes out in plaintext, RFC 8446 §5). invalid_argument when the
  // content exceeds max_content_size() or is empty for a type other than application_data (RFC
  // 8446 §5.1); sequence_exhausted when the write key is used up. `out` is left as it was on
  // failure. `content` must not point into `out`. The content is encrypted straight from
  // `content` into `out` (OutputBuffer adds the room without filling it).
  Status seal_record(ContentType type, Bytes content, OutputBuffer& out);
  // Appends `data` cut into as many records as needed (none for empty data). On failure the
  // records sealed before it stay in `out` (their sequence numbers are spent).
  Status seal_records(ContentType type, Bytes data, OutputBuffer& out);
  // The same appending to a std::vector (through a temporary OutputBuffer: allocates; for tests
  // and tools, not the connection's record path).
  Status seal_record(ContentType type, Bytes content, std::vector<std::uint8_t>& out);
  Status seal_records(ContentType type, Bytes data, std::vector<std::uint8_t>& out);
  // Largest content one outgoing record of `type` can carry now: config max_fragment_size, 2^14,
  // and for protected records the peer's record_size_limit (RFC 8449 §4).
  std::size_t max_content_size(ContentType type) const;

  // Handshake output: queue encoded messages, then flush them into as few records as
  // max_content_size() allows.
  void queue_handshake(Bytes encoded_message) { fragmenter_.add(encoded_message); }
  Status flush_handshake(OutputBuffer& out);
  Status flush_handshake(std::vector<std::uint8_t>& out);
  bool has_queued_handshake() const { return !fragmenter_.empty(); }

  // True when the write key should be replaced by a KeyUpdate (RFC 8446 §5.5).
  bool needs_key_update() const;

  // ---- State changes from the handshake layer -------------------------------------------------

  // The negotiated version: tls1_3 or tls1_2. Selects the record-version rules (TLS 1.2: received
  // records must carry 0x0303; TLS 1.3: ignored, RFC 8446 §5.1) and the version written (0x0301
  // before, for an initial ClientHello; 0x0303 after).
  void set_negotiated_version(ProtocolVersion version);

  // Install new read keys. unexpected_message if handshake bytes are buffered that do not end on
  // the record boundary before the key change (RFC 8446 §5.1). The previous protection is
  // destroyed (its key material wiped).
  Status set_read_keys(Tls13RecordProtection protection);
  Status set_read_keys(Tls12RecordProtection protection);
  // Install new write keys. internal if queued handshake messages were not flushed first.
  Status set_write_keys(Tls13RecordProtection protection);
  Status set_write_keys(Tls12RecordProtection protection);
  // Back to plaintext writes: a TLS 1.3 client that sent 0-RTT data and got a HelloRetryRequest
  // sends its second ClientHello unprotected (RFC 8446 §4.1.4, §4.2.10).
  Status clear_write_keys() { return set_write(std::monostate{}); }

  // RFC 8446 §5: while enabled (from the first ClientHello until the peer's Finished), a plaintext
  // change_cipher_spec record consisting of the single byte 0x01 is dropped; any other
  // change_cipher_spec is unexpected_message. While disabled in TLS 1.3, every change_cipher_spec
  // is unexpected_message; in TLS 1.2 it is delivered to the handshake layer.
  void allow_tls13_compat_ccs(bool allowed) { compat_ccs_allowed_ = allowed; }

  // RFC 8446 §4.2.10: a server that rejected 0-RTT skips the client's early data: application
  // data records that fail to decrypt (or, after a HelloRetryRequest, every application data
  // record before keys) are dropped, up to `max_bytes` of early data in total
  // (too_much_early_data beyond). Skipping ends with the first record that is accepted.
  void skip_undecryptable_records(std::size_t max_bytes);
  bool skipping_undecryptable_records() const { return skip_limit_.has_value(); }

  // RFC 8449: the peer's record_size_limit bounds the plaintext of our protected records (TLS 1.3:
  // including content type and padding). `limit` >= 64.
  void set_write_record_size_limit(std::size_t limit) { write_size_limit_ = limit; }
  // The record_size_limit we advertised: protected records from the peer over it are
  // record_overflow (RFC 8449 §4).
  void set_read_record_size_limit(std::size_t limit) { read_size_limit_ = limit; }

  // ---- Introspection ---------------------------------------------------------------------------

  // Sequence numbers of the current keys (0 while plaintext).
  std::uint64_t read_sequence() const;
  std::uint64_t write_sequence() const;
  bool read_protected() const { return !std::holds_alternative<std::monostate>(read_); }
  bool write_protected() const { return !std::holds_alternative<std::monostate>(write_); }

  // Frees idle buffers (no partial record or message is dropped) and both directions' keyed
  // AEADs (the keys are kept: the next record in a direction re-keys its AEAD, see AeadSlot).
  void release_memory();
  // True while the read / write protection holds its keyed AEAD (false after release_memory()
  // until the next record in that direction; false while plaintext).
  bool read_aead_held() const;
  bool write_aead_held() const;
  // Frees the handshake buffers (reassembler, fragmenter) when they hold nothing: once the
  // handshake is done they are needed again only for post-handshake messages.
  void release_handshake_memory();

 private:
  using Protection = std::variant<std::monostate, Tls13RecordProtection, Tls12RecordProtection>;

  Result<std::optional<Inbound>> next_impl();
  // seal_record() once its size and emptiness checks passed.
  Status seal_checked(ContentType type, Bytes content, OutputBuffer& out);
  // Deprotects one record and applies the per-record rules; nullopt when the record is dropped.
  Result<std::optional<OpenedRecord>> unprotect(const RawRecord& raw);
  Result<std::optional<OpenedRecord>> unprotect_tls13_ccs(const RawRecord& raw);
  // Drops an early-data record while skipping (RFC 8446 §4.2.10).
  Result<std::optional<OpenedRecord>> skip_early_data(const RawRecord& raw);
  Status no_progress(std::string_view what);
  Status set_read(Protection protection);
  Status set_write(Protection protection);
  // Records `error` as the read side's sticky error and returns it.
  Error fail(Error error);

  RecordLayerConfig config_;
  RecordDeframer deframer_;
  HandshakeReassembler reassembler_;
  HandshakeFragmenter fragmenter_;
  Protection read_;
  Protection write_;
  std::optional<ProtocolVersion> version_;
  std::uint16_t write_version_ = kRecordVersionTls10;
  bool compat_ccs_allowed_ = false;
  std::optional<std::size_t> skip_limit_;  // set while skipping undecryptable early data
  std::size_t skipped_bytes_ = 0;
  std::size_t records_without_progress_ = 0;
  std::size_t write_size_limit_ = SIZE_MAX;
  std::size_t read_size_limit_ = SIZE_MAX;
  std::optional<Error> error_;
};

}  // namespace tlspp::record
