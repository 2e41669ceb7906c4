// Connection::Impl: the record layer, the handshake machine and the buffers between them and the
// application. It implements HandshakeIo for the machine.
#include "tlspp/connection.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "codec/hex.h"
#include "crypto/provider.h"
#include "handshake/machine.h"
#include "msgs/alert.h"
#include "record/record_layer.h"

namespace tlspp {

using Bytes = std::span<const std::uint8_t>;

namespace {
std::int64_t system_now_ms() {
  return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
}
}  // namespace

Clock system_clock() { return system_now_ms; }

namespace {
// Decrypted application data the application has not read yet, above which receive() stops
// consuming input (backpressure).
constexpr std::size_t kMaxUnreadPlaintext = 64 * 1024;

record::RecordLayerConfig record_config(const CommonConfig& c, record::RecordTracer tracer) {
  record::RecordLayerConfig rc;
  rc.max_handshake_message_size = c.limits.max_handshake_message_size;
  rc.max_records_without_progress = c.limits.max_empty_records;
  rc.tracer = std::move(tracer);
  return rc;
}
}  // namespace

struct Connection::Impl final : handshake::HandshakeIo {
  Impl(const CommonConfig& common, std::shared_ptr<crypto::Provider> p)
      : common(common), provider(std::move(p)), records(record_config(common, record_tracer())) {}

  // The config the connection was made from (kept alive by client_config / server_config).
  const CommonConfig& common;
  std::shared_ptr<const ClientConfig> client_config;
  std::shared_ptr<const ServerConfig> server_config;
  std::shared_ptr<crypto::Provider> provider;
  record::RecordLayer records;
  // What was negotiated. During the handshake it is refreshed from the machine after every
  // handshake step once the application asked for info() (info_requested), so a reference taken
  // early follows the handshake; until then it is filled only when the machine goes (no copy of
  // the peer's chain per step, and none kept next to the machine's). Once the handshake is done
  // the machine hands it over (Machine::finish) and the connected machine refers to it: the one
  // copy, valid for the connection's lifetime (declared before `machine`, which refers to it).
  SessionInfo final_info;
  mutable bool info_requested = false;
  bool info_handed_over = false;
  std::unique_ptr<handshake::Machine> machine;
  Observer* observer = nullptr;

  record::OutputBuffer out;  // pending output: [out_start, out.size())
  std::size_t out_start = 0;
  // out holds application data records. When it drains, a buffer that carried application data
  // keeps its capacity (steady-state writes allocate nothing); one that carried only handshake
  // flights, alerts and the like is freed (an idle connection does not keep its largest flight).
  bool out_has_app_data = false;
  // Unread application data: [in_start, in_end) of plaintext_in. Its size() is the buffer's extent
  // (never shrunk), so that when it is exchanged with the record layer's receive buffer (zero-copy
  // delivery, append_plaintext) a record of that size arrives without an allocation.
  std::vector<std::uint8_t> plaintext_in;
  std::size_t in_start = 0;
  std::size_t in_end = 0;
  std::vector<std::uint8_t> held_writes;  // written before the handshake completed
  // Size of the span the last receive_space() returned while it is valid (0: none).
  std::size_t space_given = 0;
  std::optional<Error> error;
  bool sent_close = false;
  bool received_close = false;
  bool done_reported = false;
  std::size_t early_received =
      0;  // server: 0-RTT bytes delivered (Connection::early_data_received)

  // ---- HandshakeIo ----
  Status send_handshake(Bytes message) override {
    records.queue_handshake(message);
    return {};
  }

  Status send_change_cipher_spec() override {
    TLSPP_TRY(records.flush_handshake(out));
    static constexpr std::uint8_t kCcs[] = {1};
    TLSPP_TRY(records.seal_record(ContentType::change_cipher_spec, kCcs, out));
    return {};
  }

  Status send_warning_alert(AlertDescription description) override {
    TLSPP_TRY(records.flush_handshake(out));
    const std::uint8_t alert[] = {static_cast<std::uint8_t>(AlertLevel::warning),
                                  static_cast<std::uint8_t>(description)};
    TLSPP_TRY(records.seal_record(ContentType::alert, alert, out));
    if (observer) emit(AlertEvent{Direction::sent, AlertLevel::warning, description, {}});
    return {};
  }

  Status install_write_keys(handshake::RecordKeys keys) override {
    TLSPP_TRY(records.flush_handshake(out));
    records.set_negotiated_version(keys.version);
    std::string aead(crypto::name_of(keys.aead));
    if (keys.version == ProtocolVersion::tls1_3) {
      TLSPP_ASSIGN_OR_RETURN(auto prot,
                             record::Tls13RecordProtection::create(
                                 *provider, keys.aead, std::move(keys.key), std::move(keys.iv)));
      TLSPP_TRY(records.set_write_keys(std::move(prot)));
    } else {
      TLSPP_ASSIGN_OR_RETURN(auto prot,
                             record::Tls12RecordProtection::create(
                                 *provider, keys.aead, std::move(keys.key), std::move(keys.iv)));
      TLSPP_TRY(records.set_write_keys(std::move(prot)));
    }
    if (observer) emit(KeysEvent{Direction::sent, keys.epoch, aead});
    return {};
  }

  Status install_read_keys(handshake::RecordKeys keys) override {
    records.set_negotiated_version(keys.version);
    std::string aead(crypto::name_of(keys.aead));
    if (keys.version == ProtocolVersion::tls1_3) {
      TLSPP_ASSIGN_OR_RETURN(auto prot,
                             record::Tls13RecordProtection::create(
                                 *provider, keys.aead, std::move(keys.key), std::move(keys.iv)));
      TLSPP_TRY(records.set_read_keys(std::move(prot)));
    } else {
      TLSPP_ASSIGN_OR_RETURN(auto prot,
                             record::Tls12RecordProtection::create(
                                 *provider, keys.aead, std::move(keys.key), std::move(keys.iv)));
      TLSPP_TRY(records.set_read_keys(std::move(prot)));
    }
    if (observer) emit(KeysEvent{Direction::received, keys.epoch, aead});
    return {};
  }

  void set_version(ProtocolVersion version) override { records.set_negotiated_version(version); }
  void set_peer_record_size_limit(std::size_t limit) override {
    records.set_write_record_size_limit(limit);
  }

  void emit(Event event) override {
    if (observer) observer->on_event(event);
  }
  bool observed() const override { return observer != nullptr; }

  void key_log(std::string_view label, Bytes client_random, Bytes secret) override {
    if (!common.key_log) return;
    std::string line(label);
    line += ' ';
    line += codec::to_hex(client_random);
    line += ' ';
    line += codec::to_hex(secret);
    common.key_log(line);
    codec::secure_wipe({reinterpret_cast<std::uint8_t*>(line.data()), line.size()});
  }

  // The configured clock (the config outlives the connection), else the system clock.
  std::int64_t now_ms() override { return common.clock ? common.clock() : system_now_ms(); }

  Status send_early_data(Bytes data) override {
    TLSPP_TRY(records.flush_handshake(out));
    out_has_app_data = true;
    TLSPP_TRY(records.seal_records(ContentType::application_data, data, out));
    return {};
  }

  Status clear_write_keys() override {
    TLSPP_TRY(records.flush_handshake(out));
    return records.clear_write_keys();
  }

  void skip_early_data(std::size_t max_bytes) override {
    records.skip_undecryptable_records(max_bytes);
  }

  // ---- helpers ----
  // Every record the record layer seals or opens becomes a RecordEvent (when observed).
  record::RecordTracer record_tracer() {
    return [this](const record::RecordTrace& t) {
      if (observer) {
        emit(RecordEvent{t.sent ? Direction::sent : Direction::received, t.outer, t.inner,
                         t.wire_length});
      }
    };
  }

  // Ends the connection with `e`: queues the alert it names (unless the peer sent one), wipes every
  // key by destroying the machine and the record protections, and returns the error.
  Error fail(Error e) {
    if (error) return *error;
    if (e.code != ErrorCode::peer_alert && e.code != ErrorCode::closed) {
      const std::uint8_t alert[] = {static_cast<std::uint8_t>(AlertLevel::fatal),
                                    static_cast<std::uint8_t>(e.alert)};
      (void)records.flush_handshake(out);
      if (records.seal_record(ContentType::alert, alert, out).ok() && observer) {
        emit(AlertEvent{Direction::sent, AlertLevel::fatal, e.alert, e.reason});
      }
    }
    error = e;
    wipe_keys();
    if (observer) emit(ClosedEvent{false, e.to_string()});
    return e;
  }

  // Brings final_info up to date with the machine's (no-op without a machine or once handed over).
  void refresh_info() {
    if (machine && !info_handed_over) final_info = machine->info();
  }

  void wipe_keys() {
    space_given = 0;  // the record layer (and its buffer) is replaced
    refresh_info();
    machine.reset();
    records = record::RecordLayer(record_config(common, record_tracer()));
    held_writes.clear();
  }

  Status flush() { return records.flush_handshake(out); }

  Status after_handshake_step() {
    if (info_requested) refresh_info();
    TLSPP_TRY(flush());
    records.allow_tls13_compat_ccs(machine->compat_ccs_allowed());
    if (machine->handshake_done()) {
      // The reassembler and fragmenter are needed again only for post-handshake messages.
      records.release_handshake_memory();
      // The handshake machine (transcript, offered parameters, handshake secrets) gives way to
      // the connected one, which keeps only what post-handshake messages and KeyUpdate need.
      if (!info_handed_over) {
        if (auto connected = machine->finish(final_info)) {
          info_handed_over = true;
          machine = std::move(connected);
        }
      }
    }
    if (machine->handshake_done() && !done_reported) {
      done_reported = true;
      if (!held_writes.empty()) {
        std::vector<std::uint8_t> held;
        held.swap(held_writes);
        TLSPP_TRY(seal_application_data(held));
      }
    }
    return {};
  }

  Status seal_application_data(Bytes data) {
    if (records.needs_key_update() && machine) {
      TLSPP_TRY(machine->send_key_update(false));
      TLSPP_TRY(flush());
    }
    out_has_app_data = true;
    return records.seal_records(ContentType::application_data, data, out);
  }

  Status on_alert(Bytes content) {
    TLSPP_ASSIGN_OR_RETURN(msgs::Alert alert, msgs::Alert::decode(content));
    if (observer) emit(AlertEvent{Direction::received, alert.level, alert.description, {}});
    if (alert.description == AlertDescription::close_notify) {
      // RFC 8446 §6.1: no more data from the peer; we may still send until we close.
      received_close = true;
      if (observer) emit(NoteEvent{"the peer sent close_notify: it will send no more data"});
      return {};
    }
    if (alert.description == AlertDescription::user_canceled) {
      return records.note_record_without_progress();
    }
    // RFC 5246 §7.2.2 / RFC 5746 §4.4: in TLS 1.2 a no_renegotiation warning (the answer to a
    // renegotiation request, which tlspp never makes, or a peer refusing one) does not end the
    // connection; it counts as a record without progress.
    if (alert.level == AlertLevel::warning &&
        alert.description == AlertDescription::no_renegotiation && machine &&
        machine->info().version == ProtocolVersion::tls1_2) {
      return records.note_record_without_progress();
    }
    // RFC 8446 §6.2: every other alert is fatal in TLS 1.3, whatever its level says.
    std::string name(name_of(alert.description));
    if (name.empty()) name = "alert " + std::to_string(static_cast<int>(alert.description));
    return Error(ErrorCode::peer_alert, "the peer sent a fatal alert: " + name, alert.description);
  }

  // Makes a record's decrypted content readable. When nothing is unread, the record's buffer
  // itself becomes the plaintext buffer (the two buffers change places, no copy); otherwise the
  // content is appended to what is unread.
  void append_plaintext(Bytes content) {
    if (content.empty()) return;
    if (in_start == in_end) {
      if (auto at = records.take_record_buffer(content, plaintext_in)) {
        in_start = *at;
        in_end = *at + content.size();
        return;
      }
      in_start = in_end = 0;
    }
    if (in_end + content.size() > plaintext_in.size()) {
      if (in_start > 0) {
        std::memmove(plaintext_in.data(), plaintext_in.data() + in_start, in_end - in_start);
        in_end -= in_start;
        in_start = 0;
      }
      if (in_end + content.size() > plaintext_in.size())
        plaintext_in.resize(in_end + content.size());
    }
    std::memcpy(plaintext_in.data() + in_end, content.data(), content.size());
    in_end += content.size();
  }

  Status process_input() {
    for (;;) {
      TLSPP_ASSIGN_OR_RETURN(std::optional<record::Inbound> in, records.next());
      if (!in) return {};
      switch (in->type) {
        case ContentType::handshake: {
          if (received_close) {
            return Error(ErrorCode::unexpected_message, "handshake message after close_notify");
          }
          msgs::HandshakeMessageView view{in->handshake_type, in->handshake_body, in->content};
          TLSPP_TRY(machine->on_handshake(view));
          TLSPP_TRY(after_handshake_step());
          break;
        }
        case ContentType::alert: TLSPP_TRY(on_alert(in->content)); break;
        case ContentType::application_data:
          // RFC 8446 §2: application data only under application keys, after the handshake;
          // RFC 8446 §4.2.10: or accepted 0-RTT data, within the limit, before EndOfEarlyData.
          if (!machine->handshake_done()) {
            const auto limit = machine->early_data_limit();
            if (!limit) {
              return Error(ErrorCode::unexpected_message,
                           "application data before the handshake completed");
            }
            early_received += in->content.size();
            if (early_received > *limit) {
              return Error(ErrorCode::too_much_early_data,
                           "more than the " + std::to_string(*limit) +
                               " bytes of early data the ticket allows");
            }
            if (observer) emit(NoteEvent{"0-RTT early data received (replayable)"});
          }
          if (received_close) {
            return Error(ErrorCode::unexpected_message, "application data after close_notify");
          }
          append_plaintext(in->content);
          break;
        case ContentType::change_cipher_spec:
          TLSPP_TRY(machine->on_change_cipher_spec());
          TLSPP_TRY(after_handshake_step());
          break;
        default: return Error(ErrorCode::unexpected_message, "record of an unknown content type");
      }
      if (received_close) return {};
    }
  }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

namespace {
std::shared_ptr<crypto::Provider> provider_for(const CommonConfig& c) {
  return c.provider ? c.provider : crypto::default_provider();
}
}  // namespace

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const ClientConfig> config,
                                                       std::string server_name,
                                                       Observer* observer) {
  ClientParams params;
  params.server_name = std::move(server_name);
  return client(std::move(config), std::move(params), observer);
}

Result<std::unique_ptr<Connection>> Connection::client(std::shared_ptr<const ClientConfig> config,
                                                       ClientParams params, Observer* observer) {
  if (!config) return Error(ErrorCode::invalid_argument, "no client configuration");
  auto impl = std::make_unique<Impl>(*config, provider_for(*config));
  impl->client_config = config;
  impl->observer = observer;
  impl->machine = handshake::make_client(config, *impl->provider, *impl, std::move(params));
  std::unique_ptr<Connection> conn(new Connection(std::move(impl)));
  Impl& i = *conn->impl_;
  if (auto s = i.machine->start(); !s.ok()) return i.fail(std::move(s).error());
  if (auto s = i.after_handshake_step(); !s.ok()) return i.fail(std::move(s).error());
  return conn;
}

Result<std::unique_ptr<Connection>> Connection::server(std::shared_ptr<const ServerConfig> config,
                                                       Observer* observer) {
  if (!config) return Error(ErrorCode::invalid_argument, "no server configuration");
  auto impl = std::make_unique<Impl>(*config, provider_for(*config));
  impl->server_config = config;
  impl->observer = observer;
  impl->machine = handshake::make_server(config, *impl->provider, *impl);
  std::unique_ptr<Connection> conn(new Connection(std::move(impl)));
  if (auto s = conn->impl_->machine->start(); !s.ok())
    return conn->impl_->fail(std::move(s).error());
  return conn;
}

Result<std::size_t> Connection::receive(std::span<const std::uint8_t> bytes) {
  Impl& i = *impl_;
  i.space_given = 0;
  if (i.error) return *i.error;
  std::size_t consumed = 0;
  while (consumed < bytes.size()) {
    if (i.received_close) break;  // nothing after close_notify is read (RFC 8446 §6.1)
    if (i.in_end - i.in_start > kMaxUnreadPlaintext) break;
    auto n = i.records.feed(bytes.subspan(consumed));
    if (!n.ok()) return i.fail(std::move(n).error());
    consumed += *n;
    if (auto s = i.process_input(); !s.ok()) return i.fail(std::move(s).error());
    if (*n == 0 && i.records.bytes_wanted() == 0) break;  // a record waits that was not drained
  }
  return consumed;
}

std::span<std::uint8_t> Connection::receive_space() {
  Impl& i = *impl_;
  i.space_given = 0;
  // The conditions under which receive() takes nothing: an error, close_notify (RFC 8446 §6.1),
  // unread plaintext over the backpressure limit.
  if (i.error || i.received_close || i.in_end - i.in_start > kMaxUnreadPlaintext) return {};
  const std::span<std::uint8_t> space = i.records.input_space();
  i.space_given = space.size();
  return space;
}

Status Connection::commit_received(std::size_t n) {
  Impl& i = *impl_;
  if (i.error) return *i.error;
  if (n == 0) return {};
  if (n > i.space_given) {
    return i.fail(
        Error(ErrorCode::invalid_argument, "commit_received(" + std::to_string(n) +
                                               ") exceeds the " + std::to_string(i.space_given) +
                                               " bytes of the last receive_space() still valid"));
  }
  i.space_given = 0;
  if (auto s = i.records.commit_input(n); !s.ok()) return i.fail(std::move(s).error());
  // Only a completed record brings new input (what was there before was drained).
  if (i.records.bytes_wanted() != 0) return {};
  if (auto s = i.process_input(); !s.ok()) return i.fail(std::move(s).error());
  return {};
}

std::span<const std::uint8_t> Connection::pending_output() const {
  return std::span<const std::uint8_t>(impl_->out).subspan(impl_->out_start);
}

void Connection::consume_output(std::size_t n) {
  Impl& i = *impl_;
  i.out_start = std::min(i.out.size(), i.out_start + n);
  if (i.out_start == i.out.size()) {
    if (i.out_has_app_data) {
      i.out.clear();  // keeps its capacity: no allocation for the next record
    } else {
      record::OutputBuffer().swap(i.out);
    }
    i.out_start = 0;
    i.out_has_app_data = false;
  }
}

std::size_t Connection::read(std::span<std::uint8_t> out) {
  const std::span<const std::uint8_t> unread = read_view();
  const std::size_t n = std::min(out.size(), unread.size());
  if (n > 0) std::memcpy(out.data(), unread.data(), n);
  consume_read(n);
  return n;
}

std::span<const std::uint8_t> Connection::read_view() const {
  return std::span<const std::uint8_t>(impl_->plaintext_in)
      .subspan(impl_->in_start, impl_->in_end - impl_->in_start);
}

void Connection::consume_read(std::size_t n) {
  Impl& i = *impl_;
  i.in_start = std::min(i.in_end, i.in_start + n);
  if (i.in_start == i.in_end) i.in_start = i.in_end = 0;  // the buffer is kept for the next record
}

std::size_t Connection::early_data_received() const { return impl_->early_received; }

std::size_t Connection::readable() const { return impl_->in_end - impl_->in_start; }

Status Connection::write(std::span<const std::uint8_t> data) {
  Impl& i = *impl_;
  if (i.error) return *i.error;
  if (i.sent_close) return Error(ErrorCode::closed, "write after close()");
  const std::size_t pending = i.out.size() - i.out_start + i.held_writes.size();
  if (pending + data.size() > i.common.limits.max_pending_output) {
    return Error(ErrorCode::buffer_full,
                 "more than limits.max_pending_output bytes wait to be sent");
  }
  if (!handshake_done()) {
    i.held_writes.insert(i.held_writes.end(), data.begin(), data.end());
    return {};
  }
  if (auto s = i.seal_application_data(data); !s.ok()) return i.fail(std::move(s).error());
  return {};
}

Status Connection::close() {
  Impl& i = *impl_;
  if (i.error || i.sent_close) return {};
  if (auto s = i.flush(); !s.ok()) return i.fail(std::move(s).error());
  static constexpr std::uint8_t kCloseNotify[] = {static_cast<std::uint8_t>(AlertLevel::warning),
                                                  0};
  if (auto s = i.records.seal_record(ContentType::alert, kCloseNotify, i.out); !s.ok()) {
    return i.fail(std::move(s).error());
  }
  i.sent_close = true;
  if (i.observer) {
    i.emit(AlertEvent{Direction::sent, AlertLevel::warning, AlertDescription::close_notify, {}});
  }
  if (i.received_close) {
    i.wipe_keys();
    if (i.observer) i.emit(ClosedEvent{true, "close_notify sent and received; keys wiped"});
  }
  return {};
}

Status Connection::key_update(bool request_peer_update) {
  Impl& i = *impl_;
  if (i.error) return *i.error;
  if (!handshake_done()) {
    return Error(ErrorCode::invalid_argument, "KeyUpdate before the handshake completed");
  }
  if (i.sent_close || !i.machine) return Error(ErrorCode::closed, "key_update() after close()");
  if (i.machine->info().version != ProtocolVersion::tls1_3) {
    return Error(ErrorCode::invalid_argument, "KeyUpdate is TLS 1.3 only; this is TLS 1.2");
  }
  if (auto s = i.machine->send_key_update(request_peer_update); !s.ok()) {
    return i.fail(std::move(s).error());
  }
  if (auto s = i.flush(); !s.ok()) return i.fail(std::move(s).error());
  return {};
}

bool Connection::is_client() const { return impl_->client_config != nullptr; }
bool Connection::handshake_done() const { return impl_->done_reported; }
bool Connection::wants_read() const { return !impl_->error && !impl_->received_close; }
bool Connection::wants_write() const { return !pending_output().empty(); }
bool Connection::peer_closed() const { return impl_->received_close; }
bool Connection::closed() const {
  return impl_->error.has_value() || (impl_->sent_close && impl_->received_close);
}
const std::optional<Error>& Connection::error() const { return impl_->error; }

const SessionInfo& Connection::info() const {
  Impl& i = *impl_;
  if (!i.info_requested) {
    i.info_requested = true;
    i.refresh_info();
  }
  return i.final_info;
}

void Connection::release_buffers() {
  Impl& i = *impl_;
  i.space_given = 0;  // the receive buffer may be freed
  if (i.out_start == i.out.size()) {
    record::OutputBuffer().swap(i.out);
    i.out_start = 0;
    i.out_has_app_data = false;
  }
  if (i.in_start == i.in_end) {
    std::vector<std::uint8_t>().swap(i.plaintext_in);
    i.in_start = i.in_end = 0;
  }
  if (i.held_writes.empty()) std::vector<std::uint8_t>().swap(i.held_writes);
  i.records.release_memory();
}

void Connection::set_observer(Observer* observer) { impl_->observer = observer; }

}  // namespace tlspp
