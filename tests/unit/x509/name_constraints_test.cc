// RFC 5280 §4.2.1.10 name constraints on fixture certificates (leaf SANs as documented in
// scripts/gen-x509-fixtures).
#include "x509/name_constraints.h"

#include <gtest/gtest.h>

#include "support/x509_files.h"

namespace tlspp::x509 {
namespace {

using test::fixture_dir;
using test::load_cert;

// An iPAddress constraint (address then mask); GeneralNames hold spans, so the bytes are kept
// alive here for the whole test program.
der::Bytes ip_constraint(std::vector<std::uint8_t> addr, std::vector<std::uint8_t> mask) {
  static std::vector<std::vector<std::uint8_t>> storage;
  addr.insert(addr.end(), mask.begin(), mask.end());
  storage.reserve(64);
  storage.push_back(std::move(addr));
  return storage.back();
}

class NameConstraintsTest : public ::testing::Test {
 protected:
  CertificatePtr ca = load_cert(fixture_dir("valid-ecdsa") + "/roots.pem");
  CertificatePtr dns_leaf = load_cert(fixture_dir("valid-ecdsa") + "/leaf.pem");  // ec.example.test
  CertificatePtr ip_leaf =
      load_cert(fixture_dir("valid-ip") + "/leaf.pem");  // 192.0.2.7, 2001:db8::7
  CertificatePtr wildcard_leaf =
      load_cert(fixture_dir("wildcard") + "/leaf.pem");  // *.wild.example.test

  ErrorCode check(const NameConstraints& nc, const CertificatePtr& cert) {
    Status s = check_name_constraints(nc, *ca, *cert);
    return s.ok() ? ErrorCode::ok : s.error().code;
  }
};

TEST(DnsNameWithin, SubtreesAddLabelsOnTheLeft) {
  EXPECT_TRUE(dns_name_within("example.com", "example.com"));
  EXPECT_TRUE(dns_name_within("www.Example.com", "example.COM"));
  EXPECT_TRUE(dns_name_within("a.b.example.com", "example.com"));
  EXPECT_FALSE(dns_name_within("notexample.com", "example.com"));
  EXPECT_FALSE(dns_name_within("example.com", "www.example.com"));
  EXPECT_TRUE(dns_name_within("anything.test", ""));
}

TEST_F(NameConstraintsTest, PermittedAndExcludedDns) {
  NameConstraints permit;
  permit.permitted.dns_names = {"example.test"};
  EXPECT_EQ(check(permit, dns_leaf), ErrorCode::ok);
  NameConstraints permit_other;
  permit_other.permitted.dns_names = {"example.org"};
  EXPECT_EQ(check(permit_other, dns_leaf), ErrorCode::cert_name_constraints);
  NameConstraints exclude;
  exclude.excluded.dns_names = {"ec.example.test"};
  EXPECT_EQ(check(exclude, dns_leaf), ErrorCode::cert_name_constraints);
  // Excluded wins over permitted.
  NameConstraints both;
  both.permitted.dns_names = {"example.test"};
  both.excluded.dns_names = {"example.test"};
  EXPECT_EQ(check(both, dns_leaf), ErrorCode::cert_name_constraints);
}

TEST_F(NameConstraintsTest, OtherFormsDoNotConstrainDns) {
  NameConstraints ip_only;
  ip_only.permitted.ip_addresses = {ip_constraint({10, 0, 0, 0}, {255, 0, 0, 0})};
  EXPECT_EQ(check(ip_only, dns_leaf), ErrorCode::ok);
}

TEST_F(NameConstraintsTest, MalformedDnsConstraintsAreRejected) {
  for (const char* bad : {"*.example.test", ".example.test", "exa mple.test"}) {
    NameConstraints nc;
    nc.permitted.dns_names = {bad};
    EXPECT_EQ(check(nc, dns_leaf), ErrorCode::cert_name_constraints) << bad;
  }
}

TEST_F(NameConstraintsTest, WildcardSansAreTreatedDefensively) {
  NameConstraints permit_parent;
  permit_parent.permitted.dns_names = {"wild.example.test"};
  EXPECT_EQ(check(permit_parent, wildcard_leaf), ErrorCode::ok);
  NameConstraints permit_child;  // *.wild.example.test could be other.wild.example.test
  permit_child.permitted.dns_names = {"foo.wild.example.test"};
  EXPECT_EQ(check(permit_child, wildcard_leaf), ErrorCode::cert_name_constraints);
  NameConstraints exclude_child;  // CVE-2025-61727: *.wild.example.test can be bar.wild...
  exclude_child.excluded.dns_names = {"bar.wild.example.test"};
  EXPECT_EQ(check(exclude_child, wildcard_leaf), ErrorCode::cert_name_constraints);
  NameConstraints exclude_deeper;  // two labels below: no expansion of the wildcard reaches it
  exclude_deeper.excluded.dns_names = {"a.bar.wild.example.test"};
  EXPECT_EQ(check(exclude_deeper, wildcard_leaf), ErrorCode::ok);
}

TEST_F(NameConstraintsTest, IpSubtrees) {
  NameConstraints permit;
  permit.permitted.ip_addresses = {
      ip_constraint({192, 0, 2, 0}, {255, 255, 255, 0}),
      ip_constraint(std::vector<std::uint8_t>(16, 0), std::vector<std::uint8_t>(16, 0))};
  EXPECT_EQ(check(permit, ip_leaf), ErrorCode::ok);
  NameConstraints permit_v4_only;  // the IPv6 SAN is outside
  permit_v4_only.permitted.ip_addresses = {ip_constraint({192, 0, 2, 0}, {255, 255, 255, 0})};
  EXPECT_EQ(check(permit_v4_only, ip_leaf), ErrorCode::cert_name_constraints);
  NameConstraints exclude;
  exclude.excluded.ip_addresses = {ip_constraint({192, 0, 2, 7}, {255, 255, 255, 255})};
  EXPECT_EQ(check(exclude, ip_leaf), ErrorCode::cert_name_constraints);
  NameConstraints non_cidr;
  non_cidr.excluded.ip_addresses = {ip_constraint({10, 0, 0, 0}, {255, 0, 255, 0})};
  EXPECT_EQ(check(non_cidr, ip_leaf), ErrorCode::cert_name_constraints);
}

TEST_F(NameConstraintsTest, UnevaluatedFormsOnlyMatterWhenUsed) {
  NameConstraints uri;
  uri.excluded.uris = {"https://example.test"};
  EXPECT_EQ(check(uri, dns_leaf), ErrorCode::ok);  // the leaf has no URI SAN
}

TEST_F(NameConstraintsTest, DirectoryNamesComparePrefixesOfRdns) {
  NameConstraints same_subject;
  same_subject.permitted.directory_names = {dns_leaf->subject()};
  EXPECT_EQ(check(same_subject, dns_leaf), ErrorCode::ok);
  NameConstraints other;
  other.permitted.directory_names = {ca->subject()};
  EXPECT_EQ(check(other, dns_leaf), ErrorCode::cert_name_constraints);
  NameConstraints excluded;
  excluded.excluded.directory_names = {dns_leaf->subject()};
  EXPECT_EQ(check(excluded, dns_leaf), ErrorCode::cert_name_constraints);
}

}  // namespace
}  // namespace tlspp::x509
