// Our verdict on every fixture chain against `openssl verify` (the CLI) with the same inputs:
//   openssl verify -attime T -x509_strict -auth_level 2 -purpose sslserver|sslclient
//                  -verify_hostname H | -verify_ip A -CAfile roots.pem [-untrusted chain.pem] leaf
// -auth_level 2 asks OpenSSL for 112-bit security, our rule for keys and signature hashes (without
// it OpenSSL accepts the SHA-1 and RSA-1024 fixtures). The same verdict is expected everywhere
// except the rows in kDifferences, where we keep our verdict for the reason given (in both,
// OpenSSL refuses what we accept, following RFC 5280 / browser practice).
#include <gtest/gtest.h>

#include <map>

#include "support/process.h"
#include "support/test_provider.h"
#include "support/x509_files.h"
#include "support/x509_fixture_rows.h"
#include "x509/verify.h"

namespace tlspp::x509 {
namespace {

using test::FixtureRow;

// (fixture, name, time) -> why OpenSSL's verdict differs from ours.
const std::map<std::tuple<std::string, std::string, UnixTime>, std::string> kDifferences = {
    {{"valid-ecdsa", "ec.example.test", 2366841600},
     "RFC 5280 §4.1.2.5: the validity period includes notAfter; OpenSSL treats a time equal to "
     "notAfter as expired"},
    {{"valid-ecdsa", "EC.Example.Test.", test::k2030},
     "a reference name with a trailing dot is the absolute form of the same name (RFC 1034 §3.1) "
     "and browsers treat it so; OpenSSL's X509_check_host keeps the dot and finds no match"},
};

bool ours(const FixtureRow& row, crypto::Provider& provider) {
  const std::string dir = test::fixture_dir(row.fixture);
  TrustStore store;
  for (const auto& der : test::read_pem_certs(dir + "/roots.pem")) (void)store.add_der(der);
  auto ders = test::read_pem_certs(dir + "/leaf.pem");
  for (auto& der : test::read_pem_certs(dir + "/chain.pem")) ders.push_back(std::move(der));
  std::vector<codec::Bytes> presented(ders.begin(), ders.end());
  VerifyOptions options;
  options.time = row.time;
  options.purpose = row.purpose;
  options.peer_name = PeerName{row.ip ? PeerName::Kind::ip : PeerName::Kind::dns, row.name};
  return verify_chain(options, presented, store, provider).ok();
}

bool theirs(const FixtureRow& row, std::string& output) {
  const std::string dir = test::fixture_dir(row.fixture);
  std::string cmd = "openssl verify -attime " + std::to_string(row.time) +
                    " -x509_strict -auth_level 2 -purpose " +
                    (row.purpose == Purpose::server_auth ? "sslserver" : "sslclient") +
                    (row.ip ? " -verify_ip '" : " -verify_hostname '") + row.name + "' -CAfile " +
                    dir + "/roots.pem";
  if (!test::read_pem_certs(dir + "/chain.pem").empty()) cmd += " -untrusted " + dir + "/chain.pem";
  cmd += " " + dir + "/leaf.pem";
  auto result = test::run_command(cmd);
  output = result.output;
  return result.status == 0;
}

TEST(OpenSslVerify, SameVerdictOnEveryFixture) {
  if (!test::have_program("openssl")) GTEST_SKIP() << "openssl CLI not installed";
  auto provider = test::make_test_provider();
  std::size_t same = 0;
  for (const FixtureRow& row : test::kFixtureRows) {
    SCOPED_TRACE(std::string(row.fixture) + " as " + row.name);
    std::string output;
    const bool openssl_ok = theirs(row, output);
    const bool our_ok = ours(row, *provider);
    EXPECT_EQ(our_ok, row.expected == ErrorCode::ok);
    auto diff = kDifferences.find({row.fixture, row.name, row.time});
    if (diff != kDifferences.end()) {
      EXPECT_NE(our_ok, openssl_ok) << "listed difference no longer differs: " << diff->second;
      continue;
    }
    EXPECT_EQ(our_ok, openssl_ok) << "openssl said:\n" << output;
    same += our_ok == openssl_ok ? 1 : 0;
  }
  std::printf("openssl verify: same verdict on %zu of %zu fixture checks, %zu known differences\n",
              same, std::size(test::kFixtureRows), kDifferences.size());
}

}  // namespace
}  // namespace tlspp::x509
