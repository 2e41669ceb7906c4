// Runs the x509-limbo core corpus (shared/testdata/x509-limbo/limbo-core.json, 208 cases) through
// verify_chain with the web-PKI profile and compares every verdict with `expected_result`.
//
// Skipped, because they need behaviour tlspp deliberately does not implement (each skip is
// counted and printed):
//  - features has-crl: revocation is not checked (no CRL support);
//  - features has-policy-constraints: certificate policies are not processed;
//  - features pedantic-webpki-eku (EKU presence and criticality in subscriber and root
//    certificates), pedantic-public-suffix-wildcard (needs the public-suffix list; we only refuse
//    wildcards with fewer than two labels after them) and pedantic-rfc5280 (AKI on a cross-signed
//    certificate used as trust anchor: anchors are trusted as they are): CA/B Forum / RFC 5280
//    issuance rules limbo marks as pedantic and that browsers do not enforce. The other pedantic
//    features (pedantic-serial-number, pedantic-webpki-subscriber-key) name rules we do
//    implement, so those cases run;
//  - features rfc5280-incompatible-with-webpki, and cases whose conflicts_with names a webpki::
//    case that runs: where RFC 5280 and the web PKI disagree we follow the web PKI.
// Every other case must agree, except those in kKnownFailures (with the reason); a known failure
// that starts agreeing also fails the test, so the list stays honest.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/json.h"
#include "support/test_provider.h"
#include "x509/pem.h"
#include "x509/verify.h"

namespace tlspp::x509 {
namespace {

using test::Json;

const std::map<std::string, std::string> kKnownFailures = {
    {"pathlen::validation-ignores-pathlen-in-leaf",
     "the leaf is a CA certificate (cA TRUE, keyCertSign); the web-PKI profile refuses CA leaves "
     "(CA/B BR §7.1.2.7.8), as webpki::ca-as-leaf and webpki::ee-basicconstraints-ca expect"},
    {"webpki::cn::not-in-san",
     "a CN unrelated to every SAN entry is tolerated (browsers never read the CN); refusing it "
     "would also refuse limbo's valid chains whose leaves have CN=example.com and other SANs "
     "(rfc5280::nc::permitted-dns-match-more, webpki::san::leftmost-wildcard-san, ...)"},
    {"webpki::cn::punycode-not-in-san", "as webpki::cn::not-in-san: the CN names no SAN entry"},
    {"webpki::cn::utf8-vs-punycode-mismatch",
     "recognising a U-label CN as a SAN's A-label needs IDNA (punycode) conversion, which tlspp "
     "does not implement; the CN is then unrelated to the SAN, as in webpki::cn::not-in-san"},
};

std::vector<std::uint8_t> pem_to_der(const std::string& pem) {
  auto blocks = parse_pem(pem);
  if (!blocks.ok() || blocks->size() != 1) return {};
  return (*blocks)[0].data;
}

bool skipped_feature(const Json& features) {
  for (const Json& f : features.array()) {
    const std::string& s = f.str();
    if (s == "has-crl" || s == "has-policy-constraints" || s == "pedantic-webpki-eku" ||
        s == "pedantic-public-suffix-wildcard" || s == "pedantic-rfc5280" ||
        s == "rfc5280-incompatible-with-webpki") {
      return true;
    }
  }
  return false;
}

struct Outcome {
  bool success;
  std::string detail;
};

Outcome run_case(const Json& c, crypto::Provider& provider) {
  TrustStore store;
  for (const Json& t : c["trusted_certs"].array()) {
    auto der = pem_to_der(t.str());
    (void)store.add_der(der);  // a trusted certificate we cannot parse is not an anchor
  }
  std::vector<std::vector<std::uint8_t>> ders;
  ders.push_back(pem_to_der(c["peer_certificate"].str()));
  for (const Json& t : c["untrusted_intermediates"].array()) ders.push_back(pem_to_der(t.str()));
  std::vector<codec::Bytes> presented(ders.begin(), ders.end());

  VerifyOptions options;
  options.strict_anchors = true;  // limbo expects anchors to follow the CA profile
  options.purpose =
      c["validation_kind"].str() == "CLIENT" ? Purpose::client_auth : Purpose::server_auth;
  if (!c["validation_time"].is_null()) {
    auto t = parse_rfc3339(c["validation_time"].str());
    if (!t.ok()) return {false, "bad validation_time"};
    options.time = *t;
  } else {
    options.time = 1735689600;  // 2025-01-01
  }
  const Json& name = c["expected_peer_name"];
  if (!name.is_null()) {
    const std::string& kind = name["kind"].str();
    if (kind == "DNS") options.peer_name = PeerName{PeerName::Kind::dns, name["value"].str()};
    if (kind == "IP") options.peer_name = PeerName{PeerName::Kind::ip, name["value"].str()};
  }
  if (!c["max_chain_depth"].is_null()) {
    options.max_intermediates = static_cast<std::size_t>(c["max_chain_depth"].number());
  }
  VerifyDiagnostics diag;
  auto result = verify_chain(options, presented, store, provider, &diag);
  if (result.ok()) return {true, "verified"};
  std::string detail = result.error().to_string();
  for (const PathAttempt& a : diag.attempts) {
    detail += "\n    tried";
    for (const auto& cert : a.certificates) detail += " [" + cert->display_name() + "]";
    detail += ": " + a.error.to_string();
  }
  return {false, detail};
}

TEST(Limbo, CoreCorpusAgreesWithExpectedResults) {
  std::ifstream in(std::string(TLSPP_SHARED_DIR) + "/testdata/x509-limbo/limbo-core.json");
  ASSERT_TRUE(in) << "limbo-core.json not found under " << TLSPP_SHARED_DIR;
  std::stringstream buf;
  buf << in.rdbuf();
  const Json corpus = Json::parse(buf.str());
  const auto& cases = corpus["testcases"].array();
  ASSERT_EQ(cases.size(), 208u);

  // Cases a running webpki:: case conflicts with follow RFC 5280 where the web PKI differs.
  std::set<std::string> runs;
  for (const Json& c : cases) {
    if (!skipped_feature(c["features"])) runs.insert(c["id"].str());
  }
  auto provider = test::make_test_provider();
  std::size_t agree = 0, skipped = 0, known = 0;
  for (const Json& c : cases) {
    const std::string& id = c["id"].str();
    bool skip = skipped_feature(c["features"]);
    for (const Json& other : c["conflicts_with"].array()) {
      skip = skip || (other.str().starts_with("webpki::") && runs.count(other.str()) &&
                      !id.starts_with("webpki::"));
    }
    if (skip) {
      ++skipped;
      continue;
    }
    const bool expected = c["expected_result"].str() == "SUCCESS";
    const Outcome got = run_case(c, *provider);
    const bool agrees = got.success == expected;
    const auto known_it = kKnownFailures.find(id);
    if (known_it != kKnownFailures.end()) {
      ++known;
      EXPECT_FALSE(agrees) << id << " is listed as a known failure but now agrees: remove it";
      continue;
    }
    EXPECT_TRUE(agrees) << id << ": expected " << c["expected_result"].str() << ", got "
                        << got.detail;
    agree += agrees ? 1 : 0;
  }
  const std::size_t total = cases.size();
  std::printf("limbo: %zu agree, %zu skipped, %zu known failures, %zu total (%.1f%% of %zu run)\n",
              agree, skipped, known, total, 100.0 * agree / (total - skipped), total - skipped);
  EXPECT_GE(agree * 100, (total - skipped) * 95) << "agreement below 95%";
}

}  // namespace
}  // namespace tlspp::x509
