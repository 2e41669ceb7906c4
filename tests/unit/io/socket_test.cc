#include "io/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <thread>

namespace tlspp::io {
namespace {

using namespace std::chrono_literals;

TEST(Socket, ConnectsSendsAndReceivesOnLoopback) {
  auto listener = Socket::listen_tcp("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok()) << listener.error().to_string();
  const std::uint16_t port = listener->local_port();
  ASSERT_NE(port, 0);
  std::thread server([&] {
    auto conn = listener->accept(5000ms);
    ASSERT_TRUE(conn.ok());
    std::uint8_t buf[16];
    auto n = conn->receive(buf, 5000ms);
    ASSERT_TRUE(n.ok());
    ASSERT_TRUE(conn->send_all(std::span<const std::uint8_t>(buf, *n), 5000ms).ok());
  });
  auto client = Socket::connect_tcp("127.0.0.1", port, 5000ms);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  const std::uint8_t hello[] = {'h', 'i'};
  ASSERT_TRUE(client->send_all(hello, 5000ms).ok());
  std::uint8_t echo[2];
  auto n = client->receive(echo, 5000ms);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  EXPECT_EQ(echo[1], 'i');
  server.join();
  // The server closed its end: end of stream reads as 0.
  auto eof = client->receive(echo, 5000ms);
  ASSERT_TRUE(eof.ok());
  EXPECT_EQ(*eof, 0u);
}

TEST(Socket, AcceptPendingTakesOneConnectionWithoutWaiting) {
  auto listener = Socket::listen_tcp("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok()) << listener.error().to_string();
  listener->set_nonblocking(true);
  listener->set_no_delay();
  EXPECT_FALSE(listener->accept_pending().has_value());  // nothing pending: no wait
  auto client = Socket::connect_tcp("127.0.0.1", listener->local_port(), 5000ms);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  std::optional<Accepted> accepted;
  for (int i = 0; i < 500 && !accepted; ++i) {
    accepted = listener->accept_pending();
    if (!accepted) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(accepted.has_value());
  sockaddr_in local{};
  socklen_t local_len = sizeof local;
  ASSERT_EQ(::getsockname(client->fd(), reinterpret_cast<sockaddr*>(&local), &local_len), 0);
  EXPECT_EQ(accepted->peer_address, "127.0.0.1:" + std::to_string(ntohs(local.sin_port)));
  EXPECT_EQ(accepted->peer_address, accepted->socket.peer_address());
  const int flags = ::fcntl(accepted->socket.fd(), F_GETFL);
  EXPECT_TRUE(flags & O_NONBLOCK);
  EXPECT_TRUE(::fcntl(accepted->socket.fd(), F_GETFD) & FD_CLOEXEC);
  int on = 0;
  socklen_t len = sizeof on;
  ASSERT_EQ(::getsockopt(accepted->socket.fd(), IPPROTO_TCP, TCP_NODELAY, &on, &len), 0);
  EXPECT_EQ(on, 1);  // inherited from the listener
  EXPECT_FALSE(listener->accept_pending().has_value());
}

TEST(Socket, RefusedConnectionSaysSo) {
  auto listener = Socket::listen_tcp("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  const std::uint16_t port = listener->local_port();
  listener->close();
  auto client = Socket::connect_tcp("127.0.0.1", port, 2000ms);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, ErrorCode::io_error);
  EXPECT_NE(client.error().reason.find("connection refused"), std::string::npos)
      << client.error().reason;
}

TEST(Socket, ReceiveTimesOut) {
  auto listener = Socket::listen_tcp("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  auto client = Socket::connect_tcp("127.0.0.1", listener->local_port(), 2000ms);
  ASSERT_TRUE(client.ok());
  std::uint8_t buf[4];
  auto n = client->receive(buf, 50ms);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::timeout);
}

TEST(Socket, BadHostNameIsADnsFailure) {
  auto client = Socket::connect_tcp("no-such-host.invalid", 443, 2000ms);
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.error().reason.find("DNS lookup"), std::string::npos) << client.error().reason;
}

}  // namespace
}  // namespace tlspp::io
