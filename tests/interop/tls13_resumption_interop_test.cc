// TLS 1.3 resumption and 0-RTT with real peers on 127.0.0.1 (RFC 8446 §2.2, §2.3): `openssl
// s_client -sess_out / -sess_in -early_data` against `tlspp server --early-data`; `tlspp client
// --sess-out / --sess-in --early-data` against `openssl s_server -early_data` and `gnutls-serv`.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/interop.h"
#include "support/process.h"
#include "support/tls_pair.h"

namespace tlspp {
namespace {

using namespace std::chrono_literals;
using test::start_server;
using test::Subprocess;
using test::tls_data;
using test::tlspp_binary;

constexpr const char* kRequest = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

TEST(OurServerResumption, OpensslClientResumesAndSendsEarlyData) {
  test::TempDir dir;
  const std::uint16_t port = test::free_port();
  auto server = start_server(
      {tlspp_binary(), "server", "--port", std::to_string(port), "--cert",
       tls_data("ecdsa-chain.pem"), "--key", tls_data("ecdsa-key.pem"), "--early-data"},
      port);
  ASSERT_TRUE(server);
  const std::string s_client =
      "timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
      " -servername localhost -CAfile " + tls_data("ca.pem") + " -tls1_3 -ign_eof";
  ASSERT_TRUE(test::write_file(dir.file("request.txt"), kRequest));
  auto first = test::run_command("printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n' | " +
                                 s_client + " -sess_out " + dir.file("session.pem"));
  EXPECT_EQ(first.status, 0) << first.output;
  EXPECT_NE(first.output.find("New, TLSv1.3"), std::string::npos) << first.output;
  // The request goes as 0-RTT data; the server answers it.
  auto second = test::run_command(s_client + " -sess_in " + dir.file("session.pem") +
                                  " -early_data " + dir.file("request.txt") + " </dev/null");
  EXPECT_EQ(second.status, 0) << second.output;
  EXPECT_NE(second.output.find("Reused, TLSv1.3"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Early data was accepted"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("tlspp: TLS 1.3"), std::string::npos) << second.output;
  // The server saw a resumed connection whose request came as early data.
  EXPECT_TRUE(server->wait_for_output(
      " (resumed) early_data=" + std::to_string(std::string(kRequest).size()), 5s))
      << server->output();
}

TEST(OurServerResumption, WithoutEarlyDataItsTicketsAllowNone) {
  test::TempDir dir;
  const std::uint16_t port = test::free_port();
  auto server = start_server({tlspp_binary(), "server", "--port", std::to_string(port), "--cert",
                              tls_data("rsa-chain.pem"), "--key", tls_data("rsa-key.pem")},
                             port);
  ASSERT_TRUE(server);
  const std::string s_client =
      "timeout 20 openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
      " -servername localhost -CAfile " + tls_data("ca.pem") + " -tls1_3 -ign_eof";
  ASSERT_TRUE(test::write_file(dir.file("request.txt"), kRequest));
  auto first = test::run_command("printf 'GET / HTTP/1.1\\r\\n\\r\\n' | " + s_client +
                                 " -sess_out " + dir.file("session.pem"));
  EXPECT_EQ(first.status, 0) << first.output;
  // The tickets carry no early_data extension, so s_client sends none (and, without -ign_eof,
  // ends at the end of its input).
  const std::string no_wait = s_client.substr(0, s_client.size() - std::string(" -ign_eof").size());
  auto second = test::run_command(no_wait + " -sess_in " + dir.file("session.pem") +
                                  " -early_data " + dir.file("request.txt") + " </dev/null");
  EXPECT_EQ(second.status, 0) << second.output;
  EXPECT_NE(second.output.find("Reused, TLSv1.3"), std::string::npos) << second.output;
  EXPECT_NE(second.output.find("Early data was not sent"), std::string::npos) << second.output;
}

// `tlspp client` twice against a server: saves the session, then resumes it (with `extra` flags).
struct TwoRuns {
  test::CommandResult first;
  test::CommandResult second;
};
TwoRuns run_tlspp_client_twice(std::uint16_t port, const test::TempDir& dir,
                               const std::string& extra) {
  const std::string client =
      "timeout 20 " + tlspp_binary() + " client 127.0.0.1:" + std::to_string(port) +
      " --servername localhost --cafile " + tls_data("ca.pem") + " --timeout 1";
  TwoRuns r{
      test::run_command("printf 'first\\n' | " + client + " --sess-out " + dir.file("session.bin")),
      {}};
  r.second = test::run_command("printf 'second\\n' | " + client + " --sess-in " +
                               dir.file("session.bin") + " " + extra);
  return r;
}

TEST(OurClientResumption, AgainstOpensslServerWithEarlyData) {
  test::TempDir dir;
  ASSERT_TRUE(test::write_file(dir.file("early.txt"), "early hello\n"));
  const std::uint16_t port = test::free_port();
  // s_server's echo mode (stdin kept open by the pipe) prints what it receives.
  auto server =
      start_server({"openssl", "s_server", "-accept", std::to_string(port), "-cert",
                    tls_data("ecdsa-chain.pem"), "-key", tls_data("ecdsa-key.pem"), "-early_data"},
                   port);
  ASSERT_TRUE(server);
  auto r = run_tlspp_client_twice(port, dir, "--early-data " + dir.file("early.txt"));
  EXPECT_EQ(r.first.status, 0) << r.first.output;
  EXPECT_NE(r.first.output.find("resumed: no"), std::string::npos) << r.first.output;
  EXPECT_EQ(r.second.status, 0) << r.second.output;
  EXPECT_NE(r.second.output.find("resumed: yes, early data: accepted"), std::string::npos)
      << r.second.output;
  EXPECT_TRUE(server->wait_for_output("Early data received", 5s)) << server->output();
  EXPECT_TRUE(server->wait_for_output("early hello", 5s)) << server->output();
}

TEST(OurClientResumption, AgainstGnutlsServer) {
  test::TempDir dir;
  const std::uint16_t port = test::free_port();
  auto server = start_server(
      {"gnutls-serv", "-p", std::to_string(port), "--x509certfile", tls_data("ecdsa-chain.pem"),
       "--x509keyfile", tls_data("ecdsa-key.pem"), "--echo"},
      port);
  ASSERT_TRUE(server);
  auto r = run_tlspp_client_twice(port, dir, "");
  EXPECT_EQ(r.first.status, 0) << r.first.output;
  EXPECT_EQ(r.second.status, 0) << r.second.output;
  EXPECT_NE(r.second.output.find("resumed: yes"), std::string::npos) << r.second.output;
  EXPECT_NE(r.second.output.find("second"), std::string::npos) << r.second.output;  // echoed
}

}  // namespace
}  // namespace tlspp
