#include "io/tls_stream.h"

#include <algorithm>

namespace tlspp::io {

Result<TlsStream> TlsStream::connect(const std::string& host, std::uint16_t port,
                                     std::shared_ptr<const ClientConfig> config,
                                     std::string server_name, Millis timeout, Observer* observer) {
  ClientParams params;
  params.server_name = std::move(server_name);
  return connect(host, port, std::move(config), std::move(params), timeout, observer);
}

Result<TlsStream> TlsStream::connect(const std::string& host, std::uint16_t port,
                                     std::shared_ptr<const ClientConfig> config,
                                     ClientParams params, Millis timeout, Observer* observer) {
  TLSPP_ASSIGN_OR_RETURN(Socket socket, Socket::connect_tcp(host, port, timeout));
  if (params.server_name.empty()) params.server_name = host;
  if (observer) observer->on_event(NoteEvent{"TCP connected to " + socket.peer_address()});
  TLSPP_ASSIGN_OR_RETURN(auto conn,
                         Connection::client(std::move(config), std::move(params), observer));
  TlsStream stream(std::move(socket), std::move(conn), timeout);
  TLSPP_TRY(stream.handshake());
  return stream;
}

Result<TlsStream> TlsStream::accept(Socket socket, std::shared_ptr<const ServerConfig> config,
                                    Millis timeout, Observer* observer) {
  TLSPP_ASSIGN_OR_RETURN(auto conn, Connection::server(std::move(config), observer));
  TlsStream stream(std::move(socket), std::move(conn), timeout);
  TLSPP_TRY(stream.handshake());
  return stream;
}

Status TlsStream::flush() {
  while (!conn_->pending_output().empty()) {
    auto out = conn_->pending_output();
    TLSPP_TRY(socket_.send_all(out, timeout_));
    conn_->consume_output(out.size());
  }
  return {};
}

Result<bool> TlsStream::pump() {
  if (pending_.empty()) {
    // Mid-record with much of it still to come (a large record's body): read straight into the
    // record layer's buffer, saving the copy through `buf` and receive(). Small remainders (a
    // header) are read with a large read instead, which may bring several records at once.
    const std::span<std::uint8_t> space = conn_->receive_space();
    if (space.size() >= kDirectReadMin) {
      TLSPP_ASSIGN_OR_RETURN(std::size_t n, socket_.receive(space, timeout_));
      if (n == 0) return false;
      if (auto committed = conn_->commit_received(n); !committed.ok()) {
        (void)flush();  // deliver our alert
        return std::move(committed).error();
      }
      TLSPP_TRY(flush());
      return true;
    }
    std::uint8_t buf[16 * 1024 + 512];
    TLSPP_ASSIGN_OR_RETURN(std::size_t n, socket_.receive(buf, timeout_));
    if (n == 0) return false;
    pending_.assign(buf, buf + n);
  }
  auto consumed = conn_->receive(pending_);
  if (!consumed.ok()) {
    (void)flush();  // deliver our alert
    return std::move(consumed).error();
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(*consumed));
  TLSPP_TRY(flush());
  return true;
}

Status TlsStream::handshake() {
  TLSPP_TRY(flush());
  while (!conn_->handshake_done()) {
    TLSPP_ASSIGN_OR_RETURN(bool more, pump());
    if (!more) {
      return Error(ErrorCode::io_error, "the peer closed the TCP connection during the handshake");
    }
  }
  return {};
}

Result<std::size_t> TlsStream::read(std::span<std::uint8_t> out) {
  for (;;) {
    if (conn_->readable() > 0) return conn_->read(out);
    if (conn_->peer_closed()) return std::size_t{0};
    TLSPP_ASSIGN_OR_RETURN(bool more, pump());
    if (!more) {
      return Error(
          ErrorCode::io_error,
          "the peer closed the TCP connection without close_notify (data may be truncated)");
    }
  }
}

Status TlsStream::write_all(std::span<const std::uint8_t> data) {
  // In pieces, flushing each, so a large write never meets the pending-output cap.
  constexpr std::size_t kPiece = 64 * 1024;
  while (!data.empty()) {
    const auto piece = data.first(std::min(kPiece, data.size()));
    TLSPP_TRY(conn_->write(piece));
    TLSPP_TRY(flush());
    data = data.subspan(piece.size());
  }
  return flush();
}

Status TlsStream::close(bool wait_for_peer) {
  TLSPP_TRY(conn_->close());
  TLSPP_TRY(flush());
  if (!wait_for_peer) return {};
  std::uint8_t sink[4096];
  while (!conn_->peer_closed()) {
    if (conn_->readable() > 0) {
      conn_->read(sink);
      continue;
    }
    TLSPP_ASSIGN_OR_RETURN(bool more, pump());
    if (!more) break;
  }
  return {};
}

}  // namespace tlspp::io
