// `tlspp inspect`: a chain from a file or a server, and the verifier's verdict check by check.
#include <gtest/gtest.h>

#include <chrono>

#include "tool/tool_run.h"

namespace tlspp::tooltest {
namespace {

using namespace std::chrono_literals;

class Inspect : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(run_tlspp(state_.path(), "cert").status, 0); }
  std::string dir() const { return state_.file("tlspp"); }
  test::TempDir state_;
};

TEST_F(Inspect, FileShowsTheCertificateAndEachCheck) {
  auto r = run_tlspp(state_.path(), "inspect " + dir() + "/server.pem --cafile " + dir() +
                                        "/ca.pem --host localhost");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto order = find_in_order(
      r.output,
      {"certificate 0 (leaf)", "subject    O=tlspp development, CN=localhost",
       "issuer     O=tlspp development, CN=tlspp development CA (", "valid now",
       "names      DNS:localhost, IP:127.0.0.1, IP:::1", "key        EC P-256",
       "signature  ecdsa-with-SHA256", "key usage  serverAuth, clientAuth", "CA         no",
       "SHA-256", "verdict", "ok   chain to trusted root", "ok   signatures", "1 checked",
       "ok   validity dates", "ok   host name", "RESULT: trusted"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << r.output;
}

TEST_F(Inspect, WrongHostFailsThatCheckOnly) {
  auto r = run_tlspp(state_.path(), "inspect " + dir() + "/server-rsa.pem --cafile " + dir() +
                                        "/ca.pem --host www.example.com");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("key        RSA 2048"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ok   chain to trusted root"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FAIL host name"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("RESULT: NOT trusted"), std::string::npos) << r.output;
}

TEST_F(Inspect, UntrustedChainFailsTheChainCheck) {
  auto r = run_tlspp(state_.path(), "inspect " + dir() + "/server.pem --cafile " +
                                        std::string(TLSPP_SOURCE_DIR) +
                                        "/tests/data/x509/does-not-exist.pem");
  EXPECT_EQ(r.status, 2) << r.output;
  const std::string other = state_.file("other");
  ASSERT_EQ(run_tlspp(state_.path(), "cert --dir " + other).status, 0);
  auto untrusted =
      run_tlspp(state_.path(), "inspect " + dir() + "/server.pem --cafile " + other + "/ca.pem");
  EXPECT_EQ(untrusted.status, 1) << untrusted.output;
  EXPECT_NE(untrusted.output.find("FAIL chain to trusted root"), std::string::npos)
      << untrusted.output;
}

TEST_F(Inspect, ServerChainIsFetchedAndVerifiedForTheHost) {
  const std::uint16_t port = test::free_port();
  auto server =
      test::Subprocess::start({tlspp(), "server", "--port", std::to_string(port), "--cert",
                               dir() + "/server.pem", "--key", dir() + "/server-key.pem"});
  ASSERT_TRUE(server.has_value());
  ASSERT_TRUE(test::wait_for_port(port, 10s)) << server->output();
  auto r = run_tlspp(state_.path(), "inspect localhost:" + std::to_string(port) + " --cafile " +
                                        dir() + "/ca.pem");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto order =
      find_in_order(r.output, {"connected to localhost:", "certificate 0 (leaf)",
                               "ok   chain to trusted root", "ok   host name", "RESULT: trusted"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << r.output;
}

}  // namespace
}  // namespace tlspp::tooltest
