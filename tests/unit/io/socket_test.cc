#include "io/socket.h"

#include <gtest/gtest.h>

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
