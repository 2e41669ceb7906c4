// `tlspp demo`: with no set-up, starts a tlspp server on an ephemeral 127.0.0.1 port (in a thread,
// with the development certificates of `tlspp cert`) and narrates, one after the other, the
// handshakes the classic explanations describe: a full TLS 1.3 handshake, a resumed TLS 1.3
// handshake with 0-RTT data (the first step's ticket), a TLS 1.2 ECDHE handshake and the TLS 1.2
// RSA key exchange (the "pre-master secret encrypted with the server's
// public key" story), each carrying an HTTP request and response and ending with close_notify.
// Ends with a table comparing round trips, bytes on the wire and time.
#include <atomic>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "args.h"
#include "command.h"
#include "devcert.h"
#include "handshake/negotiation.h"
#include "io/socket.h"
#include "io/tls_stream.h"
#include "narration.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp demo [--lang en|ko] [--json] [--show-secrets]\n"
    "\n"
    "Runs a tlspp server on an ephemeral 127.0.0.1 port (in this process, with the development\n"
    "certificates of 'tlspp cert', created on first use) and narrates, step by step:\n"
    "  1. a full TLS 1.3 handshake\n"
    "  2. a resumed TLS 1.3 handshake with the ticket from step 1 (PSK with a fresh ECDHE\n"
    "     exchange), the HTTP GET sent as 0-RTT early data\n"
    "  3. a TLS 1.2 handshake with ECDHE key exchange\n"
    "  4. a TLS 1.2 handshake with the RSA key exchange (legacy, enabled on both sides just for\n"
    "     this step: the pre-master secret encrypted with the server's public key)\n"
    "each sending an HTTP GET, reading the response and closing with close_notify; then a table\n"
    "comparing round trips, bytes on the wire and time.\n"
    "  --lang en|ko     narration language (default from LC_ALL/LC_MESSAGES/LANG)\n"
    "  --json           the events as JSON lines instead of text\n"
    "  --show-secrets   also print the secret values (key log format)\n"
    "Exit codes: 0 every step succeeded; 1 a step failed; 2 usage errors.\n";

constexpr io::Millis kTimeout(10000);

// Which server configuration the next accepted connection gets.
enum class ServerKind : int { ecdsa, rsa_legacy };

// One demo step: how the client is configured and which server it meets.
struct Step {
  std::string title;
  std::string short_name;  // for the table
  ServerKind server;
  std::shared_ptr<ClientConfig> client;
  std::optional<ProtocolVersion> expect_version;
  bool expect_rsa_key_exchange = false;
  // Resumption with 0-RTT: the HTTP GET goes out as early data with the ClientHello, and the step
  // fails unless the server resumed the session and accepted the early data.
  bool early_data = false;
};

// What one step measured.
struct StepResult {
  bool ok = false;
  std::string failure;
  std::string version, suite, key_exchange;
  bool resumed = false, early_data_accepted = false;
  int round_trips = 0;  // client waits for the server before its handshake completed
  std::size_t handshake_bytes_out = 0, handshake_bytes_in = 0;
  std::size_t bytes_out = 0, bytes_in = 0;  // the whole connection
  double handshake_ms = 0, total_ms = 0;
};

// The in-process server: answers each connection's HTTP request with a short page.
class DemoServer {
 public:
  static Result<std::unique_ptr<DemoServer>> start(const DevIdentity& id) {
    auto server = std::unique_ptr<DemoServer>(new DemoServer());
    TLSPP_ASSIGN_OR_RETURN(server->listener_, io::Socket::listen_tcp("127.0.0.1", 0));
    TLSPP_ASSIGN_OR_RETURN(auto ecdsa, load_certified_key(id.chain, id.key));
    TLSPP_ASSIGN_OR_RETURN(auto rsa, load_certified_key(id.rsa_chain, id.rsa_key));
    auto ecdsa_config = std::make_shared<ServerConfig>();
    ecdsa_config->provider = provider();
    ecdsa_config->certificate = ecdsa;
    // Tickets allow 0-RTT (the demo's early data is a GET, safe to replay; the replay guard
    // still refuses a second use of a ticket).
    ecdsa_config->max_early_data = 16 * 1024;
    server->configs_[0] = ecdsa_config;
    // The RSA key exchange is off by default (no forward secrecy); this server allows it.
    auto rsa_config = std::make_shared<ServerConfig>();
    rsa_config->provider = provider();
    rsa_config->certificate = rsa;
    rsa_config->min_version = rsa_config->max_version = ProtocolVersion::tls1_2;
    rsa_config->allow_legacy_rsa_key_exchange = true;
    rsa_config->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256,
                                 CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256};
    server->configs_[1] = rsa_config;
    server->thread_ = std::thread([s = server.get()] { s->run(); });
    return server;
  }

  ~DemoServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  std::uint16_t port() const { return listener_.local_port(); }
  void set_next(ServerKind kind) { next_ = static_cast<int>(kind); }

 private:
  DemoServer() = default;

  void run() {
    while (!stop_) {
      auto accepted = listener_.accept(io::Millis(200));
      if (!accepted.ok()) continue;
      serve(std::move(accepted).value(), configs_[next_.load()]);
    }
  }

  static void serve(io::Socket socket, std::shared_ptr<const ServerConfig> config) {
    auto stream = io::TlsStream::accept(std::move(socket), config, kTimeout);
    if (!stream.ok()) return;
    std::string request;
    std::uint8_t buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384) {
      auto n = stream->read(buf);
      if (!n.ok() || *n == 0) return;
      request.append(reinterpret_cast<const char*>(buf), *n);
    }
    const SessionInfo& info = stream->connection().info();
    const std::string body =
        "Hello from the tlspp demo server: " + handshake::display_name(info.version) + ", " +
        handshake::display_name(info.cipher_suite) + "\n";
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                 body;
    if (!stream
             ->write_all({reinterpret_cast<const std::uint8_t*>(response.data()), response.size()})
             .ok()) {
      return;
    }
    // close_notify, then wait for the client's.
    (void)stream->close(/*wait_for_peer=*/true);
  }

  io::Socket listener_;
  std::shared_ptr<const ServerConfig> configs_[2];
  std::atomic<int> next_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Runs one step as the client: TCP connect, handshake, GET, response, close_notify both ways, TCP
// close. Drives the Connection over the socket itself to count round trips and bytes.
StepResult run_step(const Step& step, std::uint16_t port, Narration& narration) {
  StepResult r;
  const auto start = std::chrono::steady_clock::now();
  narration.title(step.title);
  narration.restart_clock();
  auto fail = [&](std::string why) {
    r.ok = false;
    r.failure = std::move(why);
    return r;
  };
  auto socket = io::Socket::connect_tcp("127.0.0.1", port, kTimeout);
  if (!socket.ok()) return fail(socket.error().reason);
  narration.tcp_connected(socket->peer_address());
  const std::string request =
      "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tlspp-demo\r\nConnection: close\r\n\r\n";
  const std::span<const std::uint8_t> request_bytes(
      reinterpret_cast<const std::uint8_t*>(request.data()), request.size());
  ClientParams params;
  params.server_name = "localhost";
  if (step.early_data) params.early_data.assign(request_bytes.begin(), request_bytes.end());
  auto created = Connection::client(step.client, std::move(params), &narration);
  if (!created.ok()) return fail(created.error().to_string());
  Connection& conn = **created;

  std::vector<std::uint8_t> buf(16 * 1024 + 512);
  bool sent_since_read = false;
  // Sends everything pending.
  auto flush = [&]() -> Status {
    while (!conn.pending_output().empty()) {
      auto out = conn.pending_output();
      TLSPP_TRY(socket->send_all(out, kTimeout));
      r.bytes_out += out.size();
      conn.consume_output(out.size());
      sent_since_read = true;
    }
    return {};
  };
  // Receives once and hands the bytes over; false at TCP end of stream.
  std::string received_text;
  auto pump = [&]() -> Result<bool> {
    if (sent_since_read && !conn.handshake_done()) ++r.round_trips;
    sent_since_read = false;
    TLSPP_ASSIGN_OR_RETURN(std::size_t n, socket->receive(buf, kTimeout));
    if (n == 0) return false;
    r.bytes_in += n;
    std::span<const std::uint8_t> input(buf.data(), n);
    while (!input.empty()) {
      TLSPP_ASSIGN_OR_RETURN(std::size_t used, conn.receive(input));
      input = input.subspan(used);
      std::uint8_t plain[4096];
      while (std::size_t got = conn.read(plain)) {
        const std::string_view chunk(reinterpret_cast<const char*>(plain), got);
        narration.application_data(Direction::received, got, first_line_of(chunk));
        received_text.append(chunk);
      }
    }
    return true;
  };

  // The handshake.
  while (!conn.handshake_done()) {
    if (auto s = flush(); !s.ok()) return fail(s.error().to_string());
    auto more = pump();
    if (!more.ok()) {
      (void)flush();
      return fail(more.error().to_string());
    }
    if (!*more) return fail("the server closed TCP during the handshake");
  }
  r.handshake_ms = ms_since(start);
  r.handshake_bytes_out = r.bytes_out + conn.pending_output().size();
  r.handshake_bytes_in = r.bytes_in;
  const SessionInfo& info = conn.info();
  r.version = handshake::display_name(info.version);
  r.suite = handshake::display_name(info.cipher_suite);
  r.key_exchange = info.group ? handshake::display_name(*info.group) : "RSA";
  r.resumed = info.resumed;
  r.early_data_accepted = info.early_data_accepted;

  // One HTTP request (unless the server took it as early data) and its response.
  if (!info.early_data_accepted) {
    if (auto s = conn.write(request_bytes); !s.ok()) return fail(s.error().to_string());
    narration.application_data(Direction::sent, request.size(), first_line_of(request));
  }
  if (auto s = flush(); !s.ok()) return fail(s.error().to_string());
  while (!conn.peer_closed()) {
    auto more = pump();
    if (!more.ok()) return fail(more.error().to_string());
    if (!*more) return fail("the server closed TCP without close_notify");
    if (auto s = flush(); !s.ok()) return fail(s.error().to_string());
  }
  // Our close_notify; the server's has arrived, so both directions are closed and keys wiped.
  if (auto s = conn.close(); !s.ok()) return fail(s.error().to_string());
  if (auto s = flush(); !s.ok()) return fail(s.error().to_string());
  socket->close();
  narration.tcp_closed();
  r.total_ms = ms_since(start);

  if (!received_text.starts_with("HTTP/1.1 200 ")) return fail("no HTTP 200 response");
  if (step.expect_version && info.version != *step.expect_version) {
    return fail("negotiated " + r.version + ", expected " +
                handshake::display_name(*step.expect_version));
  }
  if (step.expect_rsa_key_exchange != !info.group.has_value()) {
    return fail("unexpected key exchange " + r.key_exchange);
  }
  if (step.early_data && !r.resumed) return fail("the server did not resume the session");
  if (step.early_data && !r.early_data_accepted) return fail("the server refused the early data");
  r.ok = true;
  return r;
}

void print_table(const std::vector<Step>& steps, const std::vector<StepResult>& results,
                 std::FILE* out) {
  std::fprintf(out, "\n%-22s %-8s %-9s %3s %12s %12s %10s %10s  %s\n", "handshake", "version",
               "key exch.", "RTT", "C->S bytes", "S->C bytes", "handshake", "total", "result");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const StepResult& r = results[i];
    std::fprintf(out, "%-22s %-8s %-9s %3d %12zu %12zu %7.1f ms %7.1f ms  %s\n",
                 steps[i].short_name.c_str(), r.version.c_str(), r.key_exchange.c_str(),
                 r.round_trips, r.handshake_bytes_out, r.handshake_bytes_in, r.handshake_ms,
                 r.total_ms, r.ok ? "ok" : ("FAILED: " + r.failure).c_str());
  }
  std::fprintf(out,
               "RTT: round trips the client waited for before its handshake completed (plus one\n"
               "for TCP). Bytes: the handshake's bytes on the wire in each direction. Times "
               "include\nthe HTTP request and close_notify in 'total'. 0-RTT: the request left "
               "with the\nClientHello, so the server could act on it a round trip earlier (this "
               "demo's server\nanswers once the handshake has completed).\n");
}

std::vector<Step> demo_steps(const std::shared_ptr<const x509::TrustStore>& trust, Lang lang) {
  const bool ko = lang == Lang::ko;
  auto base = [&] {
    auto c = std::make_shared<ClientConfig>();
    c->provider = provider();
    c->trust_store = trust;
    c->key_log = nullptr;  // set by the caller (narration / SSLKEYLOGFILE)
    return c;
  };
  std::vector<Step> steps;
  {
    auto c = base();
    c->min_version = c->max_version = ProtocolVersion::tls1_3;
    steps.push_back({ko ? "1. TLS 1.3, 전체 핸드셰이크" : "1. TLS 1.3, full handshake",
                     "TLS 1.3 full", ServerKind::ecdsa, c, ProtocolVersion::tls1_3, false});
  }
  {
    // Step 1's client config holds the tickets the server sent after step 1's handshake (its
    // session store); this one shares the store, so the connection offers one of them as a PSK.
    auto c = base();
    c->min_version = c->max_version = ProtocolVersion::tls1_3;
    c->session_store = steps.front().client->session_store;
    Step resumed{ko ? "2. TLS 1.3, 세션 재개 + 0-RTT 조기 데이터"
                    : "2. TLS 1.3, resumed with 0-RTT early data",
                 "TLS 1.3 resumed+0-RTT",
                 ServerKind::ecdsa,
                 c,
                 ProtocolVersion::tls1_3,
                 false};
    resumed.early_data = true;
    steps.push_back(std::move(resumed));
  }
  {
    auto c = base();
    c->min_version = c->max_version = ProtocolVersion::tls1_2;
    steps.push_back({ko ? "3. TLS 1.2, ECDHE 키 교환" : "3. TLS 1.2, ECDHE key exchange",
                     "TLS 1.2 ECDHE", ServerKind::ecdsa, c, ProtocolVersion::tls1_2, false});
  }
  {
    auto c = base();
    c->min_version = c->max_version = ProtocolVersion::tls1_2;
    c->allow_legacy_rsa_key_exchange = true;
    c->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
    steps.push_back({ko ? "4. TLS 1.2, RSA 키 교환 (레거시: 예비 마스터 암호)"
                        : "4. TLS 1.2, RSA key exchange (legacy: pre-master secret)",
                     "TLS 1.2 RSA", ServerKind::rsa_legacy, c, ProtocolVersion::tls1_2, true});
  }
  return steps;
}

int run_demo(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  NarrationFlags narrate = read_narration_flags(args, /*is_client=*/true, stdout);
  auto rest = args.positional();
  if (args.error() || narrate.error || !rest.empty()) {
    std::fprintf(stderr, "tlspp demo: %s\n%s",
                 args.error()    ? args.error()->c_str()
                 : narrate.error ? narrate.error->c_str()
                                 : "no arguments expected",
                 kUsage);
    return 2;
  }
  auto id = load_or_create_dev_identity();
  if (!id.ok()) {
    std::fprintf(stderr, "tlspp demo: development certificates: %s\n", id.error().reason.c_str());
    return 1;
  }
  auto trust = load_trust_store({id->ca_cert});
  if (!trust.ok()) {
    std::fprintf(stderr, "tlspp demo: %s\n", trust.error().reason.c_str());
    return 1;
  }
  auto server = DemoServer::start(*id);
  if (!server.ok()) {
    std::fprintf(stderr, "tlspp demo: cannot start the server: %s\n",
                 server.error().reason.c_str());
    return 1;
  }
  std::unique_ptr<Narration> narration = Narration::create(stdout, narrate.options);
  if (!narrate.options.json) {
    std::printf("tlspp demo: server on 127.0.0.1:%u with the development certificates in %s%s\n",
                (*server)->port(), id->directory.c_str(),
                id->created_ca ? " (just created; 'tlspp cert' shows how to trust them)" : "");
  }
  std::vector<Step> steps = demo_steps(*trust, narrate.options.lang);
  std::vector<StepResult> results;
  bool all_ok = true;
  for (Step& step : steps) {
    step.client->key_log = narration->key_log(key_log_from_environment());
    (*server)->set_next(step.server);
    results.push_back(run_step(step, (*server)->port(), *narration));
    if (!results.back().ok) {
      all_ok = false;
      std::fprintf(stderr, "tlspp demo: %s failed: %s\n", step.short_name.c_str(),
                   results.back().failure.c_str());
    }
  }
  // The table is for people; with --json it goes to standard error.
  print_table(steps, results, narrate.options.json ? stderr : stdout);
  return all_ok ? 0 : 1;
}

const Registration kDemo{
    {"demo", "narrate real TLS 1.3 and 1.2 handshakes against a local server (no set-up)",
     run_demo}};

}  // namespace
}  // namespace tlspp::tool
