// TrustStore::anchor_key: each anchor's public key is imported once per store and provider, and
// verifications through the store use (and agree with) the cached key.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "crypto/deterministic_provider.h"
#include "support/test_provider.h"
#include "support/x509_files.h"
#include "support/x509_fixture_rows.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace tlspp::x509 {
namespace {

TrustStore load_roots(const std::string& fixture) {
  TrustStore store;
  for (const auto& der : test::read_pem_certs(test::fixture_dir(fixture) + "/roots.pem")) {
    EXPECT_TRUE(store.add_der(der).ok());
  }
  return store;
}

TEST(AnchorKeyCache, ImportsEachAnchorKeyOncePerProvider) {
  auto provider = test::make_test_provider();
  TrustStore store = load_roots("valid-ecdsa");
  ASSERT_EQ(store.size(), 1u);
  const CertificatePtr& root = store.certificates()[0];
  auto first = store.anchor_key(root, *provider);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  auto second = store.anchor_key(root, *provider);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->get(), second->get());  // the same imported key, not a second import
  EXPECT_EQ((*first)->type(), crypto::KeyType::ec_p384);

  // Another provider object gets its own key (keys belong to the provider that imported them).
  auto other = std::make_shared<crypto::DeterministicProvider>(test::make_test_provider());
  auto other_key = store.anchor_key(root, *other);
  ASSERT_TRUE(other_key.ok());
  EXPECT_NE(other_key->get(), first->get());
  EXPECT_NE(provider->instance_id(), other->instance_id());

  // Copies of the store share the cache.
  TrustStore copy = store;
  auto from_copy = copy.anchor_key(copy.certificates()[0], *provider);
  ASSERT_TRUE(from_copy.ok());
  EXPECT_EQ(from_copy->get(), first->get());
}

TEST(AnchorKeyCache, StaysBoundedWhenEachConnectionHasItsOwnProvider) {
  TrustStore store = load_roots("valid-ecdsa");
  const CertificatePtr& root = store.certificates()[0];
  const std::size_t cap = store.max_cached_anchor_keys();
  for (std::size_t i = 0; i < 3 * cap; ++i) {
    auto provider = test::make_test_provider();  // a new provider each time, gone afterwards
    ASSERT_TRUE(store.anchor_key(root, *provider).ok());
    ASSERT_LE(store.cached_anchor_keys(), cap);
  }
  EXPECT_GE(store.cached_anchor_keys(), 1u);
}

TEST(AnchorKeyCache, RepeatedVerificationsGiveTheSameVerdicts) {
  auto provider = test::make_test_provider();
  const std::string dir = test::fixture_dir("valid-ecdsa");
  TrustStore store = load_roots("valid-ecdsa");
  auto ders = test::read_pem_certs(dir + "/leaf.pem");
  for (auto& der : test::read_pem_certs(dir + "/chain.pem")) ders.push_back(std::move(der));
  std::vector<codec::Bytes> presented(ders.begin(), ders.end());
  VerifyOptions options;
  options.time = test::k2030;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    VerifyDiagnostics diag;
    auto path = verify_chain(options, presented, store, *provider, &diag);
    ASSERT_TRUE(path.ok()) << path.error().to_string();
    EXPECT_EQ(path->certificates.size(), ders.size() + 1);
    EXPECT_EQ(diag.signatures_checked, ders.size());
  }
  // A leaf whose signature the cached anchor key must reject: the last byte of the chain's top
  // certificate signature flipped.
  std::vector<std::uint8_t> bad(ders.back().begin(), ders.back().end());
  bad.back() ^= 0x01;
  std::vector<codec::Bytes> tampered(presented.begin(), presented.end() - 1);
  tampered.push_back(bad);
  auto refused = verify_chain(options, tampered, store, *provider);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::cert_bad_signature);
}

}  // namespace
}  // namespace tlspp::x509
