// EventLoop: many TLS server connections on one thread, over non-blocking sockets and epoll.
//
//   auto loop = io::EventLoop::create(std::move(listener), config, [] {
//     return std::make_unique<MyHandler>();
//   }).value();
//   loop->stop_on_signals({SIGINT, SIGTERM});
//   loop->run();  // returns after a stop request, once connections are drained
//
// Each accepted socket gets its own sans-I/O Connection, input and output buffers and a Handler
// (the application). The loop asks epoll for readability while the connection wants to read and
// its buffered output is under the cap, and for writability while it has output. Deadlines come
// from the loop's clock: a handshake must finish within handshake_timeout, and a connection that
// moves no bytes for idle_timeout is closed. A stop request (request_stop(), or a watched signal)
// closes the listener, sends close_notify on every established connection, and lets them drain
// for drain_timeout before the rest are cut.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/socket.h"
#include "tlspp/connection.h"

namespace tlspp::io {

struct EventLoopOptions {
  std::size_t max_connections = 1024;  // further connections are accepted and closed at once
  // Per connection: while this much ciphertext waits to be sent, the loop neither reads from the
  // peer nor asks the handler for more (Handler::on_writable).
  std::size_t max_buffered_output = 256 * 1024;
  Millis handshake_timeout{10000};
  Millis idle_timeout{30000};
  Millis drain_timeout{5000};  // graceful shutdown: how long connections may take to finish
  // After our close_notify, how long to wait for the peer's before closing TCP.
  Millis linger_timeout{2000};
  // Monotonic milliseconds. null: std::chrono::steady_clock.
  std::function<std::int64_t()> clock;
};

class EventLoop;

// One accepted connection as the handler sees it. Owned by the loop; valid during callbacks.
class Peer {
 public:
  // Queues application data (encrypted at once). ErrorCode::buffer_full past the Connection's
  // limits.max_pending_output, ErrorCode::closed once close() was called.
  Status write(std::span<const std::uint8_t> data);
  Status write(std::string_view text);
  // Sends close_notify after what is already queued, then closes the TCP connection.
  void close();
  bool closing() const { return closing_; }
  // Ciphertext waiting to be sent.
  std::size_t buffered_output() const;
  Connection& connection() { return *conn_; }
  const std::string& address() const { return address_; }
  const Socket& socket() const { return socket_; }  // for socket options; the loop does the I/O
  std::int64_t accepted_at() const { return accepted_at_; }  // the loop's clock, milliseconds
  // The loop's clock when bytes last moved on this connection: in on_data, when they arrived.
  std::int64_t last_activity() const { return last_activity_; }

 private:
  friend class EventLoop;
  Socket socket_;
  std::unique_ptr<Connection> conn_;
  std::string address_;
  std::int64_t accepted_at_ = 0;
  std::int64_t last_activity_ = 0;
  std::int64_t close_deadline_ = 0;  // once our close_notify is out: when to give up on theirs
  std::uint32_t interest_ = 0;       // the epoll events registered
  bool closing_ = false;             // close() called: close_notify follows the queued output
  bool write_shut_ = false;          // close_notify sent and TCP write side shut
  bool handshake_reported_ = false;
  std::vector<std::uint8_t> input_;  // received bytes the Connection has not consumed yet
};

// The application on one connection. Callbacks run on the loop's thread.
class Handler {
 public:
  virtual ~Handler() = default;
  // Receives the connection's events from its first byte (not owned; may be null). Asked once,
  // before the Connection is created.
  virtual Observer* observer() { return nullptr; }
  virtual void on_handshake_done(Peer& /*peer*/) {}
  // Decrypted application data, in order.
  virtual void on_data(Peer& peer, std::span<const std::uint8_t> data) = 0;
  // Everything queued so far was sent: more may be written (for streaming responses).
  virtual void on_writable(Peer& /*peer*/) {}
  // The peer sent close_notify. Default: close our side too.
  virtual void on_peer_closed(Peer& peer) { peer.close(); }
  // The connection is gone: error is set when it ended by a TLS or transport failure or a timeout.
  virtual void on_closed(const std::optional<Error>& /*error*/) {}
};

using HandlerFactory = std::function<std::unique_ptr<Handler>()>;

struct EventLoopStats {
  std::size_t accepted = 0;
  std::size_t refused = 0;  // over max_connections
  std::size_t completed_handshakes = 0;
  std::size_t failed = 0;     // TLS or transport errors
  std::size_t timed_out = 0;  // handshake or idle timeouts
  std::size_t active = 0;
};

class EventLoop {
 public:
  // Serves `listener` (made non-blocking here). ErrorCode::io_error when epoll or the wake-up
  // descriptor cannot be created.
  static Result<std::unique_ptr<EventLoop>> create(Socket listener,
                                                   std::shared_ptr<const ServerConfig> config,
                                                   HandlerFactory factory,
                                                   EventLoopOptions options = {});
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs until a stop request has been served and every connection is closed.
  Status run();
  // Asks run() to shut down gracefully. Thread-safe and async-signal-safe (one write(2)).
  void request_stop();
  // Blocks `signals` for the calling thread and turns their arrival into a stop request (via a
  // signalfd watched by the loop). Call from the thread that runs the loop, before other threads
  // start, so the signals are delivered here.
  Status stop_on_signals(std::initializer_list<int> signals);

  std::uint16_t port() const { return port_; }
  const EventLoopStats& stats() const { return stats_; }

 private:
  EventLoop(Socket listener, std::shared_ptr<const ServerConfig> config, HandlerFactory factory,
            EventLoopOptions options);
  // The handler is declared first so it outlives the Connection, which holds its observer.
  struct Slot {
    std::unique_ptr<Handler> handler;
    Peer peer;
  };

  std::int64_t now() const;
  void accept_all();
  void on_ready(Slot& slot, std::uint32_t events);
  // Feeds received bytes to the Connection and the handler. False when the connection ended.
  bool process_input(Slot& slot);
  // Smallest Connection::receive_space() that on_ready() recv()s into directly.
  static constexpr std::size_t kDirectReadMin = 1024;
  // Sends what the Connection has queued; false on a transport error.
  bool flush(Slot& slot);
  void update_interest(Slot& slot);
  void begin_shutdown();
  void check_deadlines();
  void finish(Slot& slot, std::optional<Error> error);
  int next_timeout_ms() const;

  Socket listener_;
  std::uint16_t port_ = 0;
  std::int64_t next_deadline_check_ = 0;
  std::shared_ptr<const ServerConfig> config_;
  HandlerFactory factory_;
  EventLoopOptions options_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;    // eventfd: request_stop() writes here
  int signal_fd_ = -1;  // signalfd from stop_on_signals(), or -1
  bool stopping_ = false;
  std::int64_t drain_deadline_ = 0;
  std::vector<std::unique_ptr<Slot>> slots_;     // indexed by file descriptor
  std::vector<std::unique_ptr<Slot>> finished_;  // finished during this turn; freed after it
  EventLoopStats stats_;
  std::vector<std::uint8_t> receive_buffer_;
  std::vector<std::uint8_t> plain_buffer_;
};

}  // namespace tlspp::io
