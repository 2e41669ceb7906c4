// The provider is shared by every connection of a process: its methods, and const methods of the
// keys it returns, run concurrently. Several threads use one provider and one private key at once
// and must get exactly the single-threaded results.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "crypto/deterministic_provider.h"
#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::bytes_of;
using test_support::ByteVector;
using test_support::fixture;

constexpr int kThreads = 4;
constexpr int kRounds = 50;

TEST(Concurrency, SharedProviderAndKeyGiveSingleThreadedResults) {
  auto provider = openssl::make_provider();
  auto key = provider->load_private_key(fixture("ec-p256.pkcs8.pem"));
  ASSERT_TRUE(key.ok());
  const auto public_key = (*key)->public_key();
  const SignatureAlgorithm ecdsa{SignatureKind::ecdsa, HashAlg::sha256};
  const ByteVector secret(32, 0x21);
  auto expected = hkdf_expand_label(*provider, HashAlg::sha256, secret, "key", {}, 16);
  ASSERT_TRUE(expected.ok());
  const std::string expected_key = codec::to_hex(*expected);

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        auto derived = hkdf_expand_label(*provider, HashAlg::sha256, secret, "key", {}, 16);
        if (!derived.ok() || codec::to_hex(*derived) != expected_key) ++failures;
        auto aead = provider->new_aead(AeadAlg::aes_128_gcm, *derived);
        ByteVector record(100, static_cast<std::uint8_t>(t));
        ByteVector tag(kAeadTagSize);
        const ByteVector nonce(kAeadNonceSize, static_cast<std::uint8_t>(i));
        if (!aead.ok() || !(*aead)->seal(nonce, {}, record, tag).ok() ||
            !(*aead)->open(nonce, {}, record, tag).ok() ||
            record != ByteVector(100, static_cast<std::uint8_t>(t))) {
          ++failures;
        }
        auto a = provider->generate_key_share(NamedGroup::x25519);
        auto b = provider->generate_key_share(NamedGroup::secp256r1);
        if (!a.ok() || !b.ok() || !(*a)->agree((*a)->public_key()).ok()) ++failures;
        const ByteVector message = bytes_of("thread " + std::to_string(t));
        auto signature = (*key)->sign(ecdsa, message);
        if (!signature.ok() || !public_key->verify(ecdsa, message, *signature).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Concurrency, DeterministicStreamIsSharedWithoutLosingOrRepeatingBytes) {
  // Threads drawing 8-byte chunks together consume exactly the single-threaded stream's blocks.
  DeterministicProvider shared(openssl::make_provider(), bytes_of("seed"));
  DeterministicProvider reference(openssl::make_provider(), bytes_of("seed"));
  std::vector<std::vector<ByteVector>> drawn(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        ByteVector chunk(8);
        EXPECT_TRUE(shared.random(chunk).ok());
        drawn[t].push_back(chunk);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<ByteVector> all;
  for (const auto& per_thread : drawn) all.insert(all.end(), per_thread.begin(), per_thread.end());
  std::vector<ByteVector> expected;
  for (int i = 0; i < kThreads * kRounds; ++i) {
    ByteVector chunk(8);
    ASSERT_TRUE(reference.random(chunk).ok());
    expected.push_back(chunk);
  }
  std::sort(all.begin(), all.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(all, expected);
}

}  // namespace
}  // namespace tlspp::crypto
