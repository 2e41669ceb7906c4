// `tlspp server`: accepts TLS connections until killed. An HTTP/1.x request gets a short 200
// response naming the negotiated version and cipher suite; anything else is echoed back.
#include <atomic>
#include <cctype>
#include <cstdio>
#include <string>
#include <thread>

#include "args.h"
#include "command.h"
#include "handshake/negotiation.h"
#include "io/socket.h"
#include "io/tls_stream.h"
#include "narration.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp server [--port N] [--cert CHAIN.pem --key KEY.pem] [--tls1.3|--tls1.2]\n"
    "                    [--ciphersuites LIST] [--groups LIST] [--legacy-rsa]\n"
    "                    [--alpn LIST] [--bind ADDR] [--max-connections N] [--early-data]\n"
    "                    [--client-auth none|optional|required --client-ca FILE...]\n"
    "                    [--trace|--json] [--lang en|ko] [--show-secrets]\n"
    "\n"
    "Accepts TLS connections on ADDR:N (default 127.0.0.1:4433; --port 0 picks a free port)\n"
    "until killed. Without --cert/--key it presents the development certificate of 'tlspp cert'\n"
    "(created on first use; clients trust its CA). A client that sends an\n"
    "HTTP/1.0 or 1.1 request gets a 200 response naming the negotiated version and cipher suite;\n"
    "any other bytes are echoed back. SSLKEYLOGFILE is honoured. Tickets for TLS 1.3 resumption\n"
    "are issued; --early-data accepts 0-RTT data (up to 16 KiB; replayable: a demo setting).\n"
    "  --client-auth MODE  ask clients for a certificate (mutual TLS): optional accepts clients\n"
    "                      without one, required refuses them; a certificate that does not verify\n"
    "                      against --client-ca is refused in both modes. Default: none.\n"
    "  --client-ca FILE    trusted CAs for client certificates (PEM/DER; repeatable)\n"
    "  --tls1.3, --tls1.2   only that version (default: TLS 1.3 and 1.2)\n"
    "  --ciphersuites LIST  cipher suites in preference order (comma-separated IANA names)\n"
    "  --groups LIST        key exchange groups in preference order (x25519, secp256r1,\n"
    "                       secp384r1, secp521r1)\n"
    "%s"
    "Exit codes: 0 never (runs until killed), 1 a listening error, 2 usage or input errors.\n";

bool looks_like_http(const std::string& data) {
  auto line_end = data.find('\n');
  if (line_end == std::string::npos) return false;
  std::string line = data.substr(0, line_end);
  auto sp = line.find(' ');
  if (sp == std::string::npos || sp == 0) return false;
  for (std::size_t i = 0; i < sp; ++i) {
    if (line[i] < 'A' || line[i] > 'Z') return false;
  }
  return line.find(" HTTP/1.") != std::string::npos;
}

// Narration settings for every connection (none when not narrating).
std::optional<NarrationOptions> g_narration;

void serve_one(io::Socket socket, std::shared_ptr<const ServerConfig> config) {
  const std::string peer = socket.peer_address();
  std::unique_ptr<Narration> narration =
      g_narration ? Narration::create(stderr, *g_narration) : nullptr;
  if (narration) narration->tcp_connected(peer);
  auto stream =
      io::TlsStream::accept(std::move(socket), config, io::Millis(10000), narration.get());
  if (!stream.ok()) {
    std::fprintf(stderr, "tlspp server: %s: handshake failed: %s\n", peer.c_str(),
                 stream.error().to_string().c_str());
    return;
  }
  const SessionInfo& info = stream->connection().info();
  const std::string summary =
      handshake::display_name(info.version) + " " + handshake::display_name(info.cipher_suite);
  std::fprintf(stderr, "tlspp server: %s: %s%s%s%s early_data=%zu\n", peer.c_str(), summary.c_str(),
               info.alpn.empty() ? "" : " alpn=", info.alpn.c_str(),
               info.resumed ? " (resumed)" : "", stream->connection().early_data_received());
  if (config->client_auth != ClientAuth::none) {
    std::fprintf(
        stderr, "tlspp server: %s: client certificate: %s\n", peer.c_str(),
        info.peer_chain.empty() ? "none" : certificate_subject(info.peer_chain.front()).c_str());
  }
  // Undecided until the first line is in (or the bytes cannot start an HTTP request line).
  enum class Mode { undecided, http, echo } mode = Mode::undecided;
  std::string received;
  std::uint8_t buf[16384];
  for (;;) {
    auto n = stream->read(buf);
    if (!n.ok()) {
      std::fprintf(stderr, "tlspp server: %s: %s\n", peer.c_str(), n.error().to_string().c_str());
      return;
    }
    if (*n == 0) break;  // close_notify
    const std::string_view chunk(reinterpret_cast<const char*>(buf), *n);
    if (narration) narration->application_data(Direction::received, *n, first_line_of(chunk));
    if (mode == Mode::echo) {
      if (!stream->write_all({buf, *n}).ok()) return;
      continue;
    }
    received.append(chunk);
    if (mode == Mode::undecided) {
      const bool line_done = received.find('\n') != std::string::npos || received.size() >= 8192;
      if (!line_done && std::isupper(static_cast<unsigned char>(received[0]))) continue;
      mode = looks_like_http(received) ? Mode::http : Mode::echo;
      if (mode == Mode::echo) {
        if (!stream
                 ->write_all(
                     {reinterpret_cast<const std::uint8_t*>(received.data()), received.size()})
                 .ok()) {
          return;
        }
        continue;
      }
    }
    if (received.find("\r\n\r\n") == std::string::npos &&
        received.find("\n\n") == std::string::npos && received.size() < 65536) {
      continue;  // the request headers are not complete yet
    }
    const std::string body = "tlspp: " + summary + "\n";
    const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                 body;
    (void)stream->write_all(
        {reinterpret_cast<const std::uint8_t*>(response.data()), response.size()});
    if (narration) {
      narration->application_data(Direction::sent, response.size(), first_line_of(response));
    }
    break;
  }
  (void)stream->close();
  stream->socket().close();
  if (narration) narration->tcp_closed();
}

int run_server(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::printf(kUsage, kNarrationUsage);
    return 0;
  }
  auto port = args.value("--port");
  auto cert = args.value("--cert");
  auto key = args.value("--key");
  auto alpn = args.value("--alpn");
  auto bind = args.value("--bind");
  auto max_conn = args.value("--max-connections");
  const bool early_data = args.flag("--early-data");
  auto config = std::make_shared<ServerConfig>();
  apply_version_flags(args, *config);
  const Status algorithms = apply_algorithm_flags(args, *config);
  const Status client_auth = apply_server_client_auth(args, *config);
  NarrationFlags narrate = read_narration_flags(args, /*is_client=*/false, stderr);
  auto rest = args.positional();
  const std::optional<int> port_number =
      port ? parse_int(*port, 0, 65535) : std::optional<int>(4433);
  const std::optional<int> limit =
      max_conn ? parse_int(*max_conn, 1, 1000000) : std::optional<int>(256);
  if (args.error() || narrate.error || !rest.empty() || !port_number || !limit) {
    std::fprintf(stderr, "tlspp server: %s\n",
                 args.error()    ? args.error()->c_str()
                 : narrate.error ? narrate.error->c_str()
                 : !rest.empty() ? "no positional arguments expected"
                 : !port_number  ? "--port must be 0..65535"
                                 : "--max-connections must be a positive number");
    std::fprintf(stderr, kUsage, kNarrationUsage);
    return 2;
  }
  for (const Status* s : {&algorithms, &client_auth}) {
    if (!s->ok()) {
      std::fprintf(stderr, "tlspp server: %s\n", s->error().reason.c_str());
      return 2;
    }
  }
  if (narrate.enabled) g_narration = narrate.options;
  // Secret values come through the shared config's key log, not per connection: one renderer
  // prints them for every connection.
  static std::unique_ptr<Narration> secrets =
      narrate.options.show_secrets ? Narration::create(stderr, narrate.options) : nullptr;
  auto identity = server_identity(cert, key);
  if (!identity.ok()) {
    std::fprintf(stderr, "tlspp server: %s\n", identity.error().reason.c_str());
    return 2;
  }
  config->provider = provider();
  config->certificate = identity->certified;
  if (alpn) config->alpn = split_list(*alpn);
  config->key_log =
      secrets ? secrets->key_log(key_log_from_environment()) : key_log_from_environment();
  if (early_data) config->max_early_data = 16384;
  auto listener =
      io::Socket::listen_tcp(bind.value_or("127.0.0.1"), static_cast<std::uint16_t>(*port_number));
  if (!listener.ok()) {
    std::fprintf(stderr, "tlspp server: %s\n", listener.error().reason.c_str());
    return 1;
  }
  std::fprintf(stderr, "tlspp server: listening on %s:%u with %s\n",
               bind.value_or("127.0.0.1").c_str(), listener->local_port(),
               identity->description.c_str());
  static std::atomic<int> active{0};
  for (;;) {
    auto conn = listener->accept(io::Millis(3600 * 1000));
    if (!conn.ok()) continue;
    if (active.load() >= *limit) continue;  // the socket closes: over the connection limit
    ++active;
    std::shared_ptr<const ServerConfig> shared = config;
    std::thread([s = std::move(conn).value(), shared]() mutable {
      serve_one(std::move(s), shared);
      --active;
    }).detach();
  }
}

const Registration kServer{
    {"server", "a TLS server like openssl s_server (echo or HTTP 200)", run_server}};

}  // namespace
}  // namespace tlspp::tool
