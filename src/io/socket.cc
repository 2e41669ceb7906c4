#include "io/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tlspp::io {
namespace {

Error io_error(const std::string& what) {
  return Error(ErrorCode::io_error, what + ": " + std::strerror(errno));
}

// Waits for `events` on fd; false on timeout.
Result<bool> wait_for(int fd, short events, Millis timeout) {
  pollfd pfd{fd, events, 0};
  for (;;) {
    int r = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return io_error("poll");
  }
}

std::string address_string(const sockaddr* sa) {
  char host[INET6_ADDRSTRLEN] = {};
  std::uint16_t port = 0;
  if (sa->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    port = ntohs(in->sin_port);
    return std::string(host) + ":" + std::to_string(port);
  }
  if (sa->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    port = ntohs(in6->sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
  }
  return "?";
}

}  // namespace

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void Socket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Result<Socket> Socket::connect_tcp(const std::string& host, std::uint16_t port, Millis timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    return Error(ErrorCode::io_error, "DNS lookup of " + host + " failed: " + ::gai_strerror(rc));
  }
  std::string last_error = "no addresses for " + host;
  ErrorCode last_code = ErrorCode::io_error;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    Socket s(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (!s.valid()) continue;
    s.set_nonblocking(true);
    const std::string where = address_string(ai->ai_addr);
    if (::connect(s.fd_, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last_error = "connection to " + where + " failed: " + std::strerror(errno);
      continue;
    }
    auto ready = wait_for(s.fd_, POLLOUT, timeout);
    if (!ready.ok() || !*ready) {
      last_code = ErrorCode::timeout;
      last_error =
          "connection to " + where + " timed out after " + std::to_string(timeout.count()) + " ms";
      continue;
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(s.fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      last_code = ErrorCode::io_error;
      last_error =
          (err == ECONNREFUSED ? "connection refused by " + where
                               : "connection to " + where + " failed: " + std::strerror(err));
      continue;
    }
    s.set_nonblocking(false);
    int one = 1;
    ::setsockopt(s.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::freeaddrinfo(list);
    return s;
  }
  ::freeaddrinfo(list);
  return Error(last_code, last_error);
}

Result<Socket> Socket::listen_tcp(const std::string& address, std::uint16_t port, int backlog) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  int rc = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    return Error(ErrorCode::io_error, "bad listen address " + address + ": " + ::gai_strerror(rc));
  }
  Socket s(::socket(list->ai_family, list->ai_socktype | SOCK_CLOEXEC, list->ai_protocol));
  if (!s.valid()) {
    ::freeaddrinfo(list);
    return io_error("socket");
  }
  int one = 1;
  ::setsockopt(s.fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(s.fd_, list->ai_addr, list->ai_addrlen) != 0) {
    auto e = io_error("bind to " + address + ":" + service);
    ::freeaddrinfo(list);
    return e;
  }
  ::freeaddrinfo(list);
  if (::listen(s.fd_, backlog) != 0) return io_error("listen");
  return s;
}

Result<Socket> Socket::accept(Millis timeout) {
  TLSPP_ASSIGN_OR_RETURN(bool ready, wait_for(fd_, POLLIN, timeout));
  if (!ready) return Error(ErrorCode::timeout, "no connection within the timeout");
  int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return io_error("accept");
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return Socket(fd);
}

std::optional<Accepted> Socket::accept_pending() {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  const int fd =
      ::accept4(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return std::nullopt;
  return Accepted{Socket(fd), address_string(reinterpret_cast<const sockaddr*>(&ss))};
}

Status Socket::send_all(std::span<const std::uint8_t> data, Millis timeout) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      data = data.subspan(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      TLSPP_ASSIGN_OR_RETURN(bool ready, wait_for(fd_, POLLOUT, timeout));
      if (!ready) return Error(ErrorCode::timeout, "send timed out: the peer is not reading");
      continue;
    }
    return io_error("send to " + peer_address());
  }
  return {};
}

Result<std::size_t> Socket::receive(std::span<std::uint8_t> out, Millis timeout) {
  for (;;) {
    ssize_t n = ::recv(fd_, out.data(), out.size(), MSG_DONTWAIT);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      TLSPP_ASSIGN_OR_RETURN(bool ready, wait_for(fd_, POLLIN, timeout));
      if (!ready) {
        return Error(ErrorCode::timeout, "no data from " + peer_address() + " for " +
                                             std::to_string(timeout.count()) + " ms");
      }
      continue;
    }
    if (errno == ECONNRESET) {
      return Error(ErrorCode::io_error, "connection reset by " + peer_address());
    }
    return io_error("receive from " + peer_address());
  }
}

void Socket::shutdown_write() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

void Socket::set_nonblocking(bool on) {
  int flags = ::fcntl(fd_, F_GETFL);
  ::fcntl(fd_, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
}

void Socket::set_no_delay() {
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::uint16_t Socket::local_port() const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return 0;
}

std::string Socket::peer_address() const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "peer";
  return address_string(reinterpret_cast<sockaddr*>(&ss));
}

}  // namespace tlspp::io
