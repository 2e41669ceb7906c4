// `tlspp client HOST:PORT`: like openssl s_client. Sends stdin to the server and prints what the
// server sends; after stdin ends, keeps printing until the server closes or --timeout seconds pass
// without data, then sends close_notify.
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "args.h"
#include "command.h"
#include "handshake/negotiation.h"
#include "io/tls_stream.h"
#include "narration.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp client HOST:PORT [--cafile FILE]... [--servername NAME] [--alpn LIST]\n"
    "                   [--tls1.3|--tls1.2] [--ciphersuites LIST] [--groups LIST] [--legacy-rsa]\n"
    "                   [--timeout SECONDS] [--insecure] [--quiet]\n"
    "                   [--cert CHAIN.pem --key KEY.pem]\n"
    "                   [--trace|--json] [--lang en|ko] [--show-secrets]\n"
    "                   [--sess-in FILE] [--sess-out FILE] [--early-data FILE]\n"
    "\n"
    "Connects, verifies the server's certificate (against --cafile, else the system store) for\n"
    "NAME (default HOST), sends standard input and prints what the server sends. After standard\n"
    "input ends it waits for the server to close, or for --timeout seconds (default 10) without\n"
    "data, then sends close_notify. SSLKEYLOGFILE is honoured.\n"
    "  --insecure   do not verify the certificate (DANGEROUS: anyone can impersonate the server)\n"
    "  --cert, --key  a client certificate chain (leaf first) and its key, sent when the server\n"
    "               asks for one (mutual TLS) and the key fits the server's signature algorithms\n"
    "  --sess-in    offer the session saved in FILE (resumption)\n"
    "  --sess-out   save the session to FILE (mode 0600: it holds the session's secret)\n"
    "  --early-data send FILE's contents as TLS 1.3 0-RTT data when the session allows it\n"
    "               (resent after the handshake if the server rejects it)\n"
    "  --tls1.3, --tls1.2   only that version (default: TLS 1.3 and 1.2)\n"
    "  --ciphersuites LIST  cipher suites in preference order (comma-separated IANA names)\n"
    "  --groups LIST        key exchange groups in preference order (x25519, secp256r1,\n"
    "                       secp384r1, secp521r1)\n"
    "%s"
    "Exit codes: 0 the session ended cleanly; 1 a TLS failure (handshake alert, certificate\n"
    "verification, truncation); 2 usage or input errors; 3 a network failure (DNS, refused,\n"
    "timeout).\n";

int fail(const Error& e) {
  std::fprintf(stderr, "tlspp client: %s\n",
               e.reason.empty() ? e.to_string().c_str() : e.reason.c_str());
  const ErrorCategory c = category_of(e.code);
  return c == ErrorCategory::io ? 3 : 1;
}

bool write_stdout(std::span<const std::uint8_t> data) {
  while (!data.empty()) {
    ssize_t n = ::write(1, data.data(), data.size());
    if (n <= 0) return false;
    data = data.subspan(static_cast<std::size_t>(n));
  }
  return true;
}

int run_client(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::printf(kUsage, kNarrationUsage);
    return 0;
  }
  auto cafiles = args.values("--cafile");
  auto servername = args.value("--servername");
  auto alpn = args.value("--alpn");
  auto timeout_s = args.value("--timeout");
  const bool insecure = args.flag("--insecure");
  bool quiet = args.flag("--quiet");
  auto sess_in = args.value("--sess-in");
  auto sess_out = args.value("--sess-out");
  auto early_file = args.value("--early-data");
  auto config = std::make_shared<ClientConfig>();
  apply_version_flags(args, *config);
  const Status algorithms = apply_algorithm_flags(args, *config);
  const Status client_cert = apply_client_certificate(args, *config);
  NarrationFlags narrate = read_narration_flags(args, /*is_client=*/true, stderr);
  auto rest = args.positional();
  if (args.error() || narrate.error || rest.size() != 1) {
    std::fprintf(stderr, "tlspp client: %s\n",
                 args.error()    ? args.error()->c_str()
                 : narrate.error ? narrate.error->c_str()
                                 : "one HOST:PORT is required");
    std::fprintf(stderr, kUsage, kNarrationUsage);
    return 2;
  }
  for (const Status* s : {&algorithms, &client_cert}) {
    if (!s->ok()) {
      std::fprintf(stderr, "tlspp client: %s\n", s->error().reason.c_str());
      return 2;
    }
  }
  quiet = quiet || narrate.options.json;  // standard error carries only JSON lines then
  // The narration goes to standard error: standard output carries what the server sends.
  std::unique_ptr<Narration> narration =
      narrate.enabled ? Narration::create(stderr, narrate.options) : nullptr;
  auto target = parse_host_port(rest[0]);
  if (!target) {
    std::fprintf(stderr, "tlspp client: %s is not HOST:PORT\n", rest[0].c_str());
    return 2;
  }
  config->provider = provider();
  if (!cafiles.empty()) {
    auto trust = load_trust_store(cafiles);
    if (!trust.ok()) {
      std::fprintf(stderr, "tlspp client: %s\n", trust.error().reason.c_str());
      return 2;
    }
    config->trust_store = *trust;
  }
  if (alpn) config->alpn = split_list(*alpn);
  config->key_log =
      narration ? narration->key_log(key_log_from_environment()) : key_log_from_environment();
  if (insecure) {
    config->dangerous_disable_certificate_verification = true;
    std::fprintf(stderr,
                 "tlspp client: WARNING: --insecure: the server's certificate is NOT verified\n");
  }
  const std::string server_name = servername.value_or(target->host);
  if (sess_in) {
    if (auto s = load_session(*sess_in, *config, server_name); !s.ok()) {
      std::fprintf(stderr, "tlspp client: --sess-in: %s\n", s.error().reason.c_str());
      return 2;
    }
  }
  ClientParams params;
  params.server_name = server_name;
  if (early_file) {
    auto data = read_file(*early_file);
    if (!data.ok()) {
      std::fprintf(stderr, "tlspp client: %s\n", data.error().reason.c_str());
      return 2;
    }
    params.early_data.assign(data->begin(), data->end());
  }
  const std::vector<std::uint8_t> early_data = params.early_data;
  const std::optional<int> timeout_seconds = timeout_s ? parse_int(*timeout_s, 1, 86400) : 10;
  if (!timeout_seconds) {
    std::fprintf(stderr, "tlspp client: --timeout takes a number of seconds (1..86400)\n");
    return 2;
  }
  const auto timeout = std::chrono::seconds(*timeout_seconds);
  auto stream =
      io::TlsStream::connect(target->host, target->port, config, std::move(params),
                             std::chrono::duration_cast<io::Millis>(timeout), narration.get());
  if (!stream.ok()) return fail(stream.error());
  Connection& conn = stream->connection();
  const bool early_accepted = conn.info().early_data_accepted;
  if (!narrate.options.json) {  // with --json, standard error carries only JSON lines
    std::fprintf(stderr, "tlspp client: resumed: %s, early data: %s\n",
                 conn.info().resumed ? "yes" : "no",
                 early_data.empty() ? "none"
                 : early_accepted   ? "accepted"
                                    : "rejected");
  }
  // RFC 8446 §4.2.10: early data the server did not take is resent as ordinary data.
  if (!early_data.empty() && !early_accepted) {
    if (auto s = conn.write(early_data); !s.ok()) return fail(s.error());
  }
  io::Socket& sock = stream->socket();
  if (!quiet) {
    const SessionInfo& info = conn.info();
    std::fprintf(stderr, "tlspp client: connected: %s %s %s%s%s%s\n",
                 handshake::display_name(info.version).c_str(),
                 handshake::display_name(info.cipher_suite).c_str(),
                 info.group ? handshake::display_name(*info.group).c_str() : "",
                 info.alpn.empty() ? "" : " alpn=", info.alpn.c_str(),
                 info.resumed ? " (resumed)" : "");
  }

  auto flush = [&]() -> Status {
    while (!conn.pending_output().empty()) {
      auto out = conn.pending_output();
      TLSPP_TRY(sock.send_all(out, io::Millis(10000)));
      conn.consume_output(out.size());
    }
    return {};
  };
  bool stdin_open = true;
  auto last_data = std::chrono::steady_clock::now();
  std::vector<std::uint8_t> buf(16 * 1024 + 512);
  std::vector<std::uint8_t> plain(16 * 1024);
  for (;;) {
    if (conn.peer_closed()) break;
    if (!stdin_open && std::chrono::steady_clock::now() - last_data >= timeout) break;
    pollfd fds[2] = {{sock.fd(), POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
    if (::poll(fds, 2, 200) < 0) continue;
    if (stdin_open && (fds[1].revents & (POLLIN | POLLHUP))) {
      ssize_t n = ::read(0, buf.data(), buf.size());
      if (n <= 0) {
        stdin_open = false;
        last_data = std::chrono::steady_clock::now();
      } else if (auto s = conn.write({buf.data(), static_cast<std::size_t>(n)}); !s.ok()) {
        return fail(s.error());
      } else if (narration) {
        narration->application_data(Direction::sent, static_cast<std::size_t>(n),
                                    first_line_of({reinterpret_cast<const char*>(buf.data()),
                                                   static_cast<std::size_t>(n)}));
      }
      if (auto s = flush(); !s.ok()) return fail(s.error());
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      auto n = sock.receive(buf, io::Millis(0));
      if (!n.ok()) return fail(n.error());
      if (*n == 0) {
        return fail(Error(ErrorCode::io_error,
                          "the server closed TCP without close_notify (possible truncation)"));
      }
      last_data = std::chrono::steady_clock::now();
      std::span<const std::uint8_t> input(buf.data(), *n);
      while (!input.empty()) {
        auto used = conn.receive(input);
        if (!used.ok()) {
          (void)flush();
          return fail(used.error());
        }
        input = input.subspan(*used);
        while (std::size_t got = conn.read(plain)) {
          if (narration) {
            narration->application_data(
                Direction::received, got,
                first_line_of({reinterpret_cast<const char*>(plain.data()), got}));
          }
          write_stdout({plain.data(), got});
        }
        if (conn.peer_closed()) break;
      }
      if (auto s = flush(); !s.ok()) return fail(s.error());
    }
  }
  if (auto s = conn.close(); !s.ok()) return fail(s.error());
  (void)flush();
  if (sess_out) {
    // After the connection: TLS 1.3 tickets arrive after the handshake.
    if (auto s = save_session(*sess_out, *config, server_name); !s.ok()) {
      std::fprintf(stderr, "tlspp client: --sess-out: %s\n", s.error().reason.c_str());
    }
  }
  sock.close();
  if (narration) narration->tcp_closed();
  if (!quiet) {
    std::fprintf(stderr, "tlspp client: closed (%s)\n",
                 conn.peer_closed() ? "close_notify both ways" : "timeout; close_notify sent");
  }
  return 0;
}

const Registration kClient{{"client", "a TLS client like openssl s_client", run_client}};

}  // namespace
}  // namespace tlspp::tool
