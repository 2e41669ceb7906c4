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
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp client HOST:PORT [--cafile FILE]... [--servername NAME] [--alpn LIST]\n"
    "                   [--tls1.3|--tls1.2] [--legacy-rsa] [--timeout SECONDS] [--insecure] "
    "[--quiet]\n"
    "                   [--sess-in FILE] [--sess-out FILE] [--early-data FILE]\n"
    "\n"
    "Connects, verifies the server's certificate (against --cafile, else the system store) for\n"
    "NAME (default HOST), sends standard input and prints what the server sends. After standard\n"
    "input ends it waits for the server to close, or for --timeout seconds (default 10) without\n"
    "data, then sends close_notify. SSLKEYLOGFILE is honoured.\n"
    "  --insecure   do not verify the certificate (DANGEROUS: anyone can impersonate the server)\n"
    "  --sess-in    resume the session saved in FILE; --sess-out saves the newest session (a\n"
    "               secret: mode 0600) at the end\n"
    "  --early-data send FILE's contents as TLS 1.3 0-RTT data when the session allows it\n"
    "               (resent after the handshake if the server rejects it)\n"
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
    std::fputs(kUsage, stdout);
    return 0;
  }
  auto cafiles = args.values("--cafile");
  auto servername = args.value("--servername");
  auto alpn = args.value("--alpn");
  auto timeout_s = args.value("--timeout");
  const bool insecure = args.flag("--insecure");
  const bool quiet = args.flag("--quiet");
  auto sess_in = args.value("--sess-in");
  auto sess_out = args.value("--sess-out");
  auto early_file = args.value("--early-data");
  auto config = std::make_shared<ClientConfig>();
  apply_version_flags(args, *config);
  auto rest = args.positional();
  if (args.error() || rest.size() != 1) {
    std::fprintf(stderr, "tlspp client: %s\n%s",
                 args.error() ? args.error()->c_str() : "one HOST:PORT is required", kUsage);
    return 2;
  }
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
  config->key_log = key_log_from_environment();
  if (insecure) {
    config->dangerous_disable_certificate_verification = true;
    std::fprintf(stderr,
                 "tlspp client: WARNING: --insecure: the server's certificate is NOT verified\n");
  }
  ClientParams params;
  params.server_name = servername.value_or(target->host);
  if (sess_in) {
    auto session = load_session(*sess_in);
    if (!session.ok()) {
      std::fprintf(stderr, "tlspp client: %s\n", session.error().reason.c_str());
      return 2;
    }
    params.resume = *session;
  }
  if (early_file) {
    auto data = read_file(*early_file);
    if (!data.ok()) {
      std::fprintf(stderr, "tlspp client: %s\n", data.error().reason.c_str());
      return 2;
    }
    params.early_data.assign(data->begin(), data->end());
  }
  const std::vector<std::uint8_t> early_data = params.early_data;
  const std::string session_key = params.server_name;
  const auto timeout = std::chrono::seconds(timeout_s ? std::stoi(*timeout_s) : 10);
  auto stream = io::TlsStream::connect(target->host, target->port, config, std::move(params),
                                       std::chrono::duration_cast<io::Millis>(timeout));
  if (!stream.ok()) return fail(stream.error());
  Connection& conn = stream->connection();
  const bool early_accepted = conn.info().early_data_accepted;
  std::fprintf(stderr, "tlspp client: resumed: %s, early data: %s\n",
               conn.info().resumed ? "yes" : "no",
               early_data.empty() ? "none"
               : early_accepted   ? "accepted"
                                  : "rejected");
  // RFC 8446 §4.2.10: early data the server did not take is resent as ordinary data.
  if (!early_data.empty() && !early_accepted) {
    if (auto s = conn.write(early_data); !s.ok()) return fail(s.error());
  }
  io::Socket& sock = stream->socket();
  if (!quiet) {
    const SessionInfo& info = conn.info();
    std::fprintf(stderr, "tlspp client: connected: %s %s %s%s%s\n",
                 handshake::display_name(info.version).c_str(),
                 handshake::display_name(info.cipher_suite).c_str(),
                 info.group ? handshake::display_name(*info.group).c_str() : "",
                 info.alpn.empty() ? "" : " alpn=", info.alpn.c_str());
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
        while (std::size_t got = conn.read(plain)) write_stdout({plain.data(), got});
        if (conn.peer_closed()) break;
      }
      if (auto s = flush(); !s.ok()) return fail(s.error());
    }
  }
  if (auto s = conn.close(); !s.ok()) return fail(s.error());
  (void)flush();
  if (sess_out) {
    auto session = config->session_store->peek(session_key);
    if (!session) {
      std::fprintf(stderr, "tlspp client: no session to save (the server sent no ticket)\n");
    } else if (auto s = save_session(*sess_out, *session); !s.ok()) {
      return fail(s.error());
    }
  }
  if (!quiet) {
    std::fprintf(stderr, "tlspp client: closed (%s)\n",
                 conn.peer_closed() ? "close_notify both ways" : "timeout; close_notify sent");
  }
  return 0;
}

const Registration kClient{{"client", "a TLS client like openssl s_client", run_client}};

}  // namespace
}  // namespace tlspp::tool
