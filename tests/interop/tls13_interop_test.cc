// Real peers on 127.0.0.1 (RFC 8446 interop): tlspp's client against `openssl s_server` and
// `gnutls-serv`; `openssl s_client`, `gnutls-cli` and `curl --tlsv1.3` against `tlspp server`.
// Every cipher suite, X25519 and P-256, RSA and ECDSA certificates.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <tuple>

#include "handshake/negotiation.h"
#include "io/tls_stream.h"
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

// OpenSSL's names for what tlspp calls secp256r1 / x25519.
std::string openssl_group(NamedGroup g) { return g == NamedGroup::x25519 ? "X25519" : "P-256"; }
std::string gnutls_group(NamedGroup g) {
  return g == NamedGroup::x25519 ? "GROUP-X25519" : "GROUP-SECP256R1";
}
std::string gnutls_cipher(CipherSuite s) {
  switch (s) {
    case CipherSuite::tls_aes_128_gcm_sha256: return "AES-128-GCM";
    case CipherSuite::tls_aes_256_gcm_sha384: return "AES-256-GCM";
    default: return "CHACHA20-POLY1305";
  }
}

// A started server process listening on `port`, or a test failure.
using Combo = std::tuple<CipherSuite, NamedGroup, std::string>;

std::string combo_name(const ::testing::TestParamInfo<Combo>& info) {
  auto [suite, group, cert] = info.param;
  std::string name =
      handshake::display_name(suite) + "_" + handshake::display_name(group) + "_" + cert;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

const auto kCombos = ::testing::Combine(
    ::testing::Values(CipherSuite::tls_aes_128_gcm_sha256, CipherSuite::tls_aes_256_gcm_sha384,
                      CipherSuite::tls_chacha20_poly1305_sha256),
    ::testing::Values(NamedGroup::x25519, NamedGroup::secp256r1),
    ::testing::Values(std::string("ecdsa"), std::string("rsa")));

class OurClient : public ::testing::TestWithParam<Combo> {};

TEST_P(OurClient, AgainstOpensslServer) {
  auto [suite, group, cert] = GetParam();
  const std::uint16_t port = test::free_port();
  auto server = start_server(
      {"openssl", "s_server", "-accept", std::to_string(port), "-cert",
       tls_data(cert + "-chain.pem"), "-key", tls_data(cert + "-key.pem"), "-tls1_3",
       "-ciphersuites", handshake::display_name(suite), "-groups", openssl_group(group), "-www"},
      port);
  ASSERT_TRUE(server);
  auto config = test::test_client_config();
  config->groups = {group};
  auto stream = io::TlsStream::connect("127.0.0.1", port, config, "localhost", 10000ms);
  ASSERT_TRUE(stream.ok()) << stream.error().to_string() << "\n" << server->output();
  EXPECT_EQ(stream->connection().info().cipher_suite, suite);
  EXPECT_EQ(stream->connection().info().group, group);
  const std::string request = "GET / HTTP/1.0\r\n\r\n";
  ASSERT_TRUE(
      stream->write_all({reinterpret_cast<const std::uint8_t*>(request.data()), request.size()})
          .ok());
  std::string response;
  std::uint8_t buf[4096];
  for (;;) {
    auto n = stream->read(buf);
    ASSERT_TRUE(n.ok()) << n.error().to_string();
    if (*n == 0) break;
    response.append(reinterpret_cast<const char*>(buf), *n);
  }
  EXPECT_NE(response.find("HTTP/1.0 200 ok"), std::string::npos) << response;
  // s_server -www reports the cipher it negotiated in the page.
  EXPECT_NE(response.find(handshake::display_name(suite)), std::string::npos) << response;
}

TEST_P(OurClient, AgainstGnutlsServer) {
  auto [suite, group, cert] = GetParam();
  const std::uint16_t port = test::free_port();
  const std::string priority = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+" +
                               gnutls_cipher(suite) + ":-GROUP-ALL:+" + gnutls_group(group);
  auto server = start_server(
      {"gnutls-serv", "-p", std::to_string(port), "--x509certfile", tls_data(cert + "-chain.pem"),
       "--x509keyfile", tls_data(cert + "-key.pem"), "--priority", priority, "--echo", "--quiet"},
      port);
  ASSERT_TRUE(server);
  auto stream =
      io::TlsStream::connect("127.0.0.1", port, test::test_client_config(), "localhost", 10000ms);
  ASSERT_TRUE(stream.ok()) << stream.error().to_string() << "\n" << server->output();
  EXPECT_EQ(stream->connection().info().cipher_suite, suite);
  EXPECT_EQ(stream->connection().info().group, group);
  const std::string line = "hello gnutls\n";
  ASSERT_TRUE(
      stream->write_all({reinterpret_cast<const std::uint8_t*>(line.data()), line.size()}).ok());
  std::string echoed;
  std::uint8_t buf[256];
  while (echoed.size() < line.size()) {
    auto n = stream->read(buf);
    ASSERT_TRUE(n.ok()) << n.error().to_string();
    ASSERT_GT(*n, 0u);
    echoed.append(reinterpret_cast<const char*>(buf), *n);
  }
  EXPECT_EQ(echoed, line);
  EXPECT_TRUE(stream->close().ok());
}

INSTANTIATE_TEST_SUITE_P(Tls13, OurClient, kCombos, combo_name);

class OurServer : public ::testing::TestWithParam<Combo> {
 protected:
  void SetUp() override {
    port_ = test::free_port();
    const std::string cert = std::get<2>(GetParam());
    server_ = start_server({tlspp_binary(), "server", "--port", std::to_string(port_), "--cert",
                            tls_data(cert + "-chain.pem"), "--key", tls_data(cert + "-key.pem")},
                           port_);
    ASSERT_TRUE(server_);
  }
  std::uint16_t port_ = 0;
  std::optional<Subprocess> server_;
};

TEST_P(OurServer, AgainstOpensslClient) {
  auto [suite, group, cert] = GetParam();
  auto r = test::run_command(
      "printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n' | timeout 20 openssl s_client "
      "-connect 127.0.0.1:" +
      std::to_string(port_) + " -servername localhost -CAfile " + tls_data("ca.pem") +
      " -verify_return_error -tls1_3 -ciphersuites " + handshake::display_name(suite) +
      " -groups " + openssl_group(group) + " -ign_eof");
  EXPECT_EQ(r.status, 0) << r.output << "\n" << server_->output();
  EXPECT_NE(r.output.find("Verify return code: 0 (ok)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("tlspp: TLS 1.3 " + handshake::display_name(suite)), std::string::npos)
      << r.output;
}

TEST_P(OurServer, AgainstGnutlsClient) {
  auto [suite, group, cert] = GetParam();
  const std::string priority = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+" +
                               gnutls_cipher(suite) + ":-GROUP-ALL:+" + gnutls_group(group);
  auto r = test::run_command("printf 'echo through tlspp\\n' | timeout 20 gnutls-cli -p " +
                             std::to_string(port_) + " --x509cafile " + tls_data("ca.pem") +
                             " --priority " + priority + " localhost");
  EXPECT_EQ(r.status, 0) << r.output << "\n" << server_->output();
  EXPECT_NE(r.output.find("echo through tlspp"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(TLS1.3"), std::string::npos) << r.output;
}

TEST_P(OurServer, AgainstCurl) {
  auto [suite, group, cert] = GetParam();
  auto r = test::run_command("timeout 20 curl -sS --tlsv1.3 --tls13-ciphers " +
                             handshake::display_name(suite) + " --curves " + openssl_group(group) +
                             " --cacert " + tls_data("ca.pem") +
                             " https://localhost:" + std::to_string(port_) + "/");
  EXPECT_EQ(r.status, 0) << r.output << "\n" << server_->output();
  EXPECT_EQ(r.output, "tlspp: TLS 1.3 " + handshake::display_name(suite) + "\n");
}

INSTANTIATE_TEST_SUITE_P(Tls13, OurServer, kCombos, combo_name);

// The tlspp binary as a client: exits 0 after a clean session, non-zero with one line on a failed
// certificate check.
TEST(TlsppClient, ExitsCleanlyAndRefusesAnUntrustedServer) {
  const std::uint16_t port = test::free_port();
  auto server =
      start_server({"openssl", "s_server", "-accept", std::to_string(port), "-cert",
                    tls_data("ecdsa-chain.pem"), "-key", tls_data("ecdsa-key.pem"), "-www"},
                   port);
  ASSERT_TRUE(server);
  auto ok =
      test::run_command("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | timeout 20 " + tlspp_binary() +
                        " client 127.0.0.1:" + std::to_string(port) +
                        " --servername localhost --cafile " + tls_data("ca.pem") + " --timeout 2");
  EXPECT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(ok.output.find("HTTP/1.0 200 ok"), std::string::npos) << ok.output;
  // Without the test CA the system store does not know the server: exit 1, one clear line.
  auto refused = test::run_command("timeout 20 " + tlspp_binary() + " client 127.0.0.1:" +
                                   std::to_string(port) + " --servername localhost </dev/null");
  EXPECT_EQ(refused.status, 1) << refused.output;
  EXPECT_NE(refused.output.find("issuer"), std::string::npos) << refused.output;
}

}  // namespace
}  // namespace tlspp
