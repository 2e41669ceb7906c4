// TlsStream: a Connection over a blocking TCP socket, for simple programs, the tool and tests.
//
//   auto stream = tlspp::io::TlsStream::connect("example.com", 443, config).value();
//   stream.write_all(request);
//   auto n = stream.read(buffer);  // 0 once the server sent close_notify
//   stream.close();
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "io/socket.h"
#include "tlspp/connection.h"

namespace tlspp::io {

class TlsStream {
 public:
  // Connects TCP to host:port and completes the handshake as a client. `server_name` defaults to
  // `host` (sent as SNI and checked against the certificate).
  static Result<TlsStream> connect(const std::string& host, std::uint16_t port,
                                   std::shared_ptr<const ClientConfig> config,
                                   std::string server_name = {}, Millis timeout = Millis(10000),
                                   Observer* observer = nullptr);
  // As above with the client's parameters (a session to resume, 0-RTT data; params.server_name
  // defaults to `host`).
  static Result<TlsStream> connect(const std::string& host, std::uint16_t port,
                                   std::shared_ptr<const ClientConfig> config, ClientParams params,
                                   Millis timeout = Millis(10000), Observer* observer = nullptr);
  // Wraps an accepted socket as a server connection and completes the handshake.
  static Result<TlsStream> accept(Socket socket, std::shared_ptr<const ServerConfig> config,
                                  Millis timeout = Millis(10000), Observer* observer = nullptr);

  TlsStream(TlsStream&&) noexcept = default;
  TlsStream& operator=(TlsStream&&) noexcept = default;

  // Decrypted application data: at least one byte, or 0 when the peer closed (close_notify).
  // ErrorCode::io_error when TCP ends without close_notify (a truncation attack looks like this);
  // ErrorCode::timeout when nothing arrives within the timeout.
  Result<std::size_t> read(std::span<std::uint8_t> out);
  Status write_all(std::span<const std::uint8_t> data);
  // Sends close_notify and flushes. With `wait_for_peer`, then reads until the peer's
  // close_notify (discarding data) or the timeout.
  Status close(bool wait_for_peer = false);

  void set_timeout(Millis timeout) { timeout_ = timeout; }
  Connection& connection() { return *conn_; }
  Socket& socket() { return socket_; }

 private:
  TlsStream(Socket socket, std::unique_ptr<Connection> conn, Millis timeout)
      : socket_(std::move(socket)), conn_(std::move(conn)), timeout_(timeout) {}
  Status handshake();
  Status flush();
  // Reads once from the socket into the connection. False at TCP end of stream.
  Result<bool> pump();
  // Smallest receive_space() that pump() reads into directly (see pump()).
  static constexpr std::size_t kDirectReadMin = 1024;

  Socket socket_;
  std::unique_ptr<Connection> conn_;
  Millis timeout_;
  std::vector<std::uint8_t> pending_;  // received bytes the connection has not consumed yet
};

}  // namespace tlspp::io
