// The certificate view (RFC 5280 §4.1) over fixture certificates, and parse failures.
#include "x509/certificate.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/x509_files.h"
#include "x509/ip_address.h"
#include "x509/oid.h"

namespace tlspp::x509 {
namespace {

using test::fixture_dir;
using test::load_cert;
using test::read_pem_certs;

TEST(Certificate, LeafFields) {
  auto cert = load_cert(fixture_dir("valid-ecdsa") + "/leaf.pem");
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(cert->version(), 3);
  EXPECT_EQ(cert->display_name(), "CN=ec.example.test, O=tlspp fixtures");
  EXPECT_EQ(cert->issuer().to_string(), "CN=tlspp Test Intermediate EC, O=tlspp fixtures");
  EXPECT_EQ(cert->not_before(), 1735689600);  // 2025-01-01T00:00:00Z
  EXPECT_EQ(cert->not_after(), 2366841600);   // 2045-01-01T00:00:00Z
  EXPECT_EQ(cert->signature_algorithm().name, "ecdsa-with-SHA256");
  EXPECT_EQ(cert->public_key().algorithm, KeyAlgorithm::ec);
  EXPECT_EQ(cert->public_key().curve, NamedGroup::secp256r1);
  EXPECT_EQ(cert->public_key().key.size(), 65u);  // uncompressed SEC1 point
  EXPECT_FALSE(cert->is_ca());
  ASSERT_TRUE(cert->basic_constraints());
  EXPECT_TRUE(cert->basic_constraints()->critical);
  ASSERT_TRUE(cert->key_usage());
  EXPECT_TRUE(cert->key_usage()->value.has(KeyUsageBit::digital_signature));
  EXPECT_FALSE(cert->key_usage()->value.has(KeyUsageBit::key_cert_sign));
  ASSERT_TRUE(cert->ext_key_usage());
  ASSERT_EQ(cert->ext_key_usage()->value.purposes.size(), 1u);
  EXPECT_TRUE(oid::equals(cert->ext_key_usage()->value.purposes[0], oid::kOidServerAuth));
  ASSERT_TRUE(cert->subject_alt_name());
  EXPECT_EQ(cert->subject_alt_name()->value.dns_names,
            std::vector<std::string_view>{"ec.example.test"});
  ASSERT_TRUE(cert->authority_key_id() && cert->authority_key_id()->value.key_id);
  ASSERT_TRUE(cert->subject_key_id());
  EXPECT_TRUE(cert->unknown_critical_extensions().empty());
  EXPECT_FALSE(cert->self_issued());
  // The TBS span is the exact DER inside the certificate (what the signature covers).
  auto tbs = cert->tbs();
  auto der = cert->der();
  EXPECT_EQ(tbs.data(), der.data() + 4);
  EXPECT_EQ(tbs[0], 0x30);
}

TEST(Certificate, CaAndKeyVariants) {
  auto root = load_cert(fixture_dir("valid-rsa") + "/roots.pem");
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(root->is_ca());
  EXPECT_TRUE(root->self_issued());
  EXPECT_EQ(root->public_key().algorithm, KeyAlgorithm::rsa);
  EXPECT_EQ(root->public_key().bits, 2048u);
  EXPECT_EQ(root->public_key().rsa_exponent.size(), 3u);  // 65537
  EXPECT_EQ(root->signature_algorithm().name, "sha256WithRSAEncryption");

  auto ed = load_cert(fixture_dir("valid-ed25519") + "/leaf.pem");
  ASSERT_NE(ed, nullptr);
  EXPECT_EQ(ed->public_key().algorithm, KeyAlgorithm::ed25519);
  EXPECT_EQ(ed->public_key().key.size(), 32u);

  auto pss = load_cert(fixture_dir("valid-rsa-pss") + "/leaf.pem");
  ASSERT_NE(pss, nullptr);
  EXPECT_EQ(pss->signature_algorithm().algorithm.kind, crypto::SignatureKind::rsa_pss);
  EXPECT_EQ(pss->signature_algorithm().algorithm.hash, crypto::HashAlg::sha256);
  EXPECT_EQ(pss->signature_algorithm().algorithm.pss_salt_length, std::optional<std::size_t>(32));

  auto sha1 = load_cert(fixture_dir("sha1-signed") + "/leaf.pem");
  ASSERT_NE(sha1, nullptr);
  EXPECT_EQ(sha1->signature_algorithm().status, SignatureAlgorithmInfo::Status::weak);

  auto ip = load_cert(fixture_dir("valid-ip") + "/leaf.pem");
  ASSERT_NE(ip, nullptr);
  ASSERT_EQ(ip->subject_alt_name()->value.ip_addresses.size(), 2u);
  EXPECT_EQ(format_ip_address(ip->subject_alt_name()->value.ip_addresses[1]), "2001:db8::7");

  auto critical = load_cert(fixture_dir("unknown-critical-extension") + "/leaf.pem");
  ASSERT_NE(critical, nullptr);
  EXPECT_EQ(critical->unknown_critical_extensions(),
            std::vector<std::string>{"1.3.6.1.4.1.55555.1"});
}

std::vector<std::uint8_t> leaf_der() {
  return read_pem_certs(fixture_dir("valid-ecdsa") + "/leaf.pem").at(0);
}

TEST(Certificate, TrailingBytesAndTruncationAreMalformed) {
  auto der = leaf_der();
  der.push_back(0);
  EXPECT_EQ(Certificate::parse(der).error().code, ErrorCode::cert_malformed);
  der.resize(der.size() - 10);
  EXPECT_EQ(Certificate::parse(der).error().code, ErrorCode::cert_malformed);
  EXPECT_EQ(Certificate::parse({}).error().code, ErrorCode::cert_malformed);
}

TEST(Certificate, SignatureAlgorithmMustMatchTheTbsField) {
  // RFC 5280 §4.1.1.2. Change the outer ecdsa-with-SHA256 to ecdsa-with-SHA384.
  auto der = leaf_der();
  const std::vector<std::uint8_t> oid = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
  auto outer = std::find_end(der.begin(), der.end(), oid.begin(), oid.end());
  ASSERT_NE(outer, der.end());
  *(outer + 7) = 0x03;
  auto r = Certificate::parse(der);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::cert_malformed);
  EXPECT_NE(r.error().reason.find("differs from the TBSCertificate signature"), std::string::npos);
}

TEST(Certificate, NonMinimalLengthInsideIsMalformed) {
  // Re-encode the outer SEQUENCE length (0x82 LL LL) with an extra leading zero octet.
  auto der = leaf_der();
  ASSERT_EQ(der[1], 0x82);
  std::vector<std::uint8_t> bad = {0x30, 0x83, 0x00, der[2], der[3]};
  bad.insert(bad.end(), der.begin() + 4, der.end());
  auto r = Certificate::parse(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::cert_malformed);
  EXPECT_NE(r.error().reason.find("leading zero"), std::string::npos);
}

TEST(Certificate, DuplicateExtensionsAreRefused) {
  // Duplicate the leaf's first extension inside the extensions SEQUENCE, fixing up the lengths of
  // every enclosing structure (all long-form 0x81/0x82 here).
  auto der = leaf_der();
  auto cert = Certificate::parse(der);
  ASSERT_TRUE(cert.ok());
  // Find "A3 len 30 len" (extensions [3] then SEQUENCE) in the TBS.
  std::size_t a3 = 0;
  for (std::size_t i = 0; i + 1 < der.size(); ++i) {
    if (der[i] == 0xA3 && (der[i + 1] == 0x81 || der[i + 1] < 0x80)) a3 = i;
  }
  ASSERT_GT(a3, 0u);
  const std::size_t a3_len_octets = der[a3 + 1] == 0x81 ? 2 : 1;
  const std::size_t seq = a3 + 1 + a3_len_octets;
  ASSERT_EQ(der[seq], 0x30);
  const std::size_t seq_len_octets = der[seq + 1] == 0x81 ? 2 : 1;
  const std::size_t first_ext = seq + 1 + seq_len_octets;
  ASSERT_EQ(der[first_ext], 0x30);
  ASSERT_LT(der[first_ext + 1], 0x80);
  const std::size_t ext_size = 2 + der[first_ext + 1];
  std::vector<std::uint8_t> ext(der.begin() + first_ext, der.begin() + first_ext + ext_size);
  std::vector<std::uint8_t> out(der.begin(), der.begin() + first_ext);
  out.insert(out.end(), ext.begin(), ext.end());
  out.insert(out.end(), der.begin() + first_ext, der.end());
  // Grow each length by ext_size: certificate (0x82), TBS (0x82), [3] and the SEQUENCE.
  auto grow = [&](std::size_t at) {
    if (out[at + 1] == 0x82) {
      const std::size_t n = (out[at + 2] << 8 | out[at + 3]) + ext_size;
      out[at + 2] = static_cast<std::uint8_t>(n >> 8);
      out[at + 3] = static_cast<std::uint8_t>(n);
    } else if (out[at + 1] == 0x81) {
      out[at + 2] = static_cast<std::uint8_t>(out[at + 2] + ext_size);
    } else {
      out[at + 1] = static_cast<std::uint8_t>(out[at + 1] + ext_size);
    }
  };
  grow(0);
  grow(4);
  grow(a3);
  grow(seq);
  auto r = Certificate::parse(out);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::cert_duplicate_extension) << r.error().reason;
}

}  // namespace
}  // namespace tlspp::x509
