// HMAC, HKDF and TLS 1.2 PRF behaviour beyond the known answers in tests/kat/: limits, prefixes,
// and the HKDF-Expand-Label encoding (RFC 8446 §7.1).
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::bytes_of;
using test_support::ByteVector;
using test_support::unhex;

TEST(Hmac, Rfc4231TestCase2) {
  auto provider = openssl::make_provider();
  const ByteVector key = bytes_of("Jefe");
  const ByteVector data = bytes_of("what do ya want for nothing?");
  ByteVector sha256(32), sha384(48), sha512(64);
  ASSERT_TRUE(provider->hmac(HashAlg::sha256, key, data, sha256).ok());
  ASSERT_TRUE(provider->hmac(HashAlg::sha384, key, data, sha384).ok());
  ASSERT_TRUE(provider->hmac(HashAlg::sha512, key, data, sha512).ok());
  EXPECT_EQ(codec::to_hex(sha256),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(codec::to_hex(sha384),
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239"
            "ecfab21649");
  EXPECT_EQ(codec::to_hex(sha512),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f"
            "65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

TEST(Hmac, OutputShorterThanTheDigestIsInvalidArgument) {
  auto provider = openssl::make_provider();
  ByteVector out(31);
  auto status = provider->hmac(HashAlg::sha256, bytes_of("k"), bytes_of("d"), out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_argument);
}

TEST(HkdfExpand, LengthAbove255HashLenIsInvalidArgument) {
  // RFC 5869 §2.3: L <= 255*HashLen.
  auto provider = openssl::make_provider();
  const ByteVector prk(32, 7);
  EXPECT_TRUE(provider->hkdf_expand(HashAlg::sha256, prk, {}, 255 * 32).ok());
  auto too_long = provider->hkdf_expand(HashAlg::sha256, prk, {}, 255 * 32 + 1);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::invalid_argument);
}

TEST(HkdfExpand, PrkShorterThanHashLenIsInvalidArgument) {
  auto provider = openssl::make_provider();
  auto r = provider->hkdf_expand(HashAlg::sha384, ByteVector(32, 7), {}, 16);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
}

TEST(HkdfExpand, ZeroLengthIsEmpty) {
  auto provider = openssl::make_provider();
  auto r = provider->hkdf_expand(HashAlg::sha256, ByteVector(32, 7), {}, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(HkdfExpand, ShorterOutputIsAPrefixOfLongerOutput) {
  auto provider = openssl::make_provider();
  const ByteVector prk(48, 0x42);
  auto short_out = provider->hkdf_expand(HashAlg::sha384, prk, bytes_of("info"), 20);
  auto long_out = provider->hkdf_expand(HashAlg::sha384, prk, bytes_of("info"), 200);
  ASSERT_TRUE(short_out.ok() && long_out.ok());
  EXPECT_EQ(codec::to_hex(*short_out), codec::to_hex(long_out->span().first(20)));
}

TEST(HkdfExpandLabel, BuildsTheHkdfLabelStructure) {
  // RFC 8446 §7.1 HkdfLabel for ("key", "", 16): 00 10 | 09 "tls13 key" | 00 (the RFC 8448 trace
  // prints this info as "key info").
  auto provider = openssl::make_provider();
  const ByteVector secret(32, 0x11);
  auto via_label = hkdf_expand_label(*provider, HashAlg::sha256, secret, "key", {}, 16);
  auto direct =
      provider->hkdf_expand(HashAlg::sha256, secret, unhex("001009746c73313320 6b657900"), 16);
  ASSERT_TRUE(via_label.ok() && direct.ok());
  EXPECT_EQ(codec::to_hex(*via_label), codec::to_hex(*direct));
}

TEST(Tls12Prf, ShorterOutputIsAPrefixOfLongerOutput) {
  auto provider = openssl::make_provider();
  const ByteVector secret(48, 0x33);
  const ByteVector seed(64, 0x44);
  auto short_out = provider->tls12_prf(HashAlg::sha256, secret, "key expansion", seed, 12);
  auto long_out = provider->tls12_prf(HashAlg::sha256, secret, "key expansion", seed, 104);
  ASSERT_TRUE(short_out.ok() && long_out.ok());
  EXPECT_EQ(short_out->size(), 12u);
  EXPECT_EQ(long_out->size(), 104u);
  EXPECT_EQ(codec::to_hex(*short_out), codec::to_hex(long_out->span().first(12)));
}

TEST(Tls12Prf, LabelAndSeedAreConcatenated) {
  // PRF(secret, label, seed) = P_hash(secret, label + seed): moving bytes between them is
  // invisible.
  auto provider = openssl::make_provider();
  const ByteVector secret(48, 0x33);
  auto a = provider->tls12_prf(HashAlg::sha384, secret, "master secret", bytes_of("xyz"), 48);
  auto b = provider->tls12_prf(HashAlg::sha384, secret, "master secretx", bytes_of("yz"), 48);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(codec::to_hex(*a), codec::to_hex(*b));
}

}  // namespace
}  // namespace tlspp::crypto
