// A TCP socket with deadlines, for the blocking adapter and the tool. Errors are values: connection
// refused, DNS failure and timeouts each have a clear reason.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "tlspp/result.h"

namespace tlspp::io {

using Millis = std::chrono::milliseconds;

struct Accepted;

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { close(); }

  // Resolves host (name or IP literal) and connects to the first address that answers within
  // `timeout`. ErrorCode::io_error with "DNS lookup of X failed: ..." / "connection refused by
  // 127.0.0.1:443"; ErrorCode::timeout.
  static Result<Socket> connect_tcp(const std::string& host, std::uint16_t port, Millis timeout);
  // Listens on address:port (port 0: an ephemeral port, see local_port()).
  static Result<Socket> listen_tcp(const std::string& address, std::uint16_t port,
                                   int backlog = 128);
  // Waits up to `timeout` for a connection.
  Result<Socket> accept(Millis timeout);
  // Takes one pending connection without waiting, in one accept4(2): non-blocking and
  // close-on-exec, with the peer's address, and TCP_NODELAY when the listener has it (accepted
  // sockets inherit it on Linux). nullopt when none is pending, or on a transient error (the
  // listener's next readiness retries).
  std::optional<Accepted> accept_pending();

  // Sends all of `data` or fails (ErrorCode::timeout when the peer does not read for `timeout`).
  Status send_all(std::span<const std::uint8_t> data, Millis timeout);
  // Receives at least one byte, or 0 at the peer's end of stream; ErrorCode::timeout when nothing
  // arrives within `timeout`.
  Result<std::size_t> receive(std::span<std::uint8_t> out, Millis timeout);
  // Half-close: no more sending (TCP FIN).
  void shutdown_write();

  void set_nonblocking(bool on);
  // TCP_NODELAY: small writes go out at once (on a listener: for every socket it accepts).
  void set_no_delay();
  std::uint16_t local_port() const;
  std::string peer_address() const;  // "127.0.0.1:54321"
  int fd() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void close();

 private:
  int fd_ = -1;
};

struct Accepted {
  Socket socket;
  std::string peer_address;  // "127.0.0.1:54321", as Socket::peer_address()
};

}  // namespace tlspp::io
