// The seam between a handshake state machine and the Connection that drives it.
//
// A Machine consumes complete handshake messages (reassembled by the record layer) and acts on the
// connection only through HandshakeIo: it queues messages, installs record keys, reports events and
// key-log lines, and reads the configured clock. It never sees records, sockets or buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/provider.h"
#include "msgs/handshake_header.h"
#include "tlspp/connection.h"
#include "tlspp/events.h"
#include "tlspp/result.h"

namespace tlspp::handshake {

using crypto::Bytes;
using crypto::SecretBytes;

// Record protection keys for one direction, as a state machine hands them over. The receiver
// takes ownership; the machine keeps no copy of key or IV.
struct RecordKeys {
  ProtocolVersion version;
  crypto::AeadAlg aead;
  SecretBytes key;
  SecretBytes iv;     // TLS 1.3 / ChaCha20: 12 bytes; TLS 1.2 AES-GCM: the 4-byte salt
  std::string epoch;  // "handshake", "application", "early", for events
};

class HandshakeIo {
 public:
  virtual ~HandshakeIo() = default;
  // Queues one complete handshake message (header included) under the current write protection.
  virtual Status send_handshake(Bytes message) = 0;
  // Queues a ChangeCipherSpec record (always unprotected in TLS 1.3: RFC 8446 §5).
  virtual Status send_change_cipher_spec() = 0;
  // Queues a warning-level alert (TLS 1.2 only: no_renegotiation, RFC 5746 §4.4 / RFC 5246
  // §7.2.2) under the current write protection. The connection continues.
  virtual Status send_warning_alert(AlertDescription description) = 0;
  // Replaces the write or read protection; the old keys are wiped.
  virtual Status install_write_keys(RecordKeys keys) = 0;
  virtual Status install_read_keys(RecordKeys keys) = 0;
  // The negotiated version is known (the record layer's version rules and record version follow).
  virtual void set_version(ProtocolVersion version) = 0;
  // RFC 8449: the peer's record_size_limit (>= 64) bounds the plaintext of our protected records.
  virtual void set_peer_record_size_limit(std::size_t limit) = 0;
  virtual void emit(Event event) = 0;
  // True when an observer listens, so callers can skip building event fields nobody reads.
  virtual bool observed() const = 0;
  // One key log line: "<label> <client_random hex> <secret hex>" (NSS key log format).
  virtual void key_log(std::string_view label, Bytes client_random, Bytes secret) = 0;
  // Unix time in milliseconds from the configured clock.
  virtual std::int64_t now_ms() = 0;
  // RFC 8446 §4.2.10, client: queues `data` as 0-RTT application data records under the current
  // (early) write keys, after the queued handshake messages.
  virtual Status send_early_data(Bytes data) = 0;
  // RFC 8446 §4.2.10, server that rejected 0-RTT: drop the client's early data records that fail
  // to decrypt, up to `max_bytes` (too_much_early_data beyond).
  virtual void skip_early_data(std::size_t max_bytes) = 0;
  // Client after a HelloRetryRequest that ended its 0-RTT data: writes go back to plaintext.
  virtual Status clear_write_keys() = 0;
};

class Machine {
 public:
  virtual ~Machine() = default;
  // Client: builds and sends the ClientHello. Server: nothing to do.
  virtual Status start() = 0;
  // One complete handshake message. A failure ends the connection with the error's alert.
  virtual Status on_handshake(const msgs::HandshakeMessageView& message) = 0;
  // A TLS 1.2 ChangeCipherSpec record (content {0x01}) arrived: it switches the read keys. (TLS 1.3
  // compatibility ChangeCipherSpec records are dropped by the record layer while
  // compat_ccs_allowed().)
  virtual Status on_change_cipher_spec() = 0;
  // RFC 8446 §5: true between the first ClientHello and the peer's Finished, when a plaintext
  // ChangeCipherSpec {0x01} is to be dropped rather than refused.
  virtual bool compat_ccs_allowed() const = 0;
  // The handshake is complete: application data may flow both ways.
  virtual bool handshake_done() const = 0;
  // TLS 1.3 KeyUpdate (RFC 8446 §4.6.3): updates our write keys and tells the peer.
  virtual Status send_key_update(bool request_peer_update) = 0;
  // What has been negotiated so far.
  virtual const SessionInfo& info() const = 0;
  // Once handshake_done(): moves what was negotiated into `info` and returns the machine for the
  // rest of the connection, which holds only what post-handshake messages, KeyUpdate and the
  // connection's proofs need (traffic secrets, the resumption secret for tickets, the proofs) and
  // whose info() is `info` (which must outlive it). This machine is spent then: the caller
  // replaces it with the returned one (and so frees the transcript and every handshake-only
  // field). nullptr, `info` untouched, before the handshake is done and from the returned
  // machine itself.
  virtual std::unique_ptr<Machine> finish(SessionInfo& info) = 0;
  // Server: while accepted 0-RTT data may arrive (before EndOfEarlyData), how many bytes of it in
  // total are allowed; nullopt otherwise (application data before the handshake is refused).
  virtual std::optional<std::size_t> early_data_limit() const { return std::nullopt; }
};

// The machine for a client connection (`params`) / a server connection. The config, provider
// and io must outlive the machine.
std::unique_ptr<Machine> make_client(std::shared_ptr<const ClientConfig> config,
                                     crypto::Provider& provider, HandshakeIo& io,
                                     ClientParams params);
std::unique_ptr<Machine> make_server(std::shared_ptr<const ServerConfig> config,
                                     crypto::Provider& provider, HandshakeIo& io);

}  // namespace tlspp::handshake
