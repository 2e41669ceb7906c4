// HTTPS against real peers on 127.0.0.1: curl against `tlspp serve` (TLS 1.3 and 1.2, files,
// traversal, the handshake JSON), `tlspp get` against `openssl s_server -WWW`, and the graceful
// SIGTERM shutdown of `tlspp serve`.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

#include "support/json.h"
#include "support/process.h"
#include "support/tls_pair.h"

namespace tlspp {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;

std::string data(const std::string& file) { return test::test_data_path(file); }

// Whether `steps` occur in `text` one after the other; the first one missing otherwise.
struct InOrder {
  bool ok = true;
  std::string missing;
};
InOrder find_in_order(const std::string& text, const std::vector<std::string>& steps) {
  std::size_t at = 0;
  for (const auto& step : steps) {
    const std::size_t found = text.find(step, at);
    if (found == std::string::npos) return {false, step};
    at = found + step.size();
  }
  return {};
}
std::string tlspp_binary() { return std::string(TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp"; }

// `tlspp serve` on a free port (DIR may be empty: the handshake page), or a test failure.
struct Serve {
  std::uint16_t port = test::free_port();
  std::optional<Subprocess> process;

  explicit Serve(const std::string& dir, const std::string& cert = "ecdsa",
                 const std::vector<std::string>& options = {}) {
    std::vector<std::string> argv = {tlspp_binary(), "serve",
                                     "--port",       std::to_string(port),
                                     "--cert",       data(cert + "-chain.pem"),
                                     "--key",        data(cert + "-key.pem")};
    argv.insert(argv.end(), options.begin(), options.end());
    if (!dir.empty()) argv.push_back(dir);
    process = Subprocess::start(argv);
    if (!process || !test::wait_for_port(port, 10s)) {
      ADD_FAILURE() << "tlspp serve did not listen: " << (process ? process->output() : "");
    }
  }
  std::string url(const std::string& path) const {
    return "https://localhost:" + std::to_string(port) + path;
  }
};

test::CommandResult curl(const std::string& args) {
  return test::run_command("curl -sS --max-time 10 --cacert " + data("ca.pem") + " " + args);
}

class ServeFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.file("site/sub"));
    ASSERT_TRUE(test::write_file(dir.file("site/index.html"), "<h1>index</h1>\n"));
    ASSERT_TRUE(test::write_file(dir.file("site/sub/data.txt"), "some data\n"));
    std::filesystem::create_directories(dir.file("site/docs"));
    ASSERT_TRUE(test::write_file(dir.file("site/docs/index.html"), "<h1>docs</h1>\n"));
    // Larger than one streamed piece and than the event loop's output cap.
    big.resize(700 * 1024);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    ASSERT_TRUE(test::write_file(dir.file("site/big.bin"), big));
    ASSERT_TRUE(test::write_file(dir.file("secret.txt"), "secret\n"));
  }
  test::TempDir dir;
  std::string big;
};

TEST_F(ServeFiles, CurlFetchesFilesOverTls13) {
  Serve serve(dir.file("site"));
  auto r = curl("--tlsv1.3 " + serve.url("/sub/data.txt"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "some data\n");
  auto index = curl("--tlsv1.3 " + serve.url("/"));
  EXPECT_EQ(index.output, "<h1>index</h1>\n");
}

TEST_F(ServeFiles, CurlFetchesFilesOverTls12WithRsa) {
  Serve serve(dir.file("site"), "rsa");
  auto r = curl("--tlsv1.2 --tls-max 1.2 -w '%{http_code} %{content_type}' -o " +
                dir.file("out.txt") + " " + serve.url("/sub/data.txt"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "200 text/plain; charset=utf-8");
  EXPECT_EQ(test::read_file(dir.file("out.txt")).value_or(""), "some data\n");
}

TEST_F(ServeFiles, LargeFilesStreamCompletelyOverKeepAlive) {
  Serve serve(dir.file("site"));
  // Two requests on one connection: the big file, then a small one.
  auto r = curl("-o " + dir.file("big.out") + " -o " + dir.file("small.out") + " " +
                serve.url("/big.bin") + " " + serve.url("/sub/data.txt"));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(test::read_file(dir.file("big.out")).value_or(""), big);
  EXPECT_EQ(test::read_file(dir.file("small.out")).value_or(""), "some data\n");
}

TEST_F(ServeFiles, ACachedFileThatChangesIsServedNewWithinASecond) {
  // Files changed less than a second ago are not cached: let these settle first.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Serve serve(dir.file("site"));
  for (int i = 0; i < 2; ++i) {  // a load, then (most likely) an answer from the cache
    auto r = curl("-D - " + serve.url("/sub/data.txt"));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("Content-Length: 10\r\n"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.substr(r.output.find("\r\n\r\n") + 4), "some data\n");
  }
  auto head = curl("-I " + serve.url("/sub/data.txt"));
  EXPECT_NE(head.output.find("Content-Length: 10\r\n"), std::string::npos) << head.output;
  EXPECT_EQ(head.output.substr(head.output.find("\r\n\r\n") + 4), "");
  ASSERT_TRUE(test::write_file(dir.file("site/sub/data.txt"), "other, longer data\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(curl(serve.url("/sub/data.txt")).output, "other, longer data\n");
  ASSERT_EQ(::unlink(dir.file("site/sub/data.txt").c_str()), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(curl("-o /dev/null -w '%{http_code}' " + serve.url("/sub/data.txt")).output, "404");
}

TEST_F(ServeFiles, WithNoCacheAChangeShowsAtTheNextRequest) {
  // Settled files, which the cache would keep for a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Serve serve(dir.file("site"), "ecdsa", {"--no-cache"});
  EXPECT_EQ(curl(serve.url("/sub/data.txt")).output, "some data\n");
  ASSERT_TRUE(test::write_file(dir.file("site/sub/data.txt"), "other, longer data\n"));
  EXPECT_EQ(curl(serve.url("/sub/data.txt")).output, "other, longer data\n");
  ASSERT_EQ(::unlink(dir.file("site/sub/data.txt").c_str()), 0);
  EXPECT_EQ(curl("-o /dev/null -w '%{http_code}' " + serve.url("/sub/data.txt")).output, "404");
}

TEST_F(ServeFiles, TraversalIsRefusedWith404) {
  Serve serve(dir.file("site"));
  for (const char* path : {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt"}) {
    auto r = curl("--path-as-is -o /dev/null -w '%{http_code}' " + serve.url(path));
    EXPECT_EQ(r.output, "404") << path;
  }
}

TEST_F(ServeFiles, MalformedRequestGets400AndClose) {
  Serve serve(dir.file("site"));
  // No Host header in an HTTP/1.1 request (RFC 9112 §3.2).
  auto r = test::run_command(
      "printf 'GET / HTTP/1.1\\r\\n\\r\\n' | openssl s_client -quiet "
      "-connect 127.0.0.1:" +
      std::to_string(serve.port) + " -CAfile " + data("ca.pem") + " 2>/dev/null");
  EXPECT_NE(r.output.find("HTTP/1.1 400 Bad Request"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no Host header"), std::string::npos) << r.output;
}

TEST(ServeHandshakePage, JsonDescribesCurlsHandshake) {
  Serve serve("");
  auto r = curl("--tlsv1.3 --curves X25519 " + serve.url("/handshake.json"));
  ASSERT_EQ(r.status, 0) << r.output;
  const auto json = test::Json::parse(r.output);
  EXPECT_EQ(json["negotiated"]["version"].str(), "TLS 1.3");
  EXPECT_EQ(json["negotiated"]["group"].str(), "x25519");
  EXPECT_EQ(json["negotiated"]["alpn"].str(), "http/1.1");
  EXPECT_EQ(json["negotiated"]["server_name"].str(), "localhost");
  EXPECT_FALSE(json["negotiated"]["resumed"].boolean());
  // The server certificate is ECDSA P-256; curl sent no client certificate.
  EXPECT_EQ(json["negotiated"]["signature_scheme"].str(), "ecdsa_secp256r1_sha256");
  EXPECT_EQ(json["negotiated"]["client_signature_scheme"].str(), "");
  const std::string suite = json["negotiated"]["cipher_suite"].str();
  bool offered = false;
  for (const auto& s : json["client_hello"]["cipher_suites"].array()) offered |= s.str() == suite;
  EXPECT_TRUE(offered) << suite << " is not among the offered suites";
  EXPECT_EQ(json["client_hello"]["server_name"].array().at(0).str(), "localhost");
  // curl's ClientHello: TLS 1.3, SNI, ALPN h2 or http/1.1.
  EXPECT_EQ(json["ja4"].str().substr(0, 4), "t13d");
  const auto& messages = json["messages"].array();
  ASSERT_GE(messages.size(), 5u);
  EXPECT_EQ(messages[0]["type"].str(), "ClientHello");
  EXPECT_EQ(messages[0]["direction"].str(), "client_to_server");
  EXPECT_EQ(messages[1]["type"].str(), "ServerHello");
  // curl sends a legacy session ID, so the server answers with the compatibility
  // ChangeCipherSpec record (RFC 8446 §D.4): a rung of the ladder right after ServerHello.
  EXPECT_EQ(messages[2]["type"].str(), "ChangeCipherSpec");
  EXPECT_GT(json["timings"]["handshake_ms"].number(), 0.0);
  // Record bytes: the ClientHello record (body + 4-byte message header + 5-byte record header)
  // is part of what the browser sent during the handshake.
  const double hello_record = messages[0]["length"].number() + 4 + 5;
  EXPECT_GT(json["bytes"]["handshake_received"].number(), hello_record);
  EXPECT_LE(json["bytes"]["handshake_received"].number(), json["bytes"]["received"].number());
  EXPECT_GT(json["bytes"]["handshake_sent"].number(), 0.0);
  bool chose_suite = false;
  for (const auto& c : json["choices"].array()) {
    chose_suite |= c["what"].str() == "cipher suite" && c["chosen"].str() == suite;
  }
  EXPECT_TRUE(chose_suite);
}

TEST(ServeHandshakePage, HtmlNamesTheNegotiatedSuite) {
  Serve serve("");
  auto r = curl("--tlsv1.3 --tls13-ciphers TLS_CHACHA20_POLY1305_SHA256 " + serve.url("/"));
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("<td id=\"negotiated-suite\">TLS_CHACHA20_POLY1305_SHA256</td>"),
            std::string::npos);
  EXPECT_NE(r.output.find("<svg id=\"ladder\""), std::string::npos);
}

TEST(ServeShutdown, SigtermStopsCleanly) {
  Serve serve("");
  ASSERT_TRUE(serve.process);
  ASSERT_EQ(curl(serve.url("/handshake.json")).status, 0);
  ASSERT_EQ(::kill(serve.process->pid(), SIGTERM), 0);
  auto status = serve.process->wait(10s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0) << serve.process->output();
  EXPECT_NE(serve.process->output().find("stopped after"), std::string::npos);
}

class GetAgainstOpenssl : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::write_file(dir.file("hello.txt"), "hello from s_server\n"));
    // openssl s_server -WWW serves files relative to its working directory.
    server = Subprocess::start({"sh", "-c",
                                "cd '" + dir.path() + "' && exec openssl s_server -accept " +
                                    std::to_string(port) + " -cert " + data("ecdsa-chain.pem") +
                                    " -key " + data("ecdsa-key.pem") + " -WWW"});
    ASSERT_TRUE(server && test::wait_for_port(port, 10s));
  }
  test::TempDir dir;
  std::uint16_t port = test::free_port();
  std::optional<Subprocess> server;
  std::string url(const std::string& host, const std::string& path) {
    return "https://" + host + ":" + std::to_string(port) + path;
  }
};

TEST_F(GetAgainstOpenssl, PrintsTheBody) {
  auto r = test::run_command(tlspp_binary() + " get --cafile " + data("ca.pem") + " " +
                             url("localhost", "/hello.txt") + " 2>/dev/null");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.output, "hello from s_server\n");
}

TEST_F(GetAgainstOpenssl, VerboseShowsTheHandshakeOnStderr) {
  auto r = test::run_command("(" + tlspp_binary() + " get -v --tls1.2 --cafile " + data("ca.pem") +
                             " " + url("localhost", "/hello.txt") + " 2>&1 >/dev/null)");
  EXPECT_EQ(r.status, 0) << r.output;
  // The narration renderer of `tlspp client --trace` (plain text: standard error is no terminal).
  EXPECT_EQ(r.output.find("\x1b["), std::string::npos) << r.output;
  const auto order = find_in_order(
      r.output,
      {"TCP connected to 127.0.0.1:", "C → S  ClientHello", "C ← S  ServerHello",
       "C ← S  Certificate", "ok   host name: the certificate is for localhost",
       "Handshake complete: TLS 1.2", "application data sent: ", "\"GET /hello.txt HTTP/1.1\"",
       "application data received: ", "Session keys destroyed", "TCP connection closed"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << r.output;
  auto ko =
      test::run_command("(" + tlspp_binary() + " get -v --lang ko --cafile " + data("ca.pem") +
                        " " + url("localhost", "/hello.txt") + " 2>&1 >/dev/null)");
  EXPECT_EQ(ko.status, 0) << ko.output;
  EXPECT_NE(ko.output.find("클라이언트 헬로 (ClientHello)"), std::string::npos) << ko.output;
}

TEST_F(GetAgainstOpenssl, JsonNarratesAsJsonLines) {
  auto r = test::run_command("(" + tlspp_binary() + " get --json --cafile " + data("ca.pem") + " " +
                             url("localhost", "/hello.txt") + " 2>&1 >/dev/null)");
  EXPECT_EQ(r.status, 0) << r.output;
  std::istringstream lines(r.output);
  std::size_t done = 0, records = 0;
  for (std::string line; std::getline(lines, line);) {
    test::Json j;
    ASSERT_NO_THROW(j = test::Json::parse(line)) << line;
    done += j["event"].str() == "handshake_done";
    records += j["event"].str() == "record";
  }
  EXPECT_EQ(done, 1u) << r.output;
  EXPECT_GE(records, 6u) << r.output;
}

TEST(GetAgainstServe, NotFoundPrintsTheBodyAndExitsWith4) {
  // tlspp get against tlspp serve: a 404 is reported, its body printed, exit code 4.
  Serve serve("");
  auto r = test::run_command(tlspp_binary() + " get --cafile " + data("ca.pem") + " " +
                             serve.url("/nothing-here"));
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_NE(r.output.find("tlspp get: 404 Not Found"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("not found\n"), std::string::npos) << r.output;
  auto ok = test::run_command(tlspp_binary() + " get --cafile " + data("ca.pem") + " " +
                              serve.url("/handshake.json") + " 2>/dev/null");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_EQ(ok.output.rfind("{\"negotiated\":{\"version\":\"TLS 1.3\"", 0), 0u) << ok.output;
}

// openssl s_server -HTTP: each file is a whole HTTP response, so redirects can be made up.
class GetRedirects : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::write_file(dir.file("hello.txt"),
                                 "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"));
    redirect("loop", "/loop");
    redirect("tohttp", "http://localhost:" + std::to_string(port) + "/hello.txt");
    redirect("cross", "https://127.0.0.1:" + std::to_string(port) + "/hello.txt");
    redirect("wronghost", "https://127.0.0.2:" + std::to_string(port) + "/hello.txt");
    server = Subprocess::start({"sh", "-c",
                                "cd '" + dir.path() + "' && exec openssl s_server -accept " +
                                    std::to_string(port) + " -cert " + data("ecdsa-chain.pem") +
                                    " -key " + data("ecdsa-key.pem") + " -HTTP"});
    ASSERT_TRUE(server && test::wait_for_port(port, 10s));
  }
  void redirect(const std::string& file, const std::string& location) {
    ASSERT_TRUE(test::write_file(dir.file(file), "HTTP/1.0 302 Found\r\nLocation: " + location +
                                                     "\r\nContent-Length: 0\r\n\r\n"));
  }
  test::CommandResult get(const std::string& flags, const std::string& path) {
    return test::run_command(tlspp_binary() + " get --cafile " + data("ca.pem") + " " + flags +
                             " https://localhost:" + std::to_string(port) + path + " 2>&1");
  }
  test::TempDir dir;
  std::uint16_t port = test::free_port();
  std::optional<Subprocess> server;
};

TEST_F(GetRedirects, CrossHostRedirectIsVerifiedForTheNewHost) {
  auto r = get("-L", "/cross");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "hello\n");
  // 127.0.0.2 is not in the certificate: the second connection refuses it.
  auto wrong = get("-L", "/wronghost");
  EXPECT_EQ(wrong.status, 1) << wrong.output;
  EXPECT_NE(wrong.output.find("tlspp get: "), std::string::npos) << wrong.output;
  EXPECT_NE(wrong.output.find("127.0.0.2"), std::string::npos) << wrong.output;
}

TEST_F(GetRedirects, LoopsAndPlainHttpAreRefusedWith7) {
  auto loop = get("-L", "/loop");
  EXPECT_EQ(loop.status, 7) << loop.output;
  EXPECT_EQ(loop.output, "tlspp get: more than 10 redirects (the last to /loop)\n");
  auto plain = get("-L", "/tohttp");
  EXPECT_EQ(plain.status, 7) << plain.output;
  EXPECT_EQ(plain.output, "tlspp get: refusing to follow the redirect to http://localhost:" +
                              std::to_string(port) + "/hello.txt (https:// only)\n");
}

TEST_F(ServeFiles, GetFollowsTheDirectoryRedirectOnlyWithL) {
  Serve serve(dir.file("site"));
  // Without -L: the status and Location, exit code 6.
  auto plain = test::run_command("(" + tlspp_binary() + " get --cafile " + data("ca.pem") + " " +
                                 serve.url("/docs?x=1") + " 2>&1 >/dev/null)");
  EXPECT_EQ(plain.status, 6) << plain.output;
  EXPECT_NE(plain.output.find("tlspp get: 301 Moved Permanently: Location: /docs/?x=1 (not "
                              "followed; -L follows it)"),
            std::string::npos)
      << plain.output;
  // curl sees the same redirect.
  auto by_curl = curl("-o /dev/null -w '%{http_code} %{redirect_url}' " + serve.url("/docs"));
  EXPECT_EQ(by_curl.output, "301 " + serve.url("/docs/")) << by_curl.output;
  // With -L: the index of the directory, one narrated connection per request.
  auto followed =
      test::run_command("(" + tlspp_binary() + " get -L -v --lang en --cafile " + data("ca.pem") +
                        " " + serve.url("/docs") + " 2>" + dir.file("trace.txt") + ")");
  EXPECT_EQ(followed.status, 0) << followed.output;
  EXPECT_EQ(followed.output, "<h1>docs</h1>\n");
  const std::string trace = test::read_file(dir.file("trace.txt")).value_or("");
  const auto order = find_in_order(
      trace, {"C → S  ClientHello", "\"GET /docs HTTP/1.1\"", "\"HTTP/1.1 301 Moved Permanently\"",
              "TCP connection closed", "tlspp get: 301 Moved Permanently -> " + serve.url("/docs/"),
              "== GET " + serve.url("/docs/") + " ==", "C → S  ClientHello",
              // The same host: the first connection's ticket resumes the verified session.
              "Handshake complete: TLS 1.3, TLS_AES_128_GCM_SHA256 (resumed)",
              "\"GET /docs/ HTTP/1.1\"", "\"HTTP/1.1 200 OK\"", "TCP connection closed"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << trace;
}

TEST_F(GetAgainstOpenssl, UntrustedCertificateExitsWith1) {
  // The system store does not hold the test CA.
  auto r = test::run_command("(" + tlspp_binary() + " get " + url("localhost", "/hello.txt") +
                             " 2>&1 >/dev/null)");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("tlspp get: "), std::string::npos);
}

TEST_F(GetAgainstOpenssl, WrongHostNameExitsWith1) {
  auto r = test::run_command("(" + tlspp_binary() + " get --cafile " + data("ca.pem") + " " +
                             url("127.0.0.2", "/hello.txt") + " 2>&1 >/dev/null)");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("127.0.0.2"), std::string::npos) << r.output;
}

TEST(Get, RefusedConnectionExitsWith3AndUsageWith2) {
  const std::uint16_t port = test::free_port();
  auto refused = test::run_command(tlspp_binary() +
                                   " get https://127.0.0.1:" + std::to_string(port) + "/ 2>&1");
  EXPECT_EQ(refused.status, 3) << refused.output;
  auto usage = test::run_command(tlspp_binary() + " get http://example.com/ 2>&1");
  EXPECT_EQ(usage.status, 2) << usage.output;
}

}  // namespace
}  // namespace tlspp
