// `tlspp cert`: the development CA and leaves are created under XDG_STATE_HOME with private modes,
// verify with openssl and with tlspp's verifier, and are reused (or regenerated) on the next run.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tool/tool_run.h"

namespace tlspp::tooltest {
namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

TEST(DevCert, CreatesPrivateFilesThatOpensslVerifies) {
  test::TempDir state;
  const std::string dir = state.file("tlspp");
  auto first = run_tlspp(state.path(), "cert");
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_NE(first.output.find("new CA and certificates"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("curl --cacert " + dir + "/ca.pem"), std::string::npos);
  EXPECT_NE(first.output.find("update-ca-certificates"), std::string::npos);
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(mode_of(dir + "/ca-key.pem"), 0600u);
  EXPECT_EQ(mode_of(dir + "/server-key.pem"), 0600u);
  EXPECT_EQ(mode_of(dir + "/server-rsa-key.pem"), 0600u);
  EXPECT_EQ(mode_of(dir + "/ca.pem"), 0644u);

  for (const std::string leaf : {"server.pem", "server-rsa.pem"}) {
    auto verified = test::run_command("openssl verify -purpose sslserver -CAfile " + dir +
                                      "/ca.pem " + dir + "/" + leaf);
    EXPECT_EQ(verified.status, 0) << verified.output;
    EXPECT_EQ(verified.output, dir + "/" + leaf + ": OK\n");
    auto ours = run_tlspp(
        state.path(), "verify --trusted " + dir + "/ca.pem --host localhost " + dir + "/" + leaf);
    EXPECT_EQ(ours.status, 0) << ours.output;
    auto by_ip =
        run_tlspp(state.path(), "verify --trusted " + dir + "/ca.pem --ip ::1 " + dir + "/" + leaf);
    EXPECT_EQ(by_ip.status, 0) << by_ip.output;
  }
  auto text = test::run_command("openssl x509 -noout -text -in " + dir + "/server.pem");
  EXPECT_NE(text.output.find("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"),
            std::string::npos)
      << text.output;
  EXPECT_NE(text.output.find("TLS Web Server Authentication"), std::string::npos);
  EXPECT_NE(text.output.find("ASN1 OID: prime256v1"), std::string::npos);
  auto rsa = test::run_command("openssl x509 -noout -text -in " + dir + "/server-rsa.pem");
  EXPECT_NE(rsa.output.find("Public-Key: (2048 bit)"), std::string::npos) << rsa.output;
  EXPECT_NE(rsa.output.find("Key Encipherment"), std::string::npos);
  auto key_check = test::run_command("openssl pkey -noout -in " + dir + "/server-rsa-key.pem");
  EXPECT_EQ(key_check.status, 0) << key_check.output;
}

TEST(DevCert, SecondRunReusesEverything) {
  test::TempDir state;
  ASSERT_EQ(run_tlspp(state.path(), "cert").status, 0);
  const auto ca = test::read_file(state.file("tlspp/ca.pem"));
  const auto leaf = test::read_file(state.file("tlspp/server.pem"));
  auto second = run_tlspp(state.path(), "cert");
  ASSERT_EQ(second.status, 0) << second.output;
  EXPECT_NE(second.output.find("existing, still valid"), std::string::npos) << second.output;
  EXPECT_EQ(test::read_file(state.file("tlspp/ca.pem")), ca);
  EXPECT_EQ(test::read_file(state.file("tlspp/server.pem")), leaf);
}

TEST(DevCert, UnreadableLeafIsRegeneratedUnderTheSameCa) {
  test::TempDir state;
  ASSERT_EQ(run_tlspp(state.path(), "cert").status, 0);
  const auto ca = test::read_file(state.file("tlspp/ca.pem"));
  const auto leaf = test::read_file(state.file("tlspp/server.pem"));
  ASSERT_TRUE(test::write_file(state.file("tlspp/server.pem"), "garbage"));
  auto again = run_tlspp(state.path(), "cert");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("existing CA, new certificates"), std::string::npos) << again.output;
  EXPECT_EQ(test::read_file(state.file("tlspp/ca.pem")), ca);
  EXPECT_NE(test::read_file(state.file("tlspp/server.pem")), leaf);
  auto verified = test::run_command("openssl verify -CAfile " + state.file("tlspp/ca.pem") + " " +
                                    state.file("tlspp/server.pem"));
  EXPECT_EQ(verified.status, 0) << verified.output;
}

TEST(DevCert, UnreadableCaKeyMakesANewCa) {
  test::TempDir state;
  ASSERT_EQ(run_tlspp(state.path(), "cert").status, 0);
  const auto ca = test::read_file(state.file("tlspp/ca.pem"));
  ASSERT_TRUE(test::write_file(state.file("tlspp/ca-key.pem"), ""));
  auto again = run_tlspp(state.path(), "cert");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_NE(again.output.find("new CA and certificates"), std::string::npos) << again.output;
  EXPECT_NE(test::read_file(state.file("tlspp/ca.pem")), ca);
}

TEST(DevCert, NewNamesRegenerateTheLeaves) {
  test::TempDir state;
  ASSERT_EQ(run_tlspp(state.path(), "cert").status, 0);
  auto named = run_tlspp(state.path(), "cert --name dev.example.test --name 192.0.2.7");
  ASSERT_EQ(named.status, 0) << named.output;
  EXPECT_NE(named.output.find("existing CA, new certificates"), std::string::npos);
  auto text = test::run_command("openssl x509 -noout -ext subjectAltName -in " +
                                state.file("tlspp/server.pem"));
  EXPECT_NE(text.output.find("DNS:dev.example.test, IP Address:192.0.2.7"), std::string::npos)
      << text.output;
}

TEST(DevCert, RefusesANameThatIsNeitherDnsNorIp) {
  test::TempDir state;
  auto bad = run_tlspp(state.path(), "cert --name 'not a name'");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("'not a name' is neither a DNS name nor an IP address"),
            std::string::npos)
      << bad.output;
}

TEST(DevCert, HomeFallbackWhenXdgStateHomeIsUnset) {
  test::TempDir home;
  auto r = test::run_command("env -u XDG_STATE_HOME HOME=" + home.path() + " " + tlspp() + " cert");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find(home.path() + "/.local/state/tlspp"), std::string::npos) << r.output;
  EXPECT_EQ(mode_of(home.path() + "/.local/state/tlspp/server-key.pem"), 0600u);
}

}  // namespace
}  // namespace tlspp::tooltest
