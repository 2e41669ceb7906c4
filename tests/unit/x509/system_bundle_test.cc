// Every root of the machine's system bundle parses with our strict parser, and loads fast.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "support/x509_files.h"
#include "x509/chain_checks.h"
#include "x509/trust_store.h"

namespace tlspp::x509 {
namespace {

constexpr const char* kBundle = "/etc/ssl/certs/ca-certificates.crt";

TEST(SystemBundle, EveryRootParses) {
  ASSERT_TRUE(std::filesystem::exists(kBundle)) << "install ca-certificates";
  auto blocks = parse_pem(test::read_text(kBundle));
  ASSERT_TRUE(blocks.ok()) << blocks.error().reason;
  ASSERT_GT(blocks->size(), 100u);
  for (const PemBlock& b : *blocks) {
    auto cert = Certificate::parse(b.data);
    EXPECT_TRUE(cert.ok()) << "line " << b.line << ": " << cert.error().reason;
    if (cert.ok()) {
      EXPECT_FALSE((*cert)->display_name().empty());
    }
  }
}

TEST(SystemBundle, TrustStoreLoadsEveryRootQuickly) {
  const auto start = std::chrono::steady_clock::now();
  TrustStore store;
  auto n = store.add_file(kBundle);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(n.ok()) << n.error().reason;
  EXPECT_EQ(*n, test::read_pem_certs(kBundle).size());
  EXPECT_EQ(store.size(), *n);
  std::printf("system bundle: %zu roots loaded in %.2f ms\n", *n,
              std::chrono::duration<double, std::milli>(elapsed).count());
  // Generous bound (sanitizer builds are slower): loading must not be a noticeable cost.
  EXPECT_LT(std::chrono::duration<double>(elapsed).count(), 2.0);
  // Issuer lookup by subject finds each root under its own subject.
  for (const auto& cert : store.certificates()) {
    auto found = store.find_by_subject(cert->subject().encoding);
    EXPECT_NE(std::find(found.begin(), found.end(), cert), found.end());
  }
}

TEST(SystemBundle, EveryRootIsAnAcceptableAnchor) {
  TrustStore store;
  ASSERT_TRUE(store.add_file(kBundle).ok());
  VerifyOptions lenient;
  lenient.strict_anchors = false;
  VerifyOptions strict;
  std::size_t strict_ok = 0;
  for (const auto& cert : store.certificates()) {
    Status s = check_profile(*cert, Role::anchor, lenient);
    EXPECT_TRUE(s.ok()) << s.error().reason;
    Status t = check_profile(*cert, Role::anchor, strict);
    if (t.ok()) {
      ++strict_ok;
    } else {
      std::printf("  strict anchor profile refuses: %s\n", t.error().reason.c_str());
    }
  }
  std::printf("system bundle: %zu of %zu roots pass the strict anchor profile\n", strict_ok,
              store.size());
}

TEST(SystemBundle, DirectoryOfHashLinksLoadsTheSameRootsAndSkipsOtherFiles) {
  TrustStore store;
  std::size_t skipped = 0;
  auto n = store.add_directory("/etc/ssl/certs", &skipped);
  ASSERT_TRUE(n.ok()) << n.error().reason;
  TrustStore bundle;
  ASSERT_TRUE(bundle.add_file(kBundle).ok());
  EXPECT_EQ(store.size(), bundle.size());
}

}  // namespace
}  // namespace tlspp::x509
