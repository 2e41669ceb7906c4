// `tlspp get URL`: an HTTPS GET (HTTP/1.1) that verifies the server like a browser does, and
// prints the response body. Redirects are reported, not followed.
#include <unistd.h>

#include <cstdio>

#include "args.h"
#include "command.h"
#include "handshake/negotiation.h"
#include "https/message.h"
#include "https/response_reader.h"
#include "io/tls_stream.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp get https://HOST[:PORT]/PATH [--cafile FILE]... [--insecure] [--alpn LIST]\n"
    "                [--tls1.3|--tls1.2] [--timeout SECONDS] [-v]\n"
    "\n"
    "Fetches the URL with HTTP/1.1 and prints the response body on standard output. The server's\n"
    "certificate is verified like a browser does: a chain to a trusted root (--cafile, else the\n"
    "system store), valid dates, and the URL's host name. Redirects are not followed (the\n"
    "Location is printed). -v prints the handshake on standard error. SSLKEYLOGFILE is honoured.\n"
    "  --insecure   do not verify the certificate (DANGEROUS: anyone can impersonate the server)\n"
    "  --alpn LIST  ALPN protocols to offer (default http/1.1)\n"
    "Exit codes: 0 a 2xx or 3xx response; 1 a TLS failure (handshake alert, certificate\n"
    "verification, truncation); 2 usage errors; 3 a network failure (DNS, refused, timeout);\n"
    "4 a 4xx or 5xx response (its body is still printed); 5 a malformed HTTP response.\n";

struct Url {
  std::string host;
  std::uint16_t port = 443;
  std::string target = "/";
};

// https://host[:port][/path]; nullopt for anything else.
std::optional<Url> parse_url(const std::string& text) {
  constexpr std::string_view kScheme = "https://";
  if (text.compare(0, kScheme.size(), kScheme) != 0) return std::nullopt;
  std::string rest = text.substr(kScheme.size());
  Url url;
  const std::size_t slash = rest.find_first_of("/?#");
  if (slash != std::string::npos) {
    url.target = rest.substr(slash);
    if (url.target.front() != '/') url.target = "/" + url.target;
    rest.resize(slash);
  }
  if (const std::size_t hash = url.target.find('#'); hash != std::string::npos) {
    url.target.resize(hash);  // fragments stay with the client
  }
  if (rest.empty() || rest.find('@') != std::string::npos) return std::nullopt;
  if (rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    url.host = rest.substr(1, close - 1);
    rest.erase(0, close + 1);
  } else {
    const std::size_t colon = rest.find(':');
    url.host = rest.substr(0, colon);
    rest.erase(0, colon == std::string::npos ? rest.size() : colon);
  }
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return std::nullopt;
    for (char c : rest.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    const int port = std::stoi(rest.substr(1));
    if (port < 1 || port > 65535) return std::nullopt;
    url.port = static_cast<std::uint16_t>(port);
  }
  if (url.host.empty()) return std::nullopt;
  return url;
}

// -v: one line per handshake step on standard error (the full narration renderer replaces this).
class VerboseObserver : public Observer {
 public:
  void on_event(const Event& event) override {
    if (const auto* m = std::get_if<MessageEvent>(&event)) {
      std::fprintf(stderr, "* %s %s (%zu bytes%s)\n", m->direction == Direction::sent ? "->" : "<-",
                   std::string(name_of(m->type)).c_str(), m->length,
                   m->encrypted ? ", encrypted" : "");
    } else if (const auto* c = std::get_if<CheckEvent>(&event)) {
      std::fprintf(stderr, "*    %s %s%s%s\n", c->passed ? "ok:" : "FAILED:", c->what.c_str(),
                   c->detail.empty() ? "" : ": ", c->detail.c_str());
    } else if (const auto* a = std::get_if<AlertEvent>(&event)) {
      std::fprintf(stderr, "* alert %s: %s %s\n",
                   a->direction == Direction::sent ? "sent" : "received",
                   std::string(name_of(a->description)).c_str(), a->reason.c_str());
    } else if (const auto* n = std::get_if<NoteEvent>(&event)) {
      std::fprintf(stderr, "* %s\n", n->text.c_str());
    }
  }
};

int fail(const Error& e) {
  std::fprintf(stderr, "tlspp get: %s\n",
               e.reason.empty() ? e.to_string().c_str() : e.reason.c_str());
  const ErrorCategory c = category_of(e.code);
  if (e.code == ErrorCode::http_malformed || e.code == ErrorCode::http_too_large) return 5;
  return c == ErrorCategory::io ? 3 : 1;
}

bool write_stdout(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(1, data.data(), data.size());
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int run_get(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto cafiles = args.values("--cafile");
  const auto alpn = args.value("--alpn");
  const auto timeout_s = args.value("--timeout");
  const bool insecure = args.flag("--insecure");
  const bool verbose = args.flag("-v") || args.flag("--verbose");
  auto config = std::make_shared<ClientConfig>();
  apply_version_flags(args, *config);
  const auto rest = args.positional();
  if (args.error() || rest.size() != 1) {
    std::fprintf(stderr, "tlspp get: %s\n%s",
                 args.error() ? args.error()->c_str() : "one URL is required", kUsage);
    return 2;
  }
  const auto url = parse_url(rest[0]);
  if (!url) {
    std::fprintf(stderr, "tlspp get: %s is not an https:// URL\n", rest[0].c_str());
    return 2;
  }
  int timeout_seconds = 10;
  try {
    if (timeout_s) timeout_seconds = std::stoi(*timeout_s);
  } catch (const std::exception&) {
    std::fprintf(stderr, "tlspp get: --timeout takes a number of seconds\n");
    return 2;
  }
  config->provider = provider();
  if (!cafiles.empty()) {
    auto trust = load_trust_store(cafiles);
    if (!trust.ok()) {
      std::fprintf(stderr, "tlspp get: %s\n", trust.error().reason.c_str());
      return 2;
    }
    config->trust_store = *trust;
  }
  config->alpn = alpn ? split_list(*alpn) : std::vector<std::string>{"http/1.1"};
  config->key_log = key_log_from_environment();
  if (insecure) {
    config->dangerous_disable_certificate_verification = true;
    std::fprintf(stderr,
                 "tlspp get: WARNING: --insecure: the server's certificate is NOT verified\n");
  }
  VerboseObserver observer;
  auto stream =
      io::TlsStream::connect(url->host, url->port, config, url->host,
                             io::Millis(timeout_seconds * 1000), verbose ? &observer : nullptr);
  if (!stream.ok()) return fail(stream.error());
  if (verbose) {
    const SessionInfo& info = stream->connection().info();
    std::fprintf(stderr, "* connected: %s, %s, %s%s%s\n",
                 handshake::display_name(info.version).c_str(),
                 handshake::display_name(info.cipher_suite).c_str(),
                 info.group ? handshake::display_name(*info.group).c_str() : "no group",
                 info.alpn.empty() ? "" : ", ALPN ", info.alpn.c_str());
  }
  const std::string request =
      https::get_request(url->host, url->port, url->target,
                         {{"User-Agent", "tlspp"}, {"Accept", "*/*"}, {"Connection", "close"}});
  if (verbose) std::fprintf(stderr, "* GET %s\n", url->target.c_str());
  if (auto s = stream->write_all(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(request.data()), request.size()));
      !s.ok()) {
    return fail(s.error());
  }
  https::ResponseReader reader;
  std::uint8_t buf[16 * 1024];
  while (!reader.complete()) {
    auto n = stream->read(buf);
    if (!n.ok()) return fail(n.error());
    if (*n == 0) {
      if (auto s = reader.finish(); !s.ok()) return fail(s.error());
      break;
    }
    auto done = reader.feed(std::span<const std::uint8_t>(buf, *n));
    if (!done.ok()) return fail(done.error());
  }
  (void)stream->close();
  const https::Response& response = reader.response();
  if (verbose) std::fprintf(stderr, "* HTTP %d %s\n", response.status, response.reason.c_str());
  if (response.status >= 300 && response.status < 400) {
    std::fprintf(stderr, "tlspp get: %d %s: Location: %s (not followed)\n", response.status,
                 response.reason.c_str(),
                 std::string(response.header("location").value_or("(none)")).c_str());
  } else if (response.status >= 400) {
    std::fprintf(stderr, "tlspp get: %d %s\n", response.status, response.reason.c_str());
  }
  write_stdout(response.body);
  return response.status >= 400 ? 4 : 0;
}

const Registration kGet{
    {"get", "HTTPS GET a URL, verifying like a browser; prints the body", run_get}};

}  // namespace
}  // namespace tlspp::tool
