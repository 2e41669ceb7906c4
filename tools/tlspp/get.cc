// `tlspp get URL`: an HTTPS GET (HTTP/1.1) that verifies the server like a browser does, and
// prints the response body. Redirects are reported, or followed with -L (each new host verified
// for its own name). -v narrates each connection with the narration renderer.
#include <unistd.h>

#include <cstdio>

#include "args.h"
#include "command.h"
#include "handshake/negotiation.h"
#include "https/message.h"
#include "https/response_reader.h"
#include "io/tls_stream.h"
#include "narration.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp get https://HOST[:PORT]/PATH [--cafile FILE]... [--insecure] [--alpn LIST]\n"
    "                [--tls1.3|--tls1.2] [--ciphersuites LIST] [--groups LIST]\n"
    "                [--timeout SECONDS] [-L] [-v|--json] [--lang en|ko]\n"
    "\n"
    "Fetches the URL with HTTP/1.1 and prints the response body on standard output. The server's\n"
    "certificate is verified like a browser does: a chain to a trusted root (--cafile, else the\n"
    "system store), valid dates, and the URL's host name. SSLKEYLOGFILE is honoured.\n"
    "  -L, --location  follow redirects (301, 302, 303, 307, 308; at most 10, https:// only),\n"
    "                  verifying each new host's certificate for its name. Without -L a\n"
    "                  redirect prints its status and Location and exits with 6.\n"
    "  -v, --verbose   narrate each connection step by step on standard error (like\n"
    "                  'tlspp client --trace'; --json for JSON lines, --lang en|ko)\n"
    "  --insecure      do not verify the certificate (DANGEROUS: anyone can impersonate the\n"
    "                  server)\n"
    "  --alpn LIST     ALPN protocols to offer (default http/1.1)\n"
    "  --tls1.3, --tls1.2   only that version (default: TLS 1.3 and 1.2)\n"
    "  --ciphersuites LIST  cipher suites in preference order (comma-separated IANA names)\n"
    "  --groups LIST        key exchange groups in preference order (x25519, secp256r1,\n"
    "                       secp384r1, secp521r1)\n"

    "Exit codes: 0 a 2xx response; 1 a TLS failure (handshake alert, certificate verification,\n"
    "truncation); 2 usage errors; 3 a network failure (DNS, refused, timeout); 4 a 4xx or 5xx\n"
    "response (its body is still printed); 5 a malformed HTTP response; 6 a redirect not\n"
    "followed (no -L; its body is still printed); 7 a redirect -L cannot follow (more than\n"
    "10, to a non-https URL, or without Location).\n";

constexpr int kMaxRedirects = 10;

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

// The target of redirect `location` seen at `base` (RFC 9110 §10.2.2, RFC 3986 §5.2): an absolute
// https:// URL, a network-path reference (//host/path), an absolute path, or a path relative to
// the base's directory. nullopt for another scheme or a malformed URL.
std::optional<Url> resolve_location(const Url& base, const std::string& location) {
  if (location.starts_with("https://")) return parse_url(location);
  if (location.starts_with("//")) return parse_url("https:" + location);
  if (location.find("://") != std::string::npos || location.starts_with("http:")) {
    return std::nullopt;  // another scheme
  }
  Url next = base;
  if (location.starts_with("/")) {
    next.target = location;
  } else {
    const std::string dir = base.target.substr(0, base.target.find_first_of("?#"));
    next.target = dir.substr(0, dir.rfind('/') + 1) + location;
  }
  if (const std::size_t hash = next.target.find('#'); hash != std::string::npos) {
    next.target.resize(hash);
  }
  return next;
}

std::string url_text(const Url& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return "https://" + (ipv6 ? "[" + url.host + "]" : url.host) +
         (url.port == 443 ? "" : ":" + std::to_string(url.port)) + url.target;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

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

// One GET of `url` on a new connection (verifying the certificate for url.host), narrated when
// `narration` is set. The complete response, or the failure.
Result<https::Response> fetch(const Url& url, std::shared_ptr<const ClientConfig> config,
                              io::Millis timeout, Narration* narration, bool redirected) {
  if (narration) {
    if (redirected) narration->title("GET " + url_text(url));
    narration->restart_clock();
  }
  TLSPP_ASSIGN_OR_RETURN(auto stream, io::TlsStream::connect(url.host, url.port, config, url.host,
                                                             timeout, narration));
  const std::string request =
      https::get_request(url.host, url.port, url.target,
                         {{"User-Agent", "tlspp"}, {"Accept", "*/*"}, {"Connection", "close"}});
  TLSPP_TRY(stream.write_all(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(request.data()), request.size())));
  if (narration) {
    narration->application_data(Direction::sent, request.size(), first_line_of(request));
  }
  https::ResponseReader reader;
  std::uint8_t buf[16 * 1024];
  while (!reader.complete()) {
    TLSPP_ASSIGN_OR_RETURN(std::size_t n, stream.read(buf));
    if (n == 0) {
      TLSPP_TRY(reader.finish());
      break;
    }
    if (narration) {
      narration->application_data(Direction::received, n,
                                  first_line_of({reinterpret_cast<const char*>(buf), n}));
    }
    TLSPP_TRY(reader.feed(std::span<const std::uint8_t>(buf, n)));
  }
  (void)stream.close();
  stream.socket().close();
  if (narration) narration->tcp_closed();
  return reader.response();
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
  const bool follow = args.flag("-L") || args.flag("--location");
  NarrationFlags narrate = read_narration_flags(args, /*is_client=*/true, stderr);
  auto config = std::make_shared<ClientConfig>();
  apply_version_flags(args, *config);
  const Status algorithms = apply_algorithm_flags(args, *config);
  const auto rest = args.positional();
  if (args.error() || narrate.error || !algorithms.ok() || rest.size() != 1) {
    std::fprintf(stderr, "tlspp get: %s\n%s",
                 args.error()       ? args.error()->c_str()
                 : narrate.error    ? narrate.error->c_str()
                 : !algorithms.ok() ? algorithms.error().reason.c_str()
                                    : "one URL is required",
                 kUsage);
    return 2;
  }
  auto url = parse_url(rest[0]);
  if (!url) {
    std::fprintf(stderr, "tlspp get: %s is not an https:// URL\n", rest[0].c_str());
    return 2;
  }
  const std::optional<int> timeout_value = timeout_s ? parse_int(*timeout_s, 1, 86400) : 10;
  if (!timeout_value) {
    std::fprintf(stderr, "tlspp get: --timeout takes a number of seconds (1..86400)\n");
    return 2;
  }
  const int timeout_seconds = *timeout_value;
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
  // -v is --trace; the narration goes to standard error, the body to standard output.
  std::unique_ptr<Narration> narration =
      verbose || narrate.enabled ? Narration::create(stderr, narrate.options) : nullptr;
  config->key_log =
      narration ? narration->key_log(key_log_from_environment()) : key_log_from_environment();
  if (insecure) {
    config->dangerous_disable_certificate_verification = true;
    std::fprintf(stderr,
                 "tlspp get: WARNING: --insecure: the server's certificate is NOT verified\n");
  }
  for (int hop = 0;; ++hop) {
    auto fetched =
        fetch(*url, config, io::Millis(timeout_seconds * 1000), narration.get(), follow && hop > 0);
    if (!fetched.ok()) return fail(fetched.error());
    const https::Response& response = *fetched;
    if (!is_redirect(response.status)) {
      if (response.status >= 400) {
        std::fprintf(stderr, "tlspp get: %d %s\n", response.status, response.reason.c_str());
      }
      write_stdout(response.body);
      return response.status >= 400 ? 4 : response.status >= 300 ? 6 : 0;
    }
    const std::string location(response.header("location").value_or(""));
    if (!follow) {
      std::fprintf(stderr, "tlspp get: %d %s: Location: %s (not followed; -L follows it)\n",
                   response.status, response.reason.c_str(),
                   location.empty() ? "(none)" : location.c_str());
      write_stdout(response.body);
      return 6;
    }
    if (location.empty()) {
      std::fprintf(stderr, "tlspp get: %d %s without a Location\n", response.status,
                   response.reason.c_str());
      return 7;
    }
    if (hop + 1 > kMaxRedirects) {
      std::fprintf(stderr, "tlspp get: more than %d redirects (the last to %s)\n", kMaxRedirects,
                   location.c_str());
      return 7;
    }
    auto next = resolve_location(*url, location);
    if (!next) {
      std::fprintf(stderr, "tlspp get: refusing to follow the redirect to %s (https:// only)\n",
                   location.c_str());
      return 7;
    }
    url = next;
    if (narration == nullptr) continue;
    if (narrate.options.json) continue;  // standard error carries only JSON lines then
    std::fprintf(stderr, "tlspp get: %d %s -> %s\n", response.status, response.reason.c_str(),
                 url_text(*url).c_str());
  }
}

const Registration kGet{
    {"get", "HTTPS GET a URL, verifying like a browser; prints the body", run_get}};

}  // namespace
}  // namespace tlspp::tool
