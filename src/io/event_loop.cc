#include "io/event_loop.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tlspp::io {
namespace {

Error sys_error(const std::string& what) {
  return Error(ErrorCode::io_error, what + ": " + std::strerror(errno));
}

constexpr std::int64_t kDeadlineGranularityMs = 50;

}  // namespace

Status Peer::write(std::span<const std::uint8_t> data) { return conn_->write(data); }

Status Peer::write(std::string_view text) {
  return write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()),
                                             text.size()));
}

void Peer::close() {
  if (closing_) return;
  closing_ = true;
  (void)conn_->close();  // an already-failed connection has nothing more to say
}

std::size_t Peer::buffered_output() const { return conn_->pending_output().size(); }

EventLoop::EventLoop(Socket listener, std::shared_ptr<const ServerConfig> config,
                     HandlerFactory factory, EventLoopOptions options)
    : listener_(std::move(listener)),
      config_(std::move(config)),
      factory_(std::move(factory)),
      options_(std::move(options)),
      receive_buffer_(32 * 1024),
      plain_buffer_(16 * 1024) {}

EventLoop::~EventLoop() {
  for (auto& slot : slots_) {
    if (slot) slot->handler->on_closed(Error(ErrorCode::closed, "the event loop was destroyed"));
  }
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (signal_fd_ >= 0) ::close(signal_fd_);
}

Result<std::unique_ptr<EventLoop>> EventLoop::create(Socket listener,
                                                     std::shared_ptr<const ServerConfig> config,
                                                     HandlerFactory factory,
                                                     EventLoopOptions options) {
  if (!listener.valid() || !config || !factory) {
    return Error(ErrorCode::invalid_argument,
                 "the event loop needs a listening socket, a config and a handler factory");
  }
  std::unique_ptr<EventLoop> loop(new EventLoop(std::move(listener), std::move(config),
                                                std::move(factory), std::move(options)));
  loop->port_ = loop->listener_.local_port();
  loop->listener_.set_nonblocking(true);
  // Inherited by every accepted socket (Linux): no setsockopt per connection.
  loop->listener_.set_no_delay();
  loop->epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (loop->epoll_fd_ < 0) return sys_error("epoll_create1");
  loop->wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (loop->wake_fd_ < 0) return sys_error("eventfd");
  for (int fd : {loop->listener_.fd(), loop->wake_fd_}) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (::epoll_ctl(loop->epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) return sys_error("epoll_ctl");
  }
  return loop;
}

std::int64_t EventLoop::now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void EventLoop::request_stop() {
  const std::uint64_t one = 1;
  // eventfd writes of 8 bytes are atomic; a full counter still wakes the loop.
  ssize_t ignored = ::write(wake_fd_, &one, sizeof one);
  (void)ignored;
}

Status EventLoop::stop_on_signals(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : signals) sigaddset(&set, s);
  if (::pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return sys_error("pthread_sigmask");
  signal_fd_ = ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (signal_fd_ < 0) return sys_error("signalfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = signal_fd_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, signal_fd_, &ev) != 0) return sys_error("epoll_ctl");
  return {};
}

int EventLoop::next_timeout_ms() const {
  if (stats_.active == 0 && !stopping_) return -1;
  return static_cast<int>(kDeadlineGranularityMs);
}

Status EventLoop::run() {
  std::vector<epoll_event> events(256);
  for (;;) {
    if (stopping_ && stats_.active == 0) return {};
    const int n =
        ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), next_timeout_ms());
    if (n < 0 && errno != EINTR) return sys_error("epoll_wait");
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      const std::uint32_t ev = events[static_cast<std::size_t>(i)].events;
      if (fd == listener_.fd() && !stopping_) {
        accept_all();
      } else if (fd == wake_fd_ || fd == signal_fd_) {
        std::uint8_t drain[sizeof(signalfd_siginfo)];
        while (::read(fd, drain, sizeof drain) > 0) {
        }
        if (!stopping_) begin_shutdown();
      } else if (fd >= 0 && static_cast<std::size_t>(fd) < slots_.size() && slots_[fd]) {
        on_ready(*slots_[static_cast<std::size_t>(fd)], ev);
      }
    }
    check_deadlines();
    finished_.clear();
  }
}

void EventLoop::accept_all() {
  for (;;) {
    auto accepted = listener_.accept_pending();
    if (!accepted) return;  // EAGAIN, or a transient error (the next readiness retries)
    const int fd = accepted->socket.fd();
    if (stats_.active >= options_.max_connections) {
      ++stats_.refused;
      continue;  // closed by ~Socket
    }
    auto handler = factory_();
    auto conn = Connection::server(config_, handler->observer());
    if (!conn.ok()) {
      ++stats_.failed;
      handler->on_closed(conn.error());
      continue;
    }
    auto slot = std::make_unique<Slot>();
    slot->peer.address_ = std::move(accepted->peer_address);
    slot->peer.socket_ = std::move(accepted->socket);
    slot->peer.conn_ = std::move(*conn);
    slot->peer.accepted_at_ = slot->peer.last_activity_ = now();
    slot->handler = std::move(handler);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ++stats_.failed;
      slot->handler->on_closed(sys_error("epoll_ctl"));
      continue;
    }
    slot->peer.interest_ = EPOLLIN;
    if (slots_.size() <= static_cast<std::size_t>(fd)) slots_.resize(fd + 1);
    slots_[static_cast<std::size_t>(fd)] = std::move(slot);
    ++stats_.accepted;
    ++stats_.active;
  }
}

void EventLoop::on_ready(Slot& slot, std::uint32_t events) {
  Peer& peer = slot.peer;
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
    // Mid-record with much of it still to come (a large record's body) and nothing staged: recv
    // straight into the record layer's buffer, saving the copy through receive_buffer_ and
    // receive(). Small remainders (a header) take a large read that may bring several records.
    std::span<std::uint8_t> space;
    if (peer.input_.empty()) space = peer.conn_->receive_space();
    const bool direct = space.size() >= kDirectReadMin;
    const ssize_t n =
        direct ? ::recv(peer.socket_.fd(), space.data(), space.size(), 0)
               : ::recv(peer.socket_.fd(), receive_buffer_.data(), receive_buffer_.size(), 0);
    if (n > 0) {
      peer.last_activity_ = now();
      if (direct) {
        if (auto committed = peer.conn_->commit_received(static_cast<std::size_t>(n));
            !committed.ok()) {
          (void)flush(slot);  // best effort: deliver our alert
          return finish(slot, std::move(committed).error());
        }
      } else {
        peer.input_.insert(peer.input_.end(), receive_buffer_.begin(), receive_buffer_.begin() + n);
      }
      if (!process_input(slot)) return;
    } else if (n == 0) {
      // End of stream. After both close_notify messages (or ours, with the peer gone) it is the
      // normal end; before, the peer cut the connection.
      if (peer.conn_->peer_closed() || peer.write_shut_) return finish(slot, std::nullopt);
      return finish(slot,
                    Error(ErrorCode::io_error, peer.conn_->handshake_done()
                                                   ? "the peer closed TCP without close_notify"
                                                   : "the peer closed TCP during the handshake"));
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return finish(slot, sys_error("recv from " + peer.address_));
    }
  }
  if (!flush(slot)) return;
  update_interest(slot);
}

bool EventLoop::process_input(Slot& slot) {
  Peer& peer = slot.peer;
  Connection& conn = *peer.conn_;
  // At least one pass, also with nothing staged: bytes committed straight into the connection
  // (on_ready's direct read) may have completed the handshake or made data readable.
  for (;;) {
    std::size_t used = 0;
    if (!peer.input_.empty() && !conn.closed()) {
      auto taken = conn.receive(peer.input_);
      if (!taken.ok()) {
        (void)flush(slot);  // best effort: deliver our alert
        finish(slot, std::move(taken).error());
        return false;
      }
      used = *taken;
      peer.input_.erase(peer.input_.begin(),
                        peer.input_.begin() + static_cast<std::ptrdiff_t>(used));
    }
    if (conn.handshake_done() && !peer.handshake_reported_) {
      peer.handshake_reported_ = true;
      ++stats_.completed_handshakes;
      slot.handler->on_handshake_done(peer);
    }
    bool delivered = false;
    while (std::size_t got = conn.read(plain_buffer_)) {
      delivered = true;
      slot.handler->on_data(peer, std::span<const std::uint8_t>(plain_buffer_.data(), got));
    }
    if (peer.input_.empty() || conn.closed()) break;
    if (used == 0 && !delivered) break;  // no progress possible without more input
  }
  if (conn.peer_closed() && !peer.closing_) slot.handler->on_peer_closed(peer);
  return true;
}

bool EventLoop::flush(Slot& slot) {
  Peer& peer = slot.peer;
  Connection& conn = *peer.conn_;
  for (;;) {
    while (!conn.pending_output().empty()) {
      auto out = conn.pending_output();
      const ssize_t n =
          ::send(peer.socket_.fd(), out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return true;
        finish(slot, sys_error("send to " + peer.address_));
        return false;
      }
      conn.consume_output(static_cast<std::size_t>(n));
      peer.last_activity_ = now();
    }
    // Everything queued went out: the handler may stream more, or the close can proceed.
    if (peer.handshake_reported_ && !peer.closing_ && !conn.closed()) {
      slot.handler->on_writable(peer);
      if (!conn.pending_output().empty()) continue;
    }
    break;
  }
  if (conn.error()) {
    finish(slot, *conn.error());
    return false;
  }
  if (peer.closing_ && !peer.write_shut_) {
    ::shutdown(peer.socket_.fd(), SHUT_WR);
    peer.write_shut_ = true;
    peer.close_deadline_ = now() + options_.linger_timeout.count();
  }
  if (peer.write_shut_ && conn.peer_closed()) {
    finish(slot, std::nullopt);
    return false;
  }
  return true;
}

void EventLoop::update_interest(Slot& slot) {
  Peer& peer = slot.peer;
  std::uint32_t want = 0;
  const bool backed_up = peer.buffered_output() >= options_.max_buffered_output;
  if (!backed_up && (peer.conn_->wants_read() || peer.write_shut_)) want |= EPOLLIN;
  if (peer.conn_->wants_write()) want |= EPOLLOUT;
  if (want == peer.interest_) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.fd = peer.socket_.fd();
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, peer.socket_.fd(), &ev) != 0) {
    return finish(slot, sys_error("epoll_ctl"));
  }
  peer.interest_ = want;
}

void EventLoop::begin_shutdown() {
  stopping_ = true;
  drain_deadline_ = now() + options_.drain_timeout.count();
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listener_.fd(), nullptr);
  listener_.close();
  for (auto& s : slots_) {
    if (!s) continue;
    Slot& slot = *s;
    if (!slot.peer.conn_->handshake_done()) {
      finish(slot, Error(ErrorCode::closed, "the server is shutting down"));
      continue;
    }
    slot.peer.close();
    if (flush(slot)) update_interest(slot);
  }
}

void EventLoop::check_deadlines() {
  const std::int64_t t = now();
  if (t < next_deadline_check_) return;
  next_deadline_check_ = t + kDeadlineGranularityMs;
  for (auto& s : slots_) {
    if (!s) continue;
    Slot& slot = *s;
    Peer& peer = slot.peer;
    if (stopping_ && t >= drain_deadline_) {
      finish(slot, Error(ErrorCode::timeout, "the connection did not finish before shutdown"));
    } else if (peer.write_shut_ && t >= peer.close_deadline_) {
      finish(slot, std::nullopt);  // our close_notify is out; theirs did not come
    } else if (!peer.conn_->handshake_done() &&
               t - peer.accepted_at_ >= options_.handshake_timeout.count()) {
      ++stats_.timed_out;
      finish(slot, Error(ErrorCode::timeout, "the handshake did not complete in time"));
    } else if (!peer.write_shut_ && t - peer.last_activity_ >= options_.idle_timeout.count()) {
      ++stats_.timed_out;
      peer.close();
      (void)::send(peer.socket_.fd(), peer.conn_->pending_output().data(),
                   peer.conn_->pending_output().size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      finish(slot, Error(ErrorCode::timeout, "the connection was idle too long"));
    }
  }
}

void EventLoop::finish(Slot& slot, std::optional<Error> error) {
  const int fd = slot.peer.socket_.fd();
  if (fd < 0) return;  // already finished during this turn
  if (error && error->code != ErrorCode::timeout) ++stats_.failed;
  // Closing the descriptor removes it from the epoll set (it is never duplicated): no
  // EPOLL_CTL_DEL per connection.
  slot.peer.socket_.close();
  --stats_.active;
  slot.handler->on_closed(error);
  // The slot stays alive until the end of this turn (callers may still hold references).
  finished_.push_back(std::move(slots_[static_cast<std::size_t>(fd)]));
}

}  // namespace tlspp::io
