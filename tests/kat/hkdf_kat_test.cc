// RFC 5869 Appendix A: HKDF test cases 1-7 (SHA-256: 1-3, SHA-1: 4-7), read from the RFC text.
#include <gtest/gtest.h>

#include <string>

#include "codec/hex.h"
#include "crypto/openssl/openssl_provider.h"
#include "spec_text.h"

namespace tlspp::kat {
namespace {

using crypto::HashAlg;

class Rfc5869 : public ::testing::TestWithParam<int> {};

TEST_P(Rfc5869, ExtractAndExpandMatchAppendixA) {
  const int n = GetParam();
  SpecText spec("rfc5869.txt");
  ASSERT_TRUE(spec.loaded());
  spec.seek("A." + std::to_string(n) + ".  Test Case " + std::to_string(n));
  const std::string hash = spec.field_text("Hash");
  ASSERT_TRUE(hash == "SHA-256" || hash == "SHA-1") << hash;
  const HashAlg alg = hash == "SHA-256" ? HashAlg::sha256 : HashAlg::sha1;
  const auto ikm = spec.field_bytes("IKM");
  const auto salt = spec.field_bytes("salt");  // "not provided" (case 7) reads as empty
  const auto info = spec.field_bytes("info");
  const std::size_t length = std::stoul(spec.field_text("L"));
  const auto prk = spec.field_bytes("PRK");
  const auto okm = spec.field_bytes("OKM");
  ASSERT_EQ(prk.size(), crypto::digest_size(alg));
  ASSERT_EQ(okm.size(), length);

  auto provider = crypto::openssl::make_provider();
  auto extracted = provider->hkdf_extract(alg, salt, ikm);
  ASSERT_TRUE(extracted.ok()) << extracted.error().to_string();
  EXPECT_EQ(codec::to_hex(*extracted), codec::to_hex(prk));
  auto expanded = provider->hkdf_expand(alg, prk, info, length);
  ASSERT_TRUE(expanded.ok()) << expanded.error().to_string();
  EXPECT_EQ(codec::to_hex(*expanded), codec::to_hex(okm));
}

INSTANTIATE_TEST_SUITE_P(TestCases, Rfc5869, ::testing::Range(1, 8),
                         [](const auto& info) { return "Case" + std::to_string(info.param); });

}  // namespace
}  // namespace tlspp::kat
