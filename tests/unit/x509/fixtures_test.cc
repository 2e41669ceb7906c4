// Every fixture chain of scripts/gen-x509-fixtures through verify_chain, with the exact ErrorCode
// (and the TLS alert it maps to) expected of each. Verification at 2030-01-01T00:00:00Z unless the
// row says otherwise.
#include <gtest/gtest.h>

#include "support/test_provider.h"
#include "support/x509_files.h"
#include "support/x509_fixture_rows.h"
#include "x509/verify.h"

namespace tlspp::x509 {
namespace {

using test::FixtureRow;
using test::k2030;
using test::kFixtureRows;
using Row = FixtureRow;

Result<VerifiedPath> run(const Row& row, crypto::Provider& provider) {
  const std::string dir = test::fixture_dir(row.fixture);
  TrustStore store;
  for (const auto& der : test::read_pem_certs(dir + "/roots.pem")) {
    Status s = store.add_der(der);
    EXPECT_TRUE(s.ok()) << row.fixture << ": " << s.error().reason;
  }
  auto ders = test::read_pem_certs(dir + "/leaf.pem");
  for (auto& der : test::read_pem_certs(dir + "/chain.pem")) ders.push_back(std::move(der));
  std::vector<codec::Bytes> presented(ders.begin(), ders.end());
  VerifyOptions options;
  options.time = row.time;
  options.purpose = row.purpose;
  options.peer_name = PeerName{row.ip ? PeerName::Kind::ip : PeerName::Kind::dns, row.name};
  return verify_chain(options, presented, store, provider);
}

TEST(Fixtures, EachChainGivesItsExactVerdict) {
  auto provider = test::make_test_provider();
  for (const Row& row : kFixtureRows) {
    SCOPED_TRACE(std::string(row.fixture) + " as " + row.name);
    auto result = run(row, *provider);
    if (row.expected == ErrorCode::ok) {
      ASSERT_TRUE(result.ok()) << result.error().to_string();
      EXPECT_EQ(result->certificates.size(), row.path_length);
      ASSERT_NE(result->leaf_public_key, nullptr);
    } else {
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().code, row.expected) << result.error().to_string();
      EXPECT_EQ(result.error().alert, alert_for(row.expected));
    }
  }
}

TEST(Fixtures, FailuresExplainThemselves) {
  auto provider = test::make_test_provider();
  auto expired =
      run({"expired", "expired.example.test", false, ErrorCode::cert_expired, 0}, *provider);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().reason,
            "certificate CN=expired.example.test, O=tlspp fixtures: expired on "
            "2026-01-01T00:00:00Z, 1461 days before the verification time");
  EXPECT_EQ(expired.error().alert, AlertDescription::certificate_expired);

  auto mismatch = run(
      {"wildcard", "a.b.wild.example.test", false, ErrorCode::cert_name_mismatch, 0}, *provider);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(
      mismatch.error().reason,
      "name mismatch: asked for a.b.wild.example.test, certificate is for *.wild.example.test");

  auto unknown =
      run({"missing-intermediate", "ec.example.test", false, ErrorCode::cert_unknown_issuer, 0},
          *provider);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().reason,
            "unknown issuer: CN=tlspp Test Intermediate EC, O=tlspp fixtures (issuer of "
            "CN=ec.example.test, O=tlspp fixtures)");
  EXPECT_EQ(unknown.error().alert, AlertDescription::unknown_ca);
}

TEST(Fixtures, PathSearchIsBounded) {
  // The cross-signed fixture needs three candidate issuers; allow only two.
  auto provider = test::make_test_provider();
  const std::string dir = test::fixture_dir("cross-signed");
  TrustStore store;
  for (const auto& der : test::read_pem_certs(dir + "/roots.pem"))
    ASSERT_TRUE(store.add_der(der).ok());
  auto ders = test::read_pem_certs(dir + "/leaf.pem");
  for (auto& der : test::read_pem_certs(dir + "/chain.pem")) ders.push_back(std::move(der));
  std::vector<codec::Bytes> presented(ders.begin(), ders.end());
  VerifyOptions options;
  options.time = k2030;
  options.max_candidates = 2;
  VerifyDiagnostics diag;
  auto result = verify_chain(options, presented, store, *provider, &diag);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::cert_path_search_exhausted);
  options.max_candidates = 3;
  EXPECT_TRUE(verify_chain(options, presented, store, *provider).ok());
}

}  // namespace
}  // namespace tlspp::x509
