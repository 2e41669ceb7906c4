// Connection: one TLS connection, client or server, sans I/O. It never touches a socket or a clock
// it was not given: the caller moves bytes between the Connection and its transport.
//
//   auto conn = tlspp::Connection::client(config, "example.com").value();
//   while (!conn->handshake_done()) {
//     send_all(sock, conn->pending_output()); conn->consume_output(n);
//     conn->receive(recv_some(sock));
//   }
//   conn->write(request); ...; conn->read(buffer);
//
// Failures are values: a fatal error ends the connection, queues the alert the RFC names for it in
// pending_output(), wipes the keys, and is reported by every later call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tlspp/config.h"
#include "tlspp/events.h"
#include "tlspp/result.h"
#include "tlspp/session.h"
#include "tlspp/wire.h"

namespace tlspp {

// What was negotiated. Fields are meaningful once handshake_done().
struct SessionInfo {
  ProtocolVersion version{};
  CipherSuite cipher_suite{};
  std::optional<NamedGroup> group;  // none for TLS 1.3 psk_ke or TLS 1.2 static RSA
  // The server's signature scheme (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange), the same
  // on both sides; none when the server did not sign (PSK resumption, TLS 1.2 static RSA).
  std::optional<SignatureScheme> signature_scheme;
  // The client's CertificateVerify scheme when it authenticated with a certificate, on both sides.
  std::optional<SignatureScheme> client_signature_scheme;
  std::string alpn;
  std::string server_name;
  std::vector<std::vector<std::uint8_t>> peer_chain;  // DER, leaf first
  bool resumed = false;
  bool early_data_accepted = false;
};

// What a client connection is for, beyond its config.
struct ClientParams {
  // A DNS name or an IP literal: sent as SNI when it is a DNS name; the certificate is checked
  // against it.
  std::string server_name;
  // This server's key in config.session_store (typically "name:port"); empty: server_name.
  std::string session_key;
  // A session to offer instead of looking one up in the store (e.g. from ClientSession::parse).
  std::shared_ptr<const ClientSession> resume;
  // TLS 1.3 0-RTT (RFC 8446 §4.2.10): sent as early data right after the ClientHello when the
  // offered session's ticket allows early data (ClientSession::max_early_data() >= its size).
  // Early data can be replayed by an attacker: pass only requests that are safe to repeat. After
  // the handshake, info().early_data_accepted says whether the server took it; if not (or if it
  // was not sent), the server never saw it and the application must write() it again.
  std::vector<std::uint8_t> early_data;
};

class Connection {
 public:
  // A client connecting to `server_name` (a DNS name or an IP literal; it is sent as SNI when it is
  // a DNS name, and the certificate is checked against it). The ClientHello is built at once (in
  // pending_output()); `observer` (not owned, may be null) sees it and everything after.
  static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const ClientConfig> config,
                                                    std::string server_name,
                                                    Observer* observer = nullptr);
  static Result<std::unique_ptr<Connection>> client(std::shared_ptr<const ClientConfig> config,
                                                    ClientParams params,
                                                    Observer* observer = nullptr);
  static Result<std::unique_ptr<Connection>> server(std::shared_ptr<const ServerConfig> config,
                                                    Observer* observer = nullptr);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Hands over bytes received from the peer and processes them. Returns how many were consumed:
  // fewer than given only when decrypted application data waits to be read (read() it, then hand
  // over the rest). A fatal error returns the Error; its alert is then queued in pending_output().
  Result<std::size_t> receive(std::span<const std::uint8_t> bytes);

  // Zero-copy input, the receiving counterpart of pending_output() / consume_output(): the
  // adapter reads from its socket straight into the record layer's buffer instead of handing
  // receive() bytes it read elsewhere (which copies them).
  //
  //   auto space = conn->receive_space();           // empty: nothing can be taken now
  //   n = recv(fd, space.data(), space.size(), 0);   // any n in [0, space.size()]
  //   conn->commit_received(n);                      // processes them as receive() would
  //
  // The space is where the next bytes of the current record go, exactly what that record still
  // needs: its 5-byte header, then the rest of its body (so a record arrives in two reads at
  // least; an adapter expecting many small records may prefer receive() with a larger read). It
  // is empty when the connection cannot take bytes now: after a fatal error, after the peer's
  // close_notify, or while more than 64 KiB of decrypted data wait to be read (read() first,
  // as receive() would consume nothing then). The span is valid until the next call to any
  // non-const member; receive() and receive_space() may be used in turn.
  std::span<std::uint8_t> receive_space();
  // Accepts the first n bytes written into the last receive_space() and processes them (records
  // completed by them are decrypted; application data becomes readable). n = 0 does nothing.
  // Errors: a fatal error as receive() returns it; ErrorCode::invalid_argument, which also ends
  // the connection (the byte stream is no longer known), when n exceeds the size of the last
  // receive_space() still valid (or none was asked for since the last commit or receive()).
  Status commit_received(std::size_t n);

  // Bytes to send to the peer, and how many were sent.
  std::span<const std::uint8_t> pending_output() const;
  void consume_output(std::size_t n);

  // Decrypted application data: copies up to out.size() bytes, returns the count (0 when none).
  std::size_t read(std::span<std::uint8_t> out);
  std::size_t readable() const;
  // Decrypted application data without a copy: a view of the unread bytes (what read() would
  // copy; empty when none), then consume_read(n) once n of them were used. The view is valid
  // until the next call to any non-const member. read() is read_view() + copy + consume_read().
  std::span<const std::uint8_t> read_view() const;
  // Marks the first n bytes of read_view() as read (at most readable()).
  void consume_read(std::size_t n);
  // Server: how many of the first bytes read() returns arrived as 0-RTT early data (RFC 8446
  // §4.2.10; info().early_data_accepted is then true). They came before the handshake completed,
  // under the ticket's PSK only: they may be a replay (tlspp's ReplayGuard refuses a second use
  // of a ticket within its window, RFC 8446 §8), so act on them only if that is safe. Early data
  // is readable before handshake_done().
  std::size_t early_data_received() const;

  // Queues application data (encrypted into records in pending_output()). Before the handshake
  // completes the data is held and sent once it does. ErrorCode::buffer_full past
  // limits.max_pending_output; ErrorCode::closed after close().
  Status write(std::span<const std::uint8_t> data);

  // Sends close_notify (RFC 8446 §6.1); the peer may still send until it closes too (half-close).
  Status close();
  // Sends a KeyUpdate (TLS 1.3), asking the peer to update too when `request_peer_update`.
  // ErrorCode::invalid_argument before the handshake is done or on a TLS 1.2 connection, and
  // ErrorCode::closed after close(); the connection goes on in both cases.
  Status key_update(bool request_peer_update);

  bool is_client() const;
  bool handshake_done() const;
  // The transport should read (we are waiting for peer bytes) / has bytes to send.
  bool wants_read() const;
  bool wants_write() const;
  // The peer sent close_notify; no more data will arrive.
  bool peer_closed() const;
  // The connection ended (both close_notify sent and received, or a fatal error).
  bool closed() const;
  // The fatal error that ended the connection, if any.
  const std::optional<Error>& error() const;

  // What was negotiated so far. The reference stays valid (and up to date) for the connection's
  // lifetime, also after close() or a fatal error.
  const SessionInfo& info() const;

  // Frees the buffers an idle connection holds (the receive buffer when no record is partly
  // received, the plaintext buffer when all was read, the output buffer when all was sent, the
  // handshake buffers). Call it when the connection goes idle (e.g. the transport has nothing to
  // read): the next record then allocates its buffer again, once per burst. Without this call a
  // connection keeps the buffers its application data used, so that steady traffic allocates
  // nothing per record. Nothing observable by the peer changes.
  void release_buffers();

  // Receives this connection's events from now on (not owned; nullptr to stop).
  void set_observer(Observer* observer);

  struct Impl;

 private:
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tlspp
