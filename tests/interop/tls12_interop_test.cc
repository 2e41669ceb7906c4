// TLS 1.2 interop on 127.0.0.1 between the tlspp binary and real peers: OpenSSL (s_client,
// s_server), GnuTLS (gnutls-cli, gnutls-serv) and curl. A case is skipped only when the peer
// binary is missing (scripts/deps.sh installs them for CI).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/interop.h"

namespace tlspp {
namespace {

using namespace std::chrono_literals;
using test::Subprocess;

using test::kHttp10Get;
using test::tls_data;
using test::tlspp_binary;

std::vector<std::string> s_client(std::uint16_t port, const std::string& cipher) {
  return {"openssl",          "s_client",    "-connect",  "127.0.0.1:" + std::to_string(port),
          "-tls1_2",          "-cipher",     cipher,      "-CAfile",
          tls_data("ca.pem"), "-servername", "localhost", "-ign_eof"};
}

// ---- our server, their clients ------------------------------------------------------------

struct SuiteCase {
  const char* openssl_name;
  const char* iana_name;
  const char* identity;
};

std::string case_name(const ::testing::TestParamInfo<SuiteCase>& info) {
  std::string n = info.param.openssl_name;
  for (char& ch : n) {
    if (ch == '-') ch = '_';
  }
  return n;
}

class OpensslClient : public ::testing::TestWithParam<SuiteCase> {};

// RFC 5246 / 8422 / 7905 / 7627: OpenSSL negotiates each ECDHE suite with EMS and gets a response.
TEST_P(OpensslClient, CompletesWithOurServer) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  const SuiteCase& c = GetParam();
  auto server = test::start_tlspp_server12(c.identity);
  const std::string out =
      test::run_to_completion(s_client(server.port, c.openssl_name), kHttp10Get);
  EXPECT_NE(out.find(std::string("Cipher is ") + c.openssl_name), std::string::npos) << out;
  EXPECT_NE(out.find("Protocol  : TLSv1.2"), std::string::npos) << out;
  EXPECT_NE(out.find("Verify return code: 0 (ok)"), std::string::npos) << out;
  EXPECT_NE(out.find("Extended master secret: yes"), std::string::npos) << out;
  EXPECT_NE(out.find("Secure Renegotiation IS supported"), std::string::npos) << out;
  EXPECT_NE(out.find(std::string("tlspp: TLS 1.2 ") + c.iana_name), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(
    EcdheSuites, OpensslClient,
    ::testing::Values(
        SuiteCase{"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                  "ecdsa"},
        SuiteCase{"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                  "ecdsa"},
        SuiteCase{"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                  "ecdsa"},
        SuiteCase{"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "rsa"},
        SuiteCase{"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "rsa"},
        SuiteCase{"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                  "rsa"}),
    case_name);

TEST(Tls12Interop, GnutlsCliCompletesWithOurServer) {
  TLSPP_REQUIRE_PROGRAM("gnutls-cli");
  auto server = test::start_tlspp_server12("ecdsa");
  const std::string out = test::run_to_completion(
      {"gnutls-cli", "--x509cafile", tls_data("ca.pem"), "-p", std::to_string(server.port),
       "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2", "localhost"},
      kHttp10Get);
  EXPECT_NE(out.find("Handshake was completed"), std::string::npos) << out;
  EXPECT_NE(out.find("tlspp: TLS 1.2 TLS_ECDHE_ECDSA_WITH_"), std::string::npos) << out;
}

// RFC 7627 §5.3: our server refuses a client without the extended master secret.
TEST(Tls12Interop, GnutlsCliWithoutEmsIsRefused) {
  TLSPP_REQUIRE_PROGRAM("gnutls-cli");
  auto server = test::start_tlspp_server12("ecdsa");
  const std::string out = test::run_to_completion(
      {"gnutls-cli", "--x509cafile", tls_data("ca.pem"), "-p", std::to_string(server.port),
       "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_SESSION_HASH", "localhost"},
      kHttp10Get);
  EXPECT_EQ(out.find("Handshake was completed"), std::string::npos) << out;
  EXPECT_NE(out.find("Handshake failed"), std::string::npos) << out;
}

TEST(Tls12Interop, CurlCompletesWithOurServer) {
  TLSPP_REQUIRE_PROGRAM("curl");
  auto server = test::start_tlspp_server12("rsa");
  const std::string out = test::run_to_completion(
      {"curl", "-s", "--cacert", tls_data("ca.pem"), "--tlsv1.2", "--tls-max", "1.2",
       "https://localhost:" + std::to_string(server.port) + "/"},
      "");
  EXPECT_NE(out.find("tlspp: TLS 1.2 TLS_ECDHE_RSA_WITH_"), std::string::npos) << out;
}

// Static RSA (RFC 5246 §7.4.7.1) only with --legacy-rsa.
TEST(Tls12Interop, StaticRsaWithOpensslClientOnlyWhenAllowed) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  {
    auto server = test::start_tlspp_server12("rsa", {"--legacy-rsa"});
    const std::string out =
        test::run_to_completion(s_client(server.port, "AES128-GCM-SHA256"), kHttp10Get);
    EXPECT_NE(out.find("Cipher is AES128-GCM-SHA256"), std::string::npos) << out;
    EXPECT_NE(out.find("tlspp: TLS 1.2 TLS_RSA_WITH_AES_128_GCM_SHA256"), std::string::npos) << out;
  }
  {
    auto server = test::start_tlspp_server12("rsa");
    const std::string out =
        test::run_to_completion(s_client(server.port, "AES128-GCM-SHA256"), kHttp10Get);
    EXPECT_NE(out.find("alert handshake failure"), std::string::npos) << out;
  }
}

// RFC 5746 §4.4: a renegotiation attempt gets no_renegotiation (OpenSSL then gives up).
TEST(Tls12Interop, OpensslClientRenegotiationRefused) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  auto server = test::start_tlspp_server12("ecdsa");
  auto argv = s_client(server.port, "ECDHE-ECDSA-AES128-GCM-SHA256");
  argv.pop_back();  // no -ign_eof: "R" on stdin renegotiates
  auto p = Subprocess::start(argv);
  ASSERT_TRUE(p.has_value());
  ASSERT_TRUE(p->wait_for_output("Verify return code", 5s)) << p->output();
  p->write_stdin("R\n");
  EXPECT_TRUE(p->wait_for_output("no renegotiation", 5s)) << p->output();
}

// ---- our client, their servers ------------------------------------------------------------

std::string our_client(std::uint16_t port, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {tlspp_binary(), "client", "localhost:" + std::to_string(port),
                                   "--cafile", tls_data("ca.pem")};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return test::run_to_completion(argv, kHttp10Get);
}

class OpensslServer : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(OpensslServer, OurClientCompletes) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  const SuiteCase& c = GetParam();
  auto server = test::start_openssl_server12(c.identity, {"-cipher", c.openssl_name});
  // Our client offers TLS 1.3 and 1.2; OpenSSL limited to 1.2 sets no downgrade sentinel.
  const std::string out = our_client(server.port);
  EXPECT_NE(out.find(std::string("connected: TLS 1.2 ") + c.iana_name), std::string::npos) << out;
  EXPECT_NE(out.find("HTTP/1.0 200 ok"), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(
    EcdheSuites, OpensslServer,
    ::testing::Values(
        SuiteCase{"ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                  "ecdsa"},
        SuiteCase{"ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                  "ecdsa"},
        SuiteCase{"ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                  "ecdsa"},
        SuiteCase{"ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "rsa"},
        SuiteCase{"ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "rsa"},
        SuiteCase{"ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                  "rsa"}),
    case_name);

TEST(Tls12Interop, StaticRsaWithOpensslServerOnlyWhenAllowed) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  auto server = test::start_openssl_server12("rsa", {"-cipher", "AES128-GCM-SHA256"});
  const std::string allowed = our_client(server.port, {"--tls1.2", "--legacy-rsa"});
  EXPECT_NE(allowed.find("connected: TLS 1.2 TLS_RSA_WITH_AES_128_GCM_SHA256"), std::string::npos)
      << allowed;
  const std::string refused = our_client(server.port, {"--tls1.2"});
  EXPECT_EQ(refused.find("connected:"), std::string::npos) << refused;
  EXPECT_NE(refused.find("handshake_failure"), std::string::npos) << refused;
}

TEST(Tls12Interop, OurClientCompletesWithGnutlsServ) {
  TLSPP_REQUIRE_PROGRAM("gnutls-serv");
  const std::uint16_t port = test::free_port();
  auto server =
      Subprocess::start({"gnutls-serv", "-p", std::to_string(port), "--x509certfile",
                         tls_data("ecdsa-chain.pem"), "--x509keyfile", tls_data("ecdsa-key.pem"),
                         "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2", "--http"});
  ASSERT_TRUE(server.has_value());
  ASSERT_TRUE(test::wait_for_port(port, 5s));
  const std::string out = our_client(port, {"--tls1.2"});
  EXPECT_NE(out.find("connected: TLS 1.2 TLS_ECDHE_ECDSA_WITH_"), std::string::npos) << out;
  EXPECT_NE(out.find("HTTP/1.0 200 OK"), std::string::npos) << out;
}

// RFC 5746 §4.4: a HelloRequest from OpenSSL ("r" on s_server's stdin) gets no_renegotiation.
TEST(Tls12Interop, OpensslServerRenegotiationRefusedByOurClient) {
  TLSPP_REQUIRE_PROGRAM("openssl");
  const std::uint16_t port = test::free_port();
  auto server =
      Subprocess::start({"openssl", "s_server", "-accept", std::to_string(port), "-tls1_2", "-cert",
                         tls_data("ecdsa-chain.pem"), "-key", tls_data("ecdsa-key.pem")});
  ASSERT_TRUE(server.has_value());
  ASSERT_TRUE(test::wait_for_port(port, 5s));
  auto client = Subprocess::start({tlspp_binary(), "client", "localhost:" + std::to_string(port),
                                   "--cafile", tls_data("ca.pem")});
  ASSERT_TRUE(client.has_value());
  ASSERT_TRUE(client->wait_for_output("connected: TLS 1.2", 5s)) << client->output();
  ASSERT_TRUE(server->wait_for_output("CIPHER is", 5s)) << server->output();
  server->write_stdin("r\n");
  EXPECT_TRUE(server->wait_for_output("no renegotiation", 5s)) << server->output();
}

}  // namespace
}  // namespace tlspp
