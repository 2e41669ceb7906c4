// Trust stores from files, directories and the SSL_CERT_FILE / SSL_CERT_DIR environment.
#include "x509/trust_store.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "support/process.h"
#include "support/x509_files.h"

namespace tlspp::x509 {
namespace {

using test::fixture_dir;

TEST(TrustStore, AddsPemBundlesOnceAndIndexesBySubject) {
  TrustStore store;
  auto n = store.add_file(fixture_dir("cross-signed") + "/roots.pem");
  ASSERT_TRUE(n.ok()) << n.error().reason;
  EXPECT_EQ(*n, 2u);
  ASSERT_TRUE(store.add_file(fixture_dir("cross-signed") + "/roots.pem").ok());
  EXPECT_EQ(store.size(), 2u);  // the same certificates are not added twice
  auto root = test::load_cert(fixture_dir("valid-ecdsa") + "/roots.pem");
  auto found = store.find_by_subject(root->subject().encoding);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(store.contains(*root));
}

TEST(TrustStore, ReportsUnreadableAndEmptyFiles) {
  TrustStore store;
  EXPECT_EQ(store.add_file("/nonexistent/roots.pem").error().code, ErrorCode::trust_store_error);
  test::TempDir dir;
  ASSERT_TRUE(test::write_file(dir.file("empty.pem"), "no certificates here\n"));
  EXPECT_EQ(store.add_file(dir.file("empty.pem")).error().code, ErrorCode::trust_store_error);
  ASSERT_TRUE(test::write_file(dir.file("bad.pem"), "-----BEGIN CERTIFICATE-----\n@@@@\n"));
  EXPECT_EQ(store.add_file(dir.file("bad.pem")).error().code, ErrorCode::pem_malformed);
}

TEST(TrustStore, DirectoriesSkipFilesWithoutCertificates) {
  test::TempDir dir;
  ASSERT_TRUE(test::write_file(dir.file("a.pem"),
                               test::read_text(fixture_dir("valid-ecdsa") + "/roots.pem")));
  ASSERT_TRUE(test::write_file(dir.file("b.crt"),
                               test::read_text(fixture_dir("valid-rsa") + "/roots.pem")));
  ASSERT_TRUE(test::write_file(dir.file("README"), "not a certificate\n"));
  TrustStore store;
  std::size_t skipped = 0;
  auto n = store.add_directory(dir.path(), &skipped);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  EXPECT_EQ(skipped, 1u);
}

// Sets or clears SSL_CERT_FILE and SSL_CERT_DIR for one scope, restoring them afterwards.
class CertEnv {
 public:
  CertEnv(const char* file, const char* dir) {
    for (const char* name : {"SSL_CERT_FILE", "SSL_CERT_DIR"}) {
      const char* v = std::getenv(name);
      saved_.emplace_back(name, v ? std::optional<std::string>(v) : std::nullopt);
    }
    set("SSL_CERT_FILE", file);
    set("SSL_CERT_DIR", dir);
  }
  ~CertEnv() {
    for (const auto& [name, value] : saved_) set(name, value ? value->c_str() : nullptr);
  }

 private:
  static void set(const char* name, const char* value) {
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST(TrustStore, SystemStoreHonoursSslCertFileAndDir) {
  const std::string file = fixture_dir("cross-signed") + "/roots.pem";
  auto from_file = [&] {
    CertEnv env(file.c_str(), nullptr);
    return TrustStore::system();
  }();
  ASSERT_TRUE(from_file.ok()) << from_file.error().reason;
  EXPECT_EQ(from_file->size(), 2u);

  test::TempDir dir;
  ASSERT_TRUE(test::write_file(dir.file("root.pem"),
                               test::read_text(fixture_dir("valid-rsa") + "/roots.pem")));
  auto from_dir = [&] {
    CertEnv env(nullptr, dir.path().c_str());
    return TrustStore::system();
  }();
  ASSERT_TRUE(from_dir.ok()) << from_dir.error().reason;
  EXPECT_EQ(from_dir->size(), 1u);

  auto debian = [&] {
    CertEnv env(nullptr, nullptr);  // neither set: /etc/ssl/certs/ca-certificates.crt
    return TrustStore::system();
  }();
  ASSERT_TRUE(debian.ok()) << debian.error().reason;
  EXPECT_GT(debian->size(), 100u);
}

}  // namespace
}  // namespace tlspp::x509
