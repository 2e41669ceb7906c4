// RFC 7748 X25519 known answers, read from the RFC text: §5.2 (two single computations and the
// iterated computation) and §6.1 (the Diffie-Hellman exchange between Alice and Bob).
#include <gtest/gtest.h>

#include <vector>

#include "codec/hex.h"
#include "crypto/openssl/openssl_provider.h"
#include "spec_text.h"

namespace tlspp::kat {
namespace {

using Bytes = std::vector<std::uint8_t>;

// X25519(scalar, u) through the provider: a key share from the scalar, agreed with u.
Bytes x25519(crypto::Provider& p, const Bytes& scalar, const Bytes& u) {
  auto share = p.key_share_from_private(NamedGroup::x25519, scalar);
  EXPECT_TRUE(share.ok()) << share.error().to_string();
  if (!share.ok()) return {};
  auto shared = (*share)->agree(u);
  EXPECT_TRUE(shared.ok()) << shared.error().to_string();
  if (!shared.ok()) return {};
  return Bytes(shared->span().begin(), shared->span().end());
}

TEST(Rfc7748, Section5_2SingleComputations) {
  SpecText spec("rfc7748.txt");
  SpecText s = spec.section("5.2.  Test Vectors", "6.  Diffie-Hellman");
  s.seek("X25519:");
  auto provider = crypto::openssl::make_provider();
  for (int vector = 1; vector <= 2; ++vector) {
    const Bytes scalar = s.hex_lines("Input scalar:");
    const Bytes u = s.hex_lines("Input u-coordinate:");
    const Bytes expected = s.hex_lines("Output u-coordinate:");
    ASSERT_EQ(scalar.size(), 32u);
    ASSERT_EQ(u.size(), 32u);
    // The second u-coordinate has its top bit set: RFC 7748 §5 requires masking it.
    EXPECT_EQ(codec::to_hex(x25519(*provider, scalar, u)), codec::to_hex(expected))
        << "vector " << vector;
  }
}

TEST(Rfc7748, Section5_2IteratedOneThousandTimes) {
  SpecText spec("rfc7748.txt");
  SpecText s = spec.section("5.2.  Test Vectors", "6.  Diffie-Hellman");
  s.seek("For each iteration");
  s.seek("X25519:");
  const Bytes after_one = s.hex_lines("After one iteration:");
  const Bytes after_thousand = s.hex_lines("After 1,000 iterations:");
  auto provider = crypto::openssl::make_provider();
  // k = u = 9 (the base point); each step: k, u = X25519(k, u), k.
  Bytes k(32, 0);
  k[0] = 9;
  Bytes u = k;
  for (int i = 1; i <= 1000; ++i) {
    Bytes next = x25519(*provider, k, u);
    ASSERT_EQ(next.size(), 32u) << "iteration " << i;
    u = std::move(k);
    k = std::move(next);
    if (i == 1) {
      EXPECT_EQ(codec::to_hex(k), codec::to_hex(after_one));
    }
  }
  EXPECT_EQ(codec::to_hex(k), codec::to_hex(after_thousand));
}

TEST(Rfc7748, Section6_1DiffieHellman) {
  SpecText spec("rfc7748.txt");
  SpecText s = spec.section("6.1.  Curve25519", "6.2.  Curve448");
  const Bytes a = s.hex_lines("Alice's private key, a:");
  const Bytes a_public = s.hex_lines("Alice's public key, X25519(a, 9):");
  const Bytes b = s.hex_lines("Bob's private key, b:");
  const Bytes b_public = s.hex_lines("Bob's public key, X25519(b, 9):");
  const Bytes k = s.hex_lines("Their shared secret, K:");
  auto provider = crypto::openssl::make_provider();
  auto alice = provider->key_share_from_private(NamedGroup::x25519, a);
  auto bob = provider->key_share_from_private(NamedGroup::x25519, b);
  ASSERT_TRUE(alice.ok() && bob.ok());
  EXPECT_EQ(codec::to_hex((*alice)->public_key()), codec::to_hex(a_public));
  EXPECT_EQ(codec::to_hex((*bob)->public_key()), codec::to_hex(b_public));
  auto alice_k = (*alice)->agree(b_public);
  auto bob_k = (*bob)->agree(a_public);
  ASSERT_TRUE(alice_k.ok() && bob_k.ok());
  EXPECT_EQ(codec::to_hex(*alice_k), codec::to_hex(k));
  EXPECT_EQ(codec::to_hex(*bob_k), codec::to_hex(k));
}

}  // namespace
}  // namespace tlspp::kat
