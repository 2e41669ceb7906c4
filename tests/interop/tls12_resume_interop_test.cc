// TLS 1.2 session resumption interop on 127.0.0.1: our server resumes OpenSSL's and GnuTLS's
// sessions (tickets, RFC 5077, and session IDs, RFC 5246 §7.4.1.2), and our client resumes
// sessions with openssl s_server and gnutls-serv, in the library (two connections with one
// config) and in the tool (--sess-out, then --sess-in). A case is skipped only when the peer
// binary is missing (scripts/deps.sh installs them for CI).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/tls_stream.h"
#include "support/process.h"
#include "support/tls_pair.h"

namespace tlspp {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;

std::string data(const std::string& file) {
  return std::string(TLSPP_SOURCE_DIR) + "/tests/data/tls/" + file;
}

std::string tlspp_binary() {
  const char* dir = std::getenv("TLSPP_BINARY_DIR");
  return std::string(dir ? dir : TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp";
}

#define REQUIRE_PROGRAM(p) \
  if (!test::have_program(p)) GTEST_SKIP() << p << " is not installed"

const char kGet[] = "GET / HTTP/1.0\r\n\r\n";

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Runs a program to completion with `input` on stdin; its output.
std::string run(const std::vector<std::string>& argv, const std::string& input,
                std::chrono::milliseconds timeout = 20s) {
  auto p = Subprocess::start(argv);
  EXPECT_TRUE(p.has_value());
  if (!p) return {};
  p->write_stdin(input);
  p->close_stdin();
  if (!p->wait(timeout)) p->kill();
  return p->output();
}

struct Server {
  std::uint16_t port;
  std::optional<Subprocess> process;
};

// The tlspp server, TLS 1.2 only (it keeps a session cache and ticket keys by default).
Server start_our_server() {
  const std::uint16_t port = test::free_port();
  Server s{port, Subprocess::start({tlspp_binary(), "server", "--port", std::to_string(port),
                                    "--cert", data("ecdsa-chain.pem"), "--key",
                                    data("ecdsa-key.pem"), "--tls1.2"})};
  EXPECT_TRUE(s.process.has_value());
  EXPECT_TRUE(test::wait_for_port(port, 5s)) << "the tlspp server did not start";
  return s;
}

std::vector<std::string> s_client(std::uint16_t port, std::vector<std::string> extra) {
  std::vector<std::string> argv = {
      "openssl",  "s_client", "-connect",     "127.0.0.1:" + std::to_string(port),
      "-tls1_2",  "-CAfile",  data("ca.pem"), "-servername",
      "localhost"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

// ---- our server, their clients ------------------------------------------------------------

class OurServerResumes : public ::testing::TestWithParam<bool> {};  // true: session IDs only

std::string mechanism(const ::testing::TestParamInfo<bool>& info) {
  return info.param ? "SessionId" : "Ticket";
}

// s_client -reconnect: the first connection and five reconnects with its session.
TEST_P(OurServerResumes, OpensslReconnect) {
  REQUIRE_PROGRAM("openssl");
  auto server = start_our_server();
  std::vector<std::string> extra = {"-reconnect"};
  if (GetParam()) extra.push_back("-no_ticket");
  const std::string out = run(s_client(server.port, extra), "");
  EXPECT_EQ(count(out, "Reused, TLSv1.2"), 5u) << out;
  EXPECT_EQ(count(out, "New, TLSv1.2"), 1u) << out;
}

// s_client -sess_out, then -sess_in: the second process resumes the first one's session.
TEST_P(OurServerResumes, OpensslSessOutSessIn) {
  REQUIRE_PROGRAM("openssl");
  auto server = start_our_server();
  test::TempDir dir;
  const std::string file = dir.file("session.pem");
  std::vector<std::string> first = {"-sess_out", file, "-ign_eof"};
  if (GetParam()) first.push_back("-no_ticket");
  const std::string out1 = run(s_client(server.port, first), kGet);
  EXPECT_NE(out1.find("New, TLSv1.2"), std::string::npos) << out1;
  std::vector<std::string> second = {"-sess_in", file, "-ign_eof"};
  if (GetParam()) second.push_back("-no_ticket");
  const std::string out2 = run(s_client(server.port, second), kGet);
  EXPECT_NE(out2.find("Reused, TLSv1.2"), std::string::npos) << out2;
  EXPECT_NE(out2.find("tlspp: TLS 1.2 "), std::string::npos) << out2;  // data flows
}

// gnutls-cli --resume connects twice, the second time with the first session.
TEST_P(OurServerResumes, GnutlsCliResume) {
  REQUIRE_PROGRAM("gnutls-cli");
  auto server = start_our_server();
  std::vector<std::string> argv = {"gnutls-cli",
                                   "--x509cafile",
                                   data("ca.pem"),
                                   "-p",
                                   std::to_string(server.port),
                                   "--priority",
                                   "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                                   "--resume"};
  if (GetParam()) argv.push_back("--noticket");
  argv.push_back("localhost");
  const std::string out = run(argv, kGet);
  EXPECT_NE(out.find("This is a resumed session"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, OurServerResumes, ::testing::Values(false, true), mechanism);

// ---- our client, their servers ------------------------------------------------------------

Server start_s_server(bool session_ids) {
  const std::uint16_t port = test::free_port();
  std::vector<std::string> argv = {"openssl",
                                   "s_server",
                                   "-accept",
                                   std::to_string(port),
                                   "-tls1_2",
                                   "-cert",
                                   data("ecdsa-chain.pem"),
                                   "-key",
                                   data("ecdsa-key.pem"),
                                   "-www"};
  if (session_ids) argv.push_back("-no_ticket");
  Server s{port, Subprocess::start(argv)};
  EXPECT_TRUE(s.process.has_value());
  EXPECT_TRUE(test::wait_for_port(port, 5s));
  return s;
}

Server start_gnutls_serv(bool session_ids) {
  const std::uint16_t port = test::free_port();
  std::vector<std::string> argv = {"gnutls-serv",
                                   "-p",
                                   std::to_string(port),
                                   "--x509certfile",
                                   data("ecdsa-chain.pem"),
                                   "--x509keyfile",
                                   data("ecdsa-key.pem"),
                                   "--priority",
                                   "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                                   "--http"};
  if (session_ids) argv.push_back("--noticket");
  Server s{port, Subprocess::start(argv)};
  EXPECT_TRUE(s.process.has_value());
  EXPECT_TRUE(test::wait_for_port(port, 5s));
  return s;
}

// One connection with `config`: sends a GET, reads the answer, closes. Whether it resumed.
Result<bool> connect_once(std::uint16_t port, std::shared_ptr<const ClientConfig> config) {
  TLSPP_ASSIGN_OR_RETURN(io::TlsStream stream,
                         io::TlsStream::connect("127.0.0.1", port, config, "localhost"));
  const bool resumed = stream.connection().info().resumed;
  TLSPP_TRY(stream.write_all({reinterpret_cast<const std::uint8_t*>(kGet), sizeof(kGet) - 1}));
  std::uint8_t buf[4096];
  TLSPP_ASSIGN_OR_RETURN(std::size_t n, stream.read(buf));
  if (n == 0) return Error(ErrorCode::io_error, "no response");
  (void)stream.close();
  return resumed;
}

class OurClientResumes : public ::testing::TestWithParam<bool> {};  // true: session IDs only

TEST_P(OurClientResumes, WithOpensslServerInTheLibrary) {
  REQUIRE_PROGRAM("openssl");
  auto server = start_s_server(GetParam());
  auto config = test::test_client_config();
  auto first = connect_once(server.port, config);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_FALSE(*first);
  auto second = connect_once(server.port, config);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_TRUE(*second);
}

TEST_P(OurClientResumes, WithGnutlsServInTheLibrary) {
  REQUIRE_PROGRAM("gnutls-serv");
  auto server = start_gnutls_serv(GetParam());
  auto config = test::test_client_config();
  auto first = connect_once(server.port, config);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_FALSE(*first);
  auto second = connect_once(server.port, config);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_TRUE(*second);
}

// The tool: --sess-out writes the session (mode 0600), --sess-in resumes it in a new process.
TEST_P(OurClientResumes, ToolSessOutSessInWithOpensslServer) {
  REQUIRE_PROGRAM("openssl");
  auto server = start_s_server(GetParam());
  test::TempDir dir;
  const std::string file = dir.file("session.bin");
  const std::vector<std::string> client = {tlspp_binary(), "client",
                                           "localhost:" + std::to_string(server.port), "--cafile",
                                           data("ca.pem")};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = client;
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  const std::string out1 = run(with({"--sess-out", file}), kGet);
  EXPECT_NE(out1.find("connected: TLS 1.2"), std::string::npos) << out1;
  EXPECT_EQ(out1.find("(resumed)"), std::string::npos) << out1;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0) << out1;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string out2 = run(with({"--sess-in", file}), kGet);
  EXPECT_NE(out2.find("connected: TLS 1.2"), std::string::npos) << out2;
  EXPECT_NE(out2.find("(resumed)"), std::string::npos) << out2;
  EXPECT_NE(out2.find("HTTP/1.0 200 ok"), std::string::npos) << out2;
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, OurClientResumes, ::testing::Values(false, true), mechanism);

}  // namespace
}  // namespace tlspp
