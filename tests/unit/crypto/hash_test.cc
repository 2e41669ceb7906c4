// Running digests: known answers (FIPS 180-2 "abc"), non-destructive digest(), clone().
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::bytes_of;
using test_support::ByteVector;

struct Known {
  HashAlg alg;
  const char* abc_digest;
};

class HashKnownAnswer : public ::testing::TestWithParam<Known> {};

TEST_P(HashKnownAnswer, DigestOfAbc) {
  auto provider = openssl::make_provider();
  auto hash = provider->new_hash(GetParam().alg);
  EXPECT_EQ(hash->alg(), GetParam().alg);
  hash->update(bytes_of("abc"));
  ByteVector out(digest_size(GetParam().alg));
  ASSERT_TRUE(hash->digest(out).ok());
  EXPECT_EQ(codec::to_hex(out), GetParam().abc_digest);
}

INSTANTIATE_TEST_SUITE_P(
    Fips180, HashKnownAnswer,
    ::testing::Values(
        Known{HashAlg::sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
        Known{HashAlg::sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        Known{HashAlg::sha384,
              "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358"
              "baeca134c825a7"},
        Known{HashAlg::sha512,
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836"
              "ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"}),
    [](const auto& info) { return std::to_string(digest_size(info.param.alg) * 8); });

TEST(HashContext, DigestDoesNotEndTheRunningHash) {
  auto provider = openssl::make_provider();
  auto hash = provider->new_hash(HashAlg::sha256);
  hash->update(bytes_of("ab"));
  ByteVector partial(32);
  ASSERT_TRUE(hash->digest(partial).ok());
  hash->update(bytes_of("c"));
  ByteVector full(32);
  ASSERT_TRUE(hash->digest(full).ok());
  EXPECT_EQ(codec::to_hex(full),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ByteVector ab(32);
  ASSERT_TRUE(provider->hash(HashAlg::sha256, bytes_of("ab"), ab).ok());
  EXPECT_EQ(partial, ab);
}

TEST(HashContext, CloneContinuesIndependently) {
  auto provider = openssl::make_provider();
  auto hash = provider->new_hash(HashAlg::sha384);
  hash->update(bytes_of("ab"));
  auto copy = hash->clone();
  copy->update(bytes_of("c"));
  hash->update(bytes_of("x"));
  ByteVector from_copy(48), expected(48), from_original(48), expected_original(48);
  ASSERT_TRUE(copy->digest(from_copy).ok());
  ASSERT_TRUE(provider->hash(HashAlg::sha384, bytes_of("abc"), expected).ok());
  ASSERT_TRUE(hash->digest(from_original).ok());
  ASSERT_TRUE(provider->hash(HashAlg::sha384, bytes_of("abx"), expected_original).ok());
  EXPECT_EQ(from_copy, expected);
  EXPECT_EQ(from_original, expected_original);
}

TEST(HashContext, OutputShorterThanTheDigestIsInvalidArgument) {
  auto provider = openssl::make_provider();
  auto hash = provider->new_hash(HashAlg::sha512);
  ByteVector out(63);
  auto status = hash->digest(out);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace tlspp::crypto
