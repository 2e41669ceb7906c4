// TLS 1.2 session resumption interop on 127.0.0.1: our server resumes OpenSSL's and GnuTLS's
// sessions (tickets, RFC 5077, and session IDs, RFC 5246 §7.4.1.2), and our client resumes
// sessions with openssl s_server and gnutls-serv, in the library (two connections with one
// config) and in the tool (--sess-out, then --sess-in). A case is skipped only when the peer
// binary is missing (scripts/deps.sh installs them for CI).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "io/tls_stream.h"
#include "support/interop.h"
#include "support/tls_pair.h"

namespace tlspp {
namespace {

using test::kHttp10Get;
using test::tls_data;
using test::tlspp_binary;

std::vector<std::string> s_client(std::uint16_t port, std::vector<std::string> extra) {
  std::vector<std::string> argv = {
      "openssl",  "s_client", "-connect",         "127.0.0.1:" + std::to_string(port),
      "-tls1_2",  "-CAfile",  tls_data("ca.pem"), "-servername",
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
  TLSPP_REQUIRE_PROGRAM("openssl");
  auto server = test::start_tlspp_server12();
  std::vector<std::string> extra = {"-reconnect"};
  if (GetParam()) extra.push_back("-no_ticket");
  const std::string out = test::run_to_completion(s_client(server.port, extra), "");
  EXPECT_EQ(test::count_of(out, "Reused, TLSv1.2"), 5u) << out;
  EXPECT_EQ(test::count_of(out, "New, TLSv1.2"), 1u) << out;
}

// s_client -sess_out, then -sess_in: the second process resumes the first one's session.
TEST_P(OurServerResumes, OpensslSessOutSessIn) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  auto server = test::start_tlspp_server12();
  test::TempDir dir;
  const std::string file = dir.file("session.pem");
  std::vector<std::string> first = {"-sess_out", file, "-ign_eof"};
  if (GetParam()) first.push_back("-no_ticket");
  const std::string out1 = test::run_to_completion(s_client(server.port, first), kHttp10Get);
  EXPECT_NE(out1.find("New, TLSv1.2"), std::string::npos) << out1;
  std::vector<std::string> second = {"-sess_in", file, "-ign_eof"};
  if (GetParam()) second.push_back("-no_ticket");
  const std::string out2 = test::run_to_completion(s_client(server.port, second), kHttp10Get);
  EXPECT_NE(out2.find("Reused, TLSv1.2"), std::string::npos) << out2;
  EXPECT_NE(out2.find("tlspp: TLS 1.2 "), std::string::npos) << out2;  // data flows
}

// gnutls-cli --resume connects twice, the second time with the first session.
TEST_P(OurServerResumes, GnutlsCliResume) {
  TLSPP_REQUIRE_PROGRAM("gnutls-cli");
  auto server = test::start_tlspp_server12();
  std::vector<std::string> argv = {"gnutls-cli",
                                   "--x509cafile",
                                   tls_data("ca.pem"),
                                   "-p",
                                   std::to_string(server.port),
                                   "--priority",
                                   "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                                   "--resume"};
  if (GetParam()) argv.push_back("--noticket");
  argv.push_back("localhost");
  const std::string out = test::run_to_completion(argv, kHttp10Get);
  EXPECT_NE(out.find("This is a resumed session"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, OurServerResumes, ::testing::Values(false, true), mechanism);

// ---- our client, their servers ------------------------------------------------------------

test::ListeningPeer start_s_server(bool session_ids) {
  return test::start_openssl_server12(
      "ecdsa", session_ids ? std::vector<std::string>{"-no_ticket"} : std::vector<std::string>{});
}

test::ListeningPeer start_gnutls_serv(bool session_ids) {
  const std::uint16_t port = test::free_port();
  std::vector<std::string> argv = {"gnutls-serv",
                                   "-p",
                                   std::to_string(port),
                                   "--x509certfile",
                                   tls_data("ecdsa-chain.pem"),
                                   "--x509keyfile",
                                   tls_data("ecdsa-key.pem"),
                                   "--priority",
                                   "NORMAL:-VERS-ALL:+VERS-TLS1.2",
                                   "--http"};
  if (session_ids) argv.push_back("--noticket");
  return test::start_listening(argv, port);
}

// One connection with `config`: sends a GET, reads the answer, closes. Whether it resumed.
Result<bool> connect_once(std::uint16_t port, std::shared_ptr<const ClientConfig> config) {
  TLSPP_ASSIGN_OR_RETURN(io::TlsStream stream,
                         io::TlsStream::connect("127.0.0.1", port, config, "localhost"));
  const bool resumed = stream.connection().info().resumed;
  TLSPP_TRY(stream.write_all(
      {reinterpret_cast<const std::uint8_t*>(kHttp10Get), sizeof(kHttp10Get) - 1}));
  std::uint8_t buf[4096];
  TLSPP_ASSIGN_OR_RETURN(std::size_t n, stream.read(buf));
  if (n == 0) return Error(ErrorCode::io_error, "no response");
  (void)stream.close();
  return resumed;
}

class OurClientResumes : public ::testing::TestWithParam<bool> {};  // true: session IDs only

TEST_P(OurClientResumes, WithOpensslServerInTheLibrary) {
  TLSPP_REQUIRE_PROGRAM("openssl");
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
  TLSPP_REQUIRE_PROGRAM("gnutls-serv");
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
  TLSPP_REQUIRE_PROGRAM("openssl");
  auto server = start_s_server(GetParam());
  test::TempDir dir;
  const std::string file = dir.file("session.bin");
  const std::vector<std::string> client = {tlspp_binary(), "client",
                                           "localhost:" + std::to_string(server.port), "--cafile",
                                           tls_data("ca.pem")};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = client;
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  const std::string out1 = test::run_to_completion(with({"--sess-out", file}), kHttp10Get);
  EXPECT_NE(out1.find("connected: TLS 1.2"), std::string::npos) << out1;
  EXPECT_EQ(out1.find("(resumed)"), std::string::npos) << out1;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0) << out1;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string out2 = test::run_to_completion(with({"--sess-in", file}), kHttp10Get);
  EXPECT_NE(out2.find("connected: TLS 1.2"), std::string::npos) << out2;
  EXPECT_NE(out2.find("(resumed)"), std::string::npos) << out2;
  EXPECT_NE(out2.find("HTTP/1.0 200 ok"), std::string::npos) << out2;
}

INSTANTIATE_TEST_SUITE_P(Mechanisms, OurClientResumes, ::testing::Values(false, true), mechanism);

}  // namespace
}  // namespace tlspp
