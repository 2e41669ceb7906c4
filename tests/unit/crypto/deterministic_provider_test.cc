// The deterministic provider: reproducible randomness (queued bytes, then a seeded SHA-256
// stream), injected key shares and signatures, and forwarding of everything else.
#include "crypto/deterministic_provider.h"

#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::bytes_of;
using test_support::ByteVector;
using test_support::fixture;
using test_support::unhex;

DeterministicProvider make(std::string_view seed) {
  return DeterministicProvider(openssl::make_provider(), bytes_of(seed));
}

ByteVector draw(Provider& p, std::size_t n) {
  ByteVector out(n);
  EXPECT_TRUE(p.random(out).ok());
  return out;
}

TEST(DeterministicProvider, StreamIsSha256OfSeedAndBigEndianCounter) {
  auto provider = make("seed");
  const ByteVector stream = draw(provider, 64);
  auto inner = openssl::make_provider();
  ByteVector block0(32), block1(32);
  ByteVector input = bytes_of("seed");
  input.insert(input.end(), {0, 0, 0, 0, 0, 0, 0, 0});
  ASSERT_TRUE(inner->hash(HashAlg::sha256, input, block0).ok());
  input.back() = 1;
  ASSERT_TRUE(inner->hash(HashAlg::sha256, input, block1).ok());
  EXPECT_EQ(ByteVector(stream.begin(), stream.begin() + 32), block0);
  EXPECT_EQ(ByteVector(stream.begin() + 32, stream.end()), block1);
}

TEST(DeterministicProvider, SameSeedGivesTheSameStreamWhateverTheChunking) {
  auto a = make("replay");
  auto b = make("replay");
  const ByteVector whole = draw(a, 100);
  ByteVector pieces;
  for (std::size_t n : {1u, 31u, 2u, 33u, 0u, 33u}) {
    const ByteVector piece = draw(b, n);
    pieces.insert(pieces.end(), piece.begin(), piece.end());
  }
  EXPECT_EQ(pieces, whole);
}

TEST(DeterministicProvider, DifferentSeedsGiveDifferentStreams) {
  auto a = make("one");
  auto b = make("two");
  EXPECT_NE(draw(a, 32), draw(b, 32));
}

TEST(DeterministicProvider, QueuedBytesComeFirstInOrder) {
  auto provider = make("s");
  auto reference = make("s");
  provider.queue_random(ByteVector{1, 2, 3});
  provider.queue_random(ByteVector{4});
  EXPECT_EQ(draw(provider, 2), (ByteVector{1, 2}));
  const ByteVector next = draw(provider, 4);
  const ByteVector stream = draw(reference, 2);
  EXPECT_EQ(next, (ByteVector{3, 4, stream[0], stream[1]}));
}

TEST(DeterministicProvider, QueuedKeySharePrivateKeyIsUsedOnceForItsGroup) {
  // RFC 7748 §6.1: Alice's key pair.
  auto provider = make("s");
  provider.queue_key_share_private(
      NamedGroup::x25519,
      unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  auto nist = provider.generate_key_share(NamedGroup::secp256r1);  // other group: not consumed
  ASSERT_TRUE(nist.ok());
  auto alice = provider.generate_key_share(NamedGroup::x25519);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(codec::to_hex((*alice)->public_key()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  auto next = provider.generate_key_share(NamedGroup::x25519);
  ASSERT_TRUE(next.ok());
  EXPECT_NE(codec::to_hex((*next)->public_key()), codec::to_hex((*alice)->public_key()));
}

TEST(DeterministicProvider, GeneratedKeySharesReproduceForTheSameSeed) {
  for (NamedGroup group :
       {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1, NamedGroup::secp521r1}) {
    auto a = make("handshake");
    auto b = make("handshake");
    auto share_a = a.generate_key_share(group);
    auto share_b = b.generate_key_share(group);
    ASSERT_TRUE(share_a.ok()) << name_of(group) << ": " << share_a.error().to_string();
    ASSERT_TRUE(share_b.ok());
    EXPECT_EQ(codec::to_hex((*share_a)->public_key()), codec::to_hex((*share_b)->public_key()))
        << name_of(group);
    auto other = openssl::make_provider()->generate_key_share(group);
    auto s1 = (*share_a)->agree((*other)->public_key());
    auto s2 = (*other)->agree((*share_a)->public_key());
    ASSERT_TRUE(s1.ok() && s2.ok()) << name_of(group);
    EXPECT_TRUE(codec::ct_equal(*s1, *s2));
  }
}

TEST(DeterministicProvider, KeySharesDoNotConsumeQueuedRandomBytes) {
  auto provider = make("s");
  provider.queue_random(ByteVector{9, 9});
  ASSERT_TRUE(provider.generate_key_share(NamedGroup::x25519).ok());
  EXPECT_EQ(draw(provider, 2), (ByteVector{9, 9}));
}

TEST(DeterministicProvider, QueuedSignatureIsReturnedOnceThenKeysSignForReal) {
  auto provider = make("s");
  auto key = provider.load_private_key(fixture("ec-p256.pkcs8.pem"));
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), KeyType::ec_p256);
  const SignatureAlgorithm alg{SignatureKind::ecdsa, HashAlg::sha256};
  provider.queue_signature(ByteVector{0xde, 0xad});
  auto injected = (*key)->sign(alg, bytes_of("m"));
  ASSERT_TRUE(injected.ok());
  EXPECT_EQ(*injected, (ByteVector{0xde, 0xad}));
  auto real = (*key)->sign(alg, bytes_of("m"));
  ASSERT_TRUE(real.ok());
  EXPECT_TRUE((*key)->public_key()->verify(alg, bytes_of("m"), *real).ok());
}

TEST(DeterministicProvider, ForwardsPrimitivesToTheInnerProvider) {
  auto provider = make("s");
  auto inner = openssl::make_provider();
  const ByteVector ikm(32, 3);
  auto a = provider.hkdf_extract(HashAlg::sha256, {}, ikm);
  auto b = inner->hkdf_extract(HashAlg::sha256, {}, ikm);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(codec::ct_equal(*a, *b));
  EXPECT_EQ(provider.name(), "deterministic");
  EXPECT_GT(provider.algorithms().size(), inner->algorithms().size());
}

}  // namespace
}  // namespace tlspp::crypto
