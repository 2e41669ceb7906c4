// `tlspp serve [DIR]`: an HTTPS static file server on the non-blocking event loop
// (io/event_loop.h). Without DIR it serves a page that explains the visiting browser's own
// handshake (handshake_report.h). SIGINT/SIGTERM stop it gracefully: no new connections,
// close_notify on the open ones, a short drain.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <deque>

#include "args.h"
#include "command.h"
#include "handshake_report.h"
#include "https/file_cache.h"
#include "https/message.h"
#include "https/static_files.h"
#include "io/event_loop.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp serve [DIR] [--port N] [--listen ADDRESS] [--cert CHAIN --key KEY]\n"
    "                  [--tls1.3|--tls1.2] [--max-connections N] [--no-cache] [--quiet]\n"
    "\n"
    "Serves DIR over HTTPS (HTTP/1.1, ALPN http/1.1) on ADDRESS:N (default 127.0.0.1:8443;\n"
    "--port 0 picks a free port). Without DIR, / and /handshake show a page explaining the\n"
    "handshake your browser just made on that connection, and /handshake.json the same as JSON.\n"
    "Paths cannot leave DIR (no .. segments, no symlink escapes); a directory serves its\n"
    "index.html (/dir redirects to /dir/ with 301). Files up to 256 KiB are kept in memory\n"
    "(16 MiB at most) and looked at again at most once a second, so a change shows within a\n"
    "second; --no-cache reads every file at every request instead.\n"
    "Without --cert/--key it presents the development certificate of 'tlspp cert'\n"
    "(created on first use; clients trust its CA). Many connections are served at once; Ctrl-C or "
    "SIGTERM stops gracefully.\n"
    "SSLKEYLOGFILE is honoured. One line per request goes to standard error unless --quiet.\n"
    "Exit codes: 0 stopped cleanly; 1 the server could not start (certificate, key, port);\n"
    "2 usage errors.\n";

constexpr std::size_t kFileChunk = 64 * 1024;

// An open file being served: the descriptor (closed with the object) and the bytes left to send.
class OpenFile {
 public:
  // Opens `path` read-only and takes its size; null when it cannot be opened or is not a regular
  // file (the file cache found one there a moment before, so only a race gets here).
  static std::unique_ptr<OpenFile> open(const std::string& path) {
    // O_NONBLOCK: a FIFO swapped in meanwhile must not block the loop (fstat refuses it).
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return nullptr;
    auto file = std::unique_ptr<OpenFile>(new OpenFile(fd));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
    file->remaining_ = static_cast<std::size_t>(st.st_size);
    return file;
  }
  ~OpenFile() { ::close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  std::size_t remaining() const { return remaining_; }
  // Appends the next min(max, remaining()) bytes to `out`. False when the file ended early or a
  // read failed (the promised length cannot be kept).
  bool read_into(std::string& out, std::size_t max) {
    const std::size_t want = std::min(max, remaining_);
    const std::size_t at = out.size();
    out.resize(at + want);
    for (std::size_t got = 0; got < want;) {
      const ssize_t n = ::read(fd_, out.data() + at + got, want - got);
      if (n <= 0) return false;
      got += static_cast<std::size_t>(n);
    }
    remaining_ -= want;
    return true;
  }

 private:
  explicit OpenFile(int fd) : fd_(fd) {}
  int fd_;
  std::size_t remaining_ = 0;
};

// What every connection serves.
struct Site {
  std::optional<https::StaticRoot> root;  // none: the handshake pages
  // Files under root looked up and read recently (https/file_cache.h), on the loop's clock.
  std::optional<https::FileCache> files;
  bool quiet = false;
  std::size_t resumed = 0;  // handshakes that resumed a session (printed when the server stops)
};

// One HTTP/1.1 connection: parses requests, answers them in order, streams files.
class HttpHandler : public io::Handler {
 public:
  explicit HttpHandler(Site& site) : site_(site) {}
  // The handshake pages need the handshake's events; serving a directory does not, and skipping
  // the recording saves its work on every connection.
  Observer* observer() override { return site_.root ? nullptr : &recorder_; }
  void on_handshake_done(io::Peer& peer) override {
    if (peer.connection().info().resumed) ++site_.resumed;
  }

  void on_data(io::Peer& peer, std::span<const std::uint8_t> data) override {
    if (failed_) return;
    if (auto s = parser_.feed(data); !s.ok()) return refuse(peer, s.error());
    for (;;) {
      auto next = parser_.next();
      if (!next.ok()) return refuse(peer, next.error());
      if (!next->has_value()) break;
      pending_.push_back(std::move(**next));
    }
    answer_pending(peer);
  }

  void on_writable(io::Peer& peer) override {
    if (file_) stream_file(peer);
    if (!file_) answer_pending(peer);
  }

 private:
  void log(const io::Peer& peer, const https::Request& req, int status, std::size_t length) {
    if (site_.quiet) return;
    std::fprintf(stderr, "%s %s %s %d %zu\n", peer.address().c_str(), req.method.c_str(),
                 req.target.c_str(), status, length);
  }

  // A request error: answer with its status and close (RFC 9112 §9.6 framing is lost).
  void refuse(io::Peer& peer, const Error& error) {
    failed_ = true;
    pending_.clear();
    file_.reset();
    const int status = https::status_for(error);
    const std::string body = error.reason + "\n";
    (void)peer.write(https::response_head(status, body.size(), false,
                                          {{"Content-Type", "text/plain; charset=utf-8"}}) +
                     body);
    if (!site_.quiet) {
      std::fprintf(stderr, "%s refused: %d %s\n", peer.address().c_str(), status,
                   error.reason.c_str());
    }
    peer.close();
  }

  void answer_pending(io::Peer& peer) {
    while (!file_ && !pending_.empty() && !peer.closing()) {
      https::Request req = std::move(pending_.front());
      pending_.pop_front();
      answer(peer, req);
    }
  }

  void send(io::Peer& peer, const https::Request& req, int status, const std::string& type,
            const std::string& body, std::vector<https::Header> extra = {}) {
    extra.insert(extra.begin(), {"Content-Type", type});
    std::string out = https::response_head(status, body.size(), req.keep_alive, extra);
    if (req.method != "HEAD") out += body;
    log(peer, req, status, body.size());
    if (!peer.write(out).ok() || !req.keep_alive) peer.close();
  }

  void answer(io::Peer& peer, const https::Request& req) {
    if (req.method != "GET" && req.method != "HEAD") {
      return send(peer, req, 405, "text/plain; charset=utf-8", "only GET and HEAD\n",
                  {{"Allow", "GET, HEAD"}});
    }
    const std::string_view path = req.path();
    if (!site_.root) {
      if (path == "/" || path == "/handshake") {
        return send(peer, req, 200, "text/html; charset=utf-8",
                    handshake_html(recorder_, peer.connection().info()),
                    {{"Cache-Control", "no-store"}});
      }
      if (path == "/handshake.json") {
        return send(peer, req, 200, "application/json",
                    handshake_json(recorder_, peer.connection().info()),
                    {{"Cache-Control", "no-store"}});
      }
      return send(peer, req, 404, "text/plain; charset=utf-8", "not found\n");
    }
    auto file = site_.files->get(path, peer.last_activity());
    if (!file.ok() && !path.empty() && path.back() != '/' &&
        site_.root->resolve(std::string(path) + "/").ok()) {
      // A directory named without its trailing slash: send the browser to DIR/ (as nginx
      // does), so that relative links in its index.html resolve inside it. RFC 9110 §15.4.2.
      const std::string_view query = std::string_view(req.target).substr(path.size());
      return send(peer, req, 301, "text/plain; charset=utf-8",
                  "moved to " + std::string(path) + "/\n",
                  {{"Location", std::string(path) + "/" + std::string(query)}});
    }
    if (!file.ok()) {
      const bool bad = file.error().code == ErrorCode::http_malformed;
      return send(peer, req, bad ? 400 : 404, "text/plain; charset=utf-8",
                  bad ? "bad request\n" : "not found\n");
    }
    const https::StaticFile& found = **file;
    keep_alive_ = req.keep_alive;
    if (found.content) {
      // Small and cached: the head and the whole body go out in one write (one TLS record, one
      // send() for a small file), without touching the file system.
      const std::string& body = *found.content;
      log(peer, req, 200, body.size());
      std::string out = https::response_head(200, body.size(), req.keep_alive,
                                             {{"Content-Type", std::string(found.content_type)}});
      if (req.method != "HEAD") out += body;
      if (!peer.write(out).ok()) return peer.close();
      return finish_file(peer);
    }
    auto in = OpenFile::open(found.path);
    if (!in) return send(peer, req, 404, "text/plain; charset=utf-8", "not found\n");
    const std::size_t size = in->remaining();
    log(peer, req, 200, size);
    // The head and the first kFileChunk bytes go out in one write.
    std::string out = https::response_head(200, size, req.keep_alive,
                                           {{"Content-Type", std::string(found.content_type)}});
    if (req.method == "HEAD" || size == 0) {
      if (!peer.write(out).ok()) return peer.close();
      return finish_file(peer);
    }
    if (!in->read_into(out, kFileChunk) || !peer.write(out).ok()) return peer.close();
    if (in->remaining() == 0) return finish_file(peer);
    file_ = std::move(in);
  }

  // Writes the next piece of the current file; the loop calls on_writable for the rest.
  void stream_file(io::Peer& peer) {
    std::string chunk;
    if (!file_->read_into(chunk, kFileChunk) || !peer.write(chunk).ok()) {
      file_.reset();
      return peer.close();  // the file shrank or the connection failed: the length is a lie now
    }
    if (file_->remaining() == 0) finish_file(peer);
  }

  void finish_file(io::Peer& peer) {
    file_.reset();
    if (!keep_alive_) peer.close();
  }

  Site& site_;
  HandshakeRecorder recorder_;
  https::RequestParser parser_;
  std::deque<https::Request> pending_;
  std::unique_ptr<OpenFile> file_;
  bool keep_alive_ = true;
  bool failed_ = false;
};

int usage(const std::string& message) {
  std::fprintf(stderr, "tlspp serve: %s\n%s", message.c_str(), kUsage);
  return 2;
}

int run_serve(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto port_text = args.value("--port");
  const auto listen = args.value("--listen");
  const auto cert = args.value("--cert");
  const auto key = args.value("--key");
  const auto max_connections = args.value("--max-connections");
  Site site;
  site.quiet = args.flag("--quiet");
  const bool no_cache = args.flag("--no-cache");
  auto config = std::make_shared<ServerConfig>();
  apply_version_flags(args, *config);
  const auto rest = args.positional();
  if (args.error()) return usage(*args.error());
  if (rest.size() > 1) return usage("at most one DIR");
  const std::optional<int> port = port_text ? parse_int(*port_text, 0, 65535) : 8443;
  if (!port) return usage("--port must be 0..65535");
  io::EventLoopOptions options;
  if (max_connections) {
    const auto n = parse_int(*max_connections, 1, 1000000);
    if (!n) return usage("--max-connections must be 1..1000000");
    options.max_connections = static_cast<std::size_t>(*n);
  }
  if (!rest.empty()) {
    auto root = https::StaticRoot::open(rest[0]);
    if (!root.ok()) return usage(root.error().reason);
    site.root = std::move(*root);
    https::FileCacheLimits limits;
    if (no_cache) limits.max_entries = 0;  // every lookup resolves and reads the file again
    site.files.emplace(*site.root, limits);
  }
  auto identity = server_identity(cert, key);
  if (!identity.ok()) {
    if (identity.error().code == ErrorCode::invalid_argument) {
      return usage(identity.error().reason);
    }
    std::fprintf(stderr, "tlspp serve: %s\n", identity.error().reason.c_str());
    return 1;
  }
  config->provider = provider();
  config->certificate = identity->certified;
  config->alpn = {"http/1.1"};
  config->key_log = key_log_from_environment();
  auto listener =
      io::Socket::listen_tcp(listen.value_or("127.0.0.1"), static_cast<std::uint16_t>(*port));
  if (!listener.ok()) {
    std::fprintf(stderr, "tlspp serve: %s\n", listener.error().reason.c_str());
    return 1;
  }
  auto loop = io::EventLoop::create(
      std::move(*listener), config, [&site] { return std::make_unique<HttpHandler>(site); },
      options);
  if (!loop.ok()) {
    std::fprintf(stderr, "tlspp serve: %s\n", loop.error().reason.c_str());
    return 1;
  }
  if (auto s = (*loop)->stop_on_signals({SIGINT, SIGTERM}); !s.ok()) {
    std::fprintf(stderr, "tlspp serve: %s\n", s.error().reason.c_str());
    return 1;
  }
  std::fprintf(stderr, "tlspp serve: serving %s on https://%s:%u/ with %s (Ctrl-C stops)\n",
               site.root ? site.root->path().c_str() : "the handshake page",
               listen.value_or("localhost").c_str(), (*loop)->port(),
               identity->description.c_str());
  auto result = (*loop)->run();
  if (!result.ok()) {
    std::fprintf(stderr, "tlspp serve: %s\n", result.error().reason.c_str());
    return 1;
  }
  const auto& stats = (*loop)->stats();
  std::fprintf(stderr,
               "tlspp serve: stopped after %zu connections (%zu handshakes completed, %zu "
               "resumed)\n",
               stats.accepted, stats.completed_handshakes, site.resumed);
  return 0;
}

const Registration kServe{
    {"serve", "HTTPS static file server; shows your browser its handshake", run_serve}};

}  // namespace
}  // namespace tlspp::tool
