#include "io/event_loop.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "io/tls_stream.h"
#include "support/tls_pair.h"

namespace tlspp::io {
namespace {

using namespace std::chrono_literals;

// What EchoHandler saw, for the tests to check.
struct Seen {
  std::atomic<int> closed{0};
  std::atomic<std::int64_t> data_at{-1};  // last_activity() in the latest on_data
  std::atomic<int> no_delay{-1};          // TCP_NODELAY of the latest connection
  std::mutex mutex;
  std::string address;  // the latest connection's Peer::address()
};

// Echoes what it receives and notes what it saw.
class EchoHandler : public Handler {
 public:
  explicit EchoHandler(Seen* seen) : seen_(seen) {}
  void on_handshake_done(Peer& peer) override {
    int on = 0;
    socklen_t len = sizeof on;
    if (::getsockopt(peer.socket().fd(), IPPROTO_TCP, TCP_NODELAY, &on, &len) == 0) {
      seen_->no_delay = on;
    }
    const std::lock_guard lock(seen_->mutex);
    seen_->address = peer.address();
  }
  void on_data(Peer& peer, std::span<const std::uint8_t> data) override {
    seen_->data_at = peer.last_activity();
    ASSERT_TRUE(peer.write(data).ok());
  }
  void on_closed(const std::optional<Error>&) override { ++seen_->closed; }

 private:
  Seen* seen_;
};

// A loop serving EchoHandler on an ephemeral port, run on its own thread.
struct RunningLoop {
  Seen seen;
  std::unique_ptr<EventLoop> loop;
  std::thread thread;
  Status result;

  explicit RunningLoop(EventLoopOptions options = {}) {
    auto listener = Socket::listen_tcp("127.0.0.1", 0);
    EXPECT_TRUE(listener.ok());
    loop = EventLoop::create(
               std::move(*listener), test::test_server_config(),
               [this] { return std::make_unique<EchoHandler>(&seen); }, options)
               .value();
    thread = std::thread([this] { result = loop->run(); });
  }
  ~RunningLoop() {
    if (thread.joinable()) {
      loop->request_stop();
      thread.join();
    }
  }
  void stop() {
    loop->request_stop();
    thread.join();
  }
};

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string read_exactly(TlsStream& stream, std::size_t n) {
  std::string out;
  std::uint8_t buf[256];
  while (out.size() < n) {
    auto got = stream.read(buf);
    if (!got.ok() || *got == 0) break;
    out.append(reinterpret_cast<char*>(buf), *got);
  }
  return out;
}

TEST(EventLoop, ServesManyConcurrentConnections) {
  RunningLoop server;
  const std::uint16_t port = server.loop->port();
  constexpr int kClients = 32;
  std::vector<TlsStream> clients;
  for (int i = 0; i < kClients; ++i) {
    auto s = TlsStream::connect("127.0.0.1", port, test::test_client_config(), "localhost", 5000ms);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    clients.push_back(std::move(*s));
  }
  // Every connection is open at once; each gets its own answer.
  for (int i = 0; i < kClients; ++i) {
    ASSERT_TRUE(clients[i].write_all(bytes("hello " + std::to_string(i))).ok());
  }
  for (int i = 0; i < kClients; ++i) {
    const std::string want = "hello " + std::to_string(i);
    EXPECT_EQ(read_exactly(clients[i], want.size()), want);
  }
  for (auto& c : clients) ASSERT_TRUE(c.close(true).ok());
  server.stop();
  ASSERT_TRUE(server.result.ok()) << server.result.error().to_string();
  EXPECT_EQ(server.loop->stats().accepted, std::size_t{kClients});
  EXPECT_EQ(server.loop->stats().completed_handshakes, std::size_t{kClients});
  EXPECT_EQ(server.loop->stats().failed, 0u);
  EXPECT_EQ(server.seen.closed.load(), kClients);
}

// Full-size records cross TCP in pieces: both the loop and TlsStream then read record bodies
// straight into Connection::receive_space(). The echo must come back intact.
TEST(EventLoop, EchoesLargeTransfersIntact) {
  RunningLoop server;
  auto client = TlsStream::connect("127.0.0.1", server.loop->port(), test::test_client_config(),
                                   "localhost", 5000ms);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  std::string data(300 * 1024 + 77, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + (i * 7) % 26);
  // In chunks, each read back before the next (a TlsStream is used from one thread only).
  std::string echoed;
  constexpr std::size_t kChunk = 40 * 1024;
  for (std::size_t at = 0; at < data.size(); at += kChunk) {
    const std::string chunk = data.substr(at, kChunk);
    ASSERT_TRUE(client->write_all(bytes(chunk)).ok());
    echoed += read_exactly(*client, chunk.size());
  }
  EXPECT_EQ(echoed.size(), data.size());
  EXPECT_TRUE(echoed == data);
  ASSERT_TRUE(client->close(true).ok());
  server.stop();
  ASSERT_TRUE(server.result.ok()) << server.result.error().to_string();
  EXPECT_EQ(server.loop->stats().failed, 0u);
}

TEST(EventLoop, GracefulShutdownSendsCloseNotifyToEstablishedConnections) {
  RunningLoop server;
  auto client = TlsStream::connect("127.0.0.1", server.loop->port(), test::test_client_config(),
                                   "localhost", 5000ms);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  ASSERT_TRUE(client->write_all(bytes("ping")).ok());
  EXPECT_EQ(read_exactly(*client, 4), "ping");
  server.loop->request_stop();
  // The server's close_notify arrives: read() reports the clean end (0), not a truncation.
  std::uint8_t buf[16];
  auto n = client->read(buf);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(*n, 0u);
  EXPECT_TRUE(client->connection().peer_closed());
  ASSERT_TRUE(client->close().ok());
  server.thread.join();
  EXPECT_TRUE(server.result.ok());
  EXPECT_EQ(server.seen.closed.load(), 1);
  // The listener is closed: nothing accepts any more.
  EXPECT_FALSE(Socket::connect_tcp("127.0.0.1", server.loop->port(), 1000ms).ok());
}

TEST(EventLoop, LastActivityIsTheLoopsClockWhenTheDataArrived) {
  auto clock = std::make_shared<std::atomic<std::int64_t>>(777000);
  EventLoopOptions options;
  options.clock = [clock] { return clock->load(); };
  RunningLoop server(options);
  auto client = TlsStream::connect("127.0.0.1", server.loop->port(), test::test_client_config(),
                                   "localhost", 5000ms);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  ASSERT_TRUE(client->write_all(bytes("one")).ok());
  EXPECT_EQ(read_exactly(*client, 3), "one");
  EXPECT_EQ(server.seen.data_at.load(), 777000);
  *clock = 778500;
  ASSERT_TRUE(client->write_all(bytes("two")).ok());
  EXPECT_EQ(read_exactly(*client, 3), "two");
  EXPECT_EQ(server.seen.data_at.load(), 778500);
  ASSERT_TRUE(client->close().ok());
}

TEST(EventLoop, AcceptedConnectionsHaveNoDelayAndThePeersAddress) {
  RunningLoop server;
  auto client = TlsStream::connect("127.0.0.1", server.loop->port(), test::test_client_config(),
                                   "localhost", 5000ms);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  ASSERT_TRUE(client->write_all(bytes("ping")).ok());
  EXPECT_EQ(read_exactly(*client, 4), "ping");
  // TCP_NODELAY comes from the listener (inherited on accept), not from a call per connection.
  EXPECT_EQ(server.seen.no_delay.load(), 1);
  sockaddr_in local{};
  socklen_t len = sizeof local;
  ASSERT_EQ(::getsockname(client->socket().fd(), reinterpret_cast<sockaddr*>(&local), &len), 0);
  {
    const std::lock_guard lock(server.seen.mutex);
    EXPECT_EQ(server.seen.address, "127.0.0.1:" + std::to_string(ntohs(local.sin_port)));
  }
  ASSERT_TRUE(client->close().ok());
}

TEST(EventLoop, HandshakeTimeoutClosesSilentConnections) {
  EventLoopOptions options;
  options.handshake_timeout = 100ms;
  RunningLoop server(options);
  auto raw = Socket::connect_tcp("127.0.0.1", server.loop->port(), 1000ms);
  ASSERT_TRUE(raw.ok());
  std::uint8_t buf[16];
  // Nothing sent: the server gives up and closes TCP (end of stream, well before 3 s).
  auto n = raw->receive(buf, 3000ms);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(*n, 0u);
  server.stop();
  EXPECT_EQ(server.loop->stats().timed_out, 1u);
}

TEST(EventLoop, HandshakeTimeoutCutsOffASlowLoris) {
  // A peer that keeps the connection busy (a byte of a real ClientHello every 20 ms, so the idle
  // timeout never fires) but never finishes the handshake: handshake_timeout counts from accept.
  EventLoopOptions options;
  options.handshake_timeout = 300ms;
  options.idle_timeout = 60000ms;
  RunningLoop server(options);
  auto client = Connection::client(test::test_client_config(), "localhost");
  ASSERT_TRUE(client.ok());
  const auto out = (*client)->pending_output();
  const std::vector<std::uint8_t> hello(out.begin(), out.end());  // ~20 ms per byte: > 4 s in all
  auto raw = Socket::connect_tcp("127.0.0.1", server.loop->port(), 1000ms);
  ASSERT_TRUE(raw.ok());
  const auto start = std::chrono::steady_clock::now();
  std::size_t sent = 0;
  bool ended = false;
  std::uint8_t buf[16];
  while (sent < hello.size() && !ended) {
    if (!raw->send_all(std::span(hello).subspan(sent, 1), 1000ms).ok()) break;  // reset
    ++sent;
    auto n = raw->receive(buf, 20ms);
    if (n.ok()) {
      EXPECT_EQ(*n, 0u) << "the server answered a partial ClientHello";
      ended = true;
    } else if (n.error().code != ErrorCode::timeout) {
      ended = true;  // reset by the server
    }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(sent, hello.size()) << "the whole ClientHello went through";
  EXPECT_GT(sent, 3u);
  EXPECT_LT(elapsed, 3000ms);
  server.stop();
  EXPECT_EQ(server.loop->stats().timed_out, 1u);
}

TEST(EventLoop, IdleTimeoutClosesEstablishedConnectionsWithCloseNotify) {
  EventLoopOptions options;
  options.idle_timeout = 150ms;
  RunningLoop server(options);
  auto client = TlsStream::connect("127.0.0.1", server.loop->port(), test::test_client_config(),
                                   "localhost", 5000ms);
  ASSERT_TRUE(client.ok());
  std::uint8_t buf[16];
  auto n = client->read(buf);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(*n, 0u);
  server.stop();
  EXPECT_EQ(server.loop->stats().timed_out, 1u);
}

TEST(EventLoop, ConnectionsOverTheCapAreClosedAtOnce) {
  EventLoopOptions options;
  options.max_connections = 1;
  RunningLoop server(options);
  auto first = TlsStream::connect("127.0.0.1", server.loop->port(), test::test_client_config(),
                                  "localhost", 5000ms);
  ASSERT_TRUE(first.ok());
  auto second = Socket::connect_tcp("127.0.0.1", server.loop->port(), 1000ms);
  ASSERT_TRUE(second.ok());
  std::uint8_t buf[16];
  auto n = second->receive(buf, 3000ms);
  // Closed without a byte: end of stream (or a reset, reported as an error).
  EXPECT_TRUE(!n.ok() || *n == 0u);
  server.stop();
  EXPECT_EQ(server.loop->stats().refused, 1u);
  EXPECT_EQ(server.loop->stats().accepted, 1u);
}

TEST(EventLoop, StopOnSignalsTurnsSigtermIntoAGracefulStop) {
  auto listener = Socket::listen_tcp("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok());
  Seen seen;
  auto loop = EventLoop::create(std::move(*listener), test::test_server_config(), [&] {
                return std::make_unique<EchoHandler>(&seen);
              }).value();
  // Blocked for this thread only; the signal is sent to this thread.
  ASSERT_TRUE(loop->stop_on_signals({SIGUSR1}).ok());
  ASSERT_EQ(::pthread_kill(::pthread_self(), SIGUSR1), 0);
  EXPECT_TRUE(loop->run().ok());  // returns: the signal became a stop request
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace
}  // namespace tlspp::io
