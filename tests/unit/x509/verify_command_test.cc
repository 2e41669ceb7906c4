// `tlspp verify`: output and exit codes (0 valid, 1 invalid, 2 usage/input error).
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/x509_files.h"

namespace tlspp {
namespace {

test::CommandResult tlspp_verify(const std::string& fixture, const std::string& args) {
  const std::string dir = test::fixture_dir(fixture);
  const std::string chain =
      test::read_pem_certs(dir + "/chain.pem").empty() ? "" : " --untrusted " + dir + "/chain.pem";
  return test::run_command(std::string(TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp verify --trusted " +
                           dir + "/roots.pem" + chain + " " + args + " " + dir + "/leaf.pem 2>&1");
}

TEST(VerifyCommand, ValidChainPrintsThePathAndExitsZero) {
  auto r = tlspp_verify("valid-3level", "--host three.example.test --at 2030-01-01T00:00:00Z");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output,
            "OK: 4 certificates, verified at 2030-01-01T00:00:00Z\n"
            "  0 CN=three.example.test, O=tlspp fixtures (leaf)\n"
            "  1 CN=tlspp Test Second Intermediate EC, O=tlspp fixtures\n"
            "  2 CN=tlspp Test Intermediate EC, O=tlspp fixtures\n"
            "  3 CN=tlspp Test Root EC, O=tlspp fixtures (trust anchor)\n");
}

TEST(VerifyCommand, InvalidChainExplainsAndExitsOne) {
  auto r = tlspp_verify("expired", "--host expired.example.test --at 1893456000");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("FAILED: cert_expired (alert certificate_expired)"), std::string::npos)
      << r.output;
  auto ip = tlspp_verify("valid-ip", "--ip 192.0.2.99 --at 1893456000");
  EXPECT_EQ(ip.status, 1) << ip.output;
  EXPECT_NE(ip.output.find("name mismatch: asked for 192.0.2.99, certificate is for 192.0.2.7, "
                           "2001:db8::7"),
            std::string::npos)
      << ip.output;
}

TEST(VerifyCommand, UsageAndInputErrorsExitTwo) {
  EXPECT_EQ(tlspp_verify("valid-ecdsa", "--purpose sideways").status, 2);
  EXPECT_EQ(tlspp_verify("valid-ecdsa", "--at tomorrow").status, 2);
  EXPECT_EQ(tlspp_verify("valid-ecdsa", "--untrusted /nonexistent.pem").status, 2);
  auto help = test::run_command(std::string(TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp verify --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.output.find("usage: tlspp verify"), std::string::npos);
}

}  // namespace
}  // namespace tlspp
