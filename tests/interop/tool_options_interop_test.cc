// The client and server commands' algorithm options and SSLKEYLOGFILE against OpenSSL: the suite
// and group asked for are the ones negotiated, and the key log both sides write is the same (NSS
// format, line for line); an unknown name is a one-line usage error.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <string>

#include "support/interop.h"
#include "support/process.h"
#include "support/tls_pair.h"

namespace tlspp {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;
using test::tls_data;
using test::tlspp_binary;

// The secret lines of an NSS key log file (comments dropped).
std::set<std::string> key_log_lines(const std::string& path) {
  std::set<std::string> lines;
  std::istringstream in(test::read_file(path).value_or(""));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() != '#') lines.insert(line);
  }
  return lines;
}

// Every TLS 1.3 secret of one connection, for one client random.
void expect_tls13_key_log(const std::set<std::string>& lines) {
  ASSERT_EQ(lines.size(), 5u);
  for (const char* label :
       {"CLIENT_HANDSHAKE_TRAFFIC_SECRET ", "SERVER_HANDSHAKE_TRAFFIC_SECRET ",
        "CLIENT_TRAFFIC_SECRET_0 ", "SERVER_TRAFFIC_SECRET_0 ", "EXPORTER_SECRET "}) {
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [&](const std::string& l) { return l.starts_with(label); }),
              1)
        << label;
  }
}

TEST(ToolOptions, ServerSuiteGroupAndKeyLogWithOpensslClient) {
  test::TempDir dir;
  const std::uint16_t port = test::free_port();
  auto server =
      Subprocess::start({"env", "SSLKEYLOGFILE=" + dir.file("server.keys"), tlspp_binary(),
                         "server", "--port", std::to_string(port), "--cert",
                         tls_data("ecdsa-chain.pem"), "--key", tls_data("ecdsa-key.pem"),
                         "--ciphersuites", "TLS_AES_256_GCM_SHA384", "--groups", "secp256r1"});
  ASSERT_TRUE(server && test::wait_for_port(port, 10s));
  auto r = test::run_command(
      "echo | openssl s_client -brief -connect localhost:" + std::to_string(port) + " -CAfile " +
      tls_data("ca.pem") + " -keylogfile " + dir.file("client.keys") + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Ciphersuite: TLS_AES_256_GCM_SHA384"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Server Temp Key: ECDH, prime256v1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Verification: OK"), std::string::npos) << r.output;
  ASSERT_TRUE(server->wait_for_output("TLS 1.3 TLS_AES_256_GCM_SHA384", 5s)) << server->output();
  const auto ours = key_log_lines(dir.file("server.keys"));
  expect_tls13_key_log(ours);
  EXPECT_EQ(ours, key_log_lines(dir.file("client.keys")));
}

TEST(ToolOptions, ClientSuiteGroupAndKeyLogWithOpensslServer) {
  test::TempDir dir;
  const std::uint16_t port = test::free_port();
  auto server = Subprocess::start({"openssl", "s_server", "-accept", std::to_string(port), "-cert",
                                   tls_data("ecdsa-chain.pem"), "-key", tls_data("ecdsa-key.pem"),
                                   "-www", "-keylogfile", dir.file("server.keys")});
  ASSERT_TRUE(server && test::wait_for_port(port, 10s));
  auto r = test::run_command(
      "(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | env SSLKEYLOGFILE=" + dir.file("client.keys") + " " +
      tlspp_binary() + " client localhost:" + std::to_string(port) + " --cafile " +
      tls_data("ca.pem") +
      " --ciphersuites TLS_CHACHA20_POLY1305_SHA256 --groups secp384r1 --timeout 5 2>&1)");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(
      r.output.find("tlspp client: connected: TLS 1.3 TLS_CHACHA20_POLY1305_SHA256 secp384r1"),
      std::string::npos)
      << r.output;
  // s_server -www describes the connection it served.
  EXPECT_NE(r.output.find("TLS_CHACHA20_POLY1305_SHA256"), std::string::npos) << r.output;
  const auto ours = key_log_lines(dir.file("client.keys"));
  expect_tls13_key_log(ours);
  EXPECT_EQ(ours, key_log_lines(dir.file("server.keys")));
}

TEST(ToolOptions, UnknownAlgorithmNameIsAOneLineUsageError) {
  for (const std::string command : {"client localhost:1", "server --port 0", "get https://x/"}) {
    auto r = test::run_command(tlspp_binary() + " " + command + " --groups x25519,ffdhe9 2>&1");
    EXPECT_EQ(r.status, 2) << command << ": " << r.output;
    const std::string first_line = r.output.substr(0, r.output.find('\n'));
    EXPECT_EQ(first_line, "tlspp " + command.substr(0, command.find(' ')) +
                              ": --groups: unknown name ffdhe9 (known: x25519, secp256r1, "
                              "secp384r1, secp521r1)")
        << r.output;
  }
}

}  // namespace
}  // namespace tlspp
