// Every fixture chain of scripts/gen-x509-fixtures through verify_chain, with the exact ErrorCode
// (and the TLS alert it maps to) expected of each. Verification at 2030-01-01T00:00:00Z unless the
// row says otherwise.
#include <gtest/gtest.h>

#include "support/test_provider.h"
#include "support/x509_files.h"
#include "x509/verify.h"

namespace tlspp::x509 {
namespace {

constexpr UnixTime k2030 = 1893456000;

struct Row {
  const char* fixture;
  const char* name;  // DNS name, or an IP literal when ip is true
  bool ip;
  ErrorCode expected;
  std::size_t path_length;  // on success: certificates leaf..anchor
  UnixTime time = k2030;
  Purpose purpose = Purpose::server_auth;
};

const Row kRows[] = {
    {"valid-1level", "one.example.test", false, ErrorCode::ok, 2},
    {"valid-rsa", "rsa.example.test", false, ErrorCode::ok, 3},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::ok, 3},
    {"valid-ed25519", "ed25519.example.test", false, ErrorCode::ok, 3},
    {"valid-3level", "three.example.test", false, ErrorCode::ok, 4},
    {"valid-3level-shuffled", "three.example.test", false, ErrorCode::ok, 4},
    {"valid-ip", "192.0.2.7", true, ErrorCode::ok, 3},
    {"valid-ip", "2001:db8::7", true, ErrorCode::ok, 3},
    {"valid-ip", "2001:DB8:0:0:0:0:0:7", true, ErrorCode::ok, 3},
    {"valid-ip", "192.0.2.8", true, ErrorCode::cert_name_mismatch, 0},
    {"valid-ecdsa", "EC.Example.Test.", false, ErrorCode::ok, 3},
    {"valid-ecdsa", "other.example.test", false, ErrorCode::cert_name_mismatch, 0},
    {"wildcard", "foo.wild.example.test", false, ErrorCode::ok, 3},
    {"wildcard", "wild.example.test", false, ErrorCode::cert_name_mismatch, 0},
    {"wildcard", "a.b.wild.example.test", false, ErrorCode::cert_name_mismatch, 0},
    {"expired", "expired.example.test", false, ErrorCode::cert_expired, 0},
    {"expired", "expired.example.test", false, ErrorCode::ok, 3, 1751328000},  // 2025-07-01
    {"not-yet-valid", "future.example.test", false, ErrorCode::cert_not_yet_valid, 0},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::cert_not_yet_valid, 0, 1704067200},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::ok, 3, 2366841600},  // notAfter: inclusive
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::cert_expired, 0,
     2366841601},  // 1 s past notAfter
    {"missing-intermediate", "ec.example.test", false, ErrorCode::cert_unknown_issuer, 0},
    {"intermediate-not-ca", "notca.example.test", false, ErrorCode::cert_not_ca, 0},
    {"pathlen-violated", "pathlen.example.test", false, ErrorCode::cert_path_too_long, 0},
    {"eku-client-only", "client.example.test", false, ErrorCode::cert_ext_key_usage, 0},
    {"eku-client-only", "client.example.test", false, ErrorCode::ok, 3, k2030,
     Purpose::client_auth},
    {"valid-ecdsa", "ec.example.test", false, ErrorCode::cert_ext_key_usage, 0, k2030,
     Purpose::client_auth},
    {"nc-dns-permitted-ok", "www.allowed.example.test", false, ErrorCode::ok, 3},
    {"nc-dns-permitted-violation", "www.other.example.test", false,
     ErrorCode::cert_name_constraints, 0},
    {"nc-dns-excluded-violation", "ok.example.test", false, ErrorCode::cert_name_constraints, 0},
    {"nc-ip-permitted-violation", "203.0.113.9", true, ErrorCode::cert_name_constraints, 0},
    {"nc-ip-excluded-violation", "198.51.100.20", true, ErrorCode::cert_name_constraints, 0},
    {"bad-signature", "badsig.example.test", false, ErrorCode::cert_bad_signature, 0},
    // The expired cross-sign is presented first; the valid one must be found.
    {"cross-signed", "cross.example.test", false, ErrorCode::ok, 3},
    {"cross-signed-only-expired", "cross.example.test", false, ErrorCode::cert_expired, 0},
    {"unknown-critical-extension", "critical.example.test", false,
     ErrorCode::cert_unknown_critical_extension, 0},
    {"sha1-signed", "sha1.example.test", false, ErrorCode::cert_weak_algorithm, 0},
    {"rsa-1024", "rsa1024.example.test", false, ErrorCode::cert_weak_algorithm, 0},
};

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
  for (const Row& row : kRows) {
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
