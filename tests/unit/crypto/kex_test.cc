// Key exchange: agreement both ways for every group, and the peer-share validation of RFC 8446
// §4.2.8.2 and RFC 7748 §6.1 (wrong sizes, points off the curve, low-order X25519 points).
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::ByteVector;
using test_support::unhex;

std::size_t share_size(NamedGroup group) {
  switch (group) {
    case NamedGroup::x25519: return 32;
    case NamedGroup::secp256r1: return 65;
    case NamedGroup::secp384r1: return 97;
    case NamedGroup::secp521r1: return 133;
    default: return 0;
  }
}

std::size_t secret_size(NamedGroup group) {
  return group == NamedGroup::x25519 ? 32 : (share_size(group) - 1) / 2;
}

class KeyExchange : public ::testing::TestWithParam<NamedGroup> {
 protected:
  std::unique_ptr<KeyShare> generate() {
    auto share = provider_->generate_key_share(GetParam());
    EXPECT_TRUE(share.ok()) << share.error().to_string();
    return share.ok() ? std::move(*share) : nullptr;
  }

  // agree() with `peer_public` must fail with `code`.
  void expect_refused(Bytes peer_public, ErrorCode code) {
    auto ours = generate();
    ASSERT_TRUE(ours);
    auto shared = ours->agree(peer_public);
    ASSERT_FALSE(shared.ok()) << codec::to_hex(peer_public);
    EXPECT_EQ(shared.error().code, code) << shared.error().to_string();
  }

  std::shared_ptr<Provider> provider_ = openssl::make_provider();
};

TEST_P(KeyExchange, BothSidesComputeTheSameSecret) {
  auto client = generate();
  auto server = generate();
  ASSERT_TRUE(client && server);
  EXPECT_EQ(client->group(), GetParam());
  ASSERT_EQ(client->public_key().size(), share_size(GetParam()));
  if (GetParam() != NamedGroup::x25519) {
    EXPECT_EQ(client->public_key()[0], 0x04);  // RFC 8446 §4.2.8.2 legacy_form
  }
  EXPECT_NE(codec::to_hex(client->public_key()), codec::to_hex(server->public_key()));
  auto client_secret = client->agree(server->public_key());
  auto server_secret = server->agree(client->public_key());
  ASSERT_TRUE(client_secret.ok()) << client_secret.error().to_string();
  ASSERT_TRUE(server_secret.ok()) << server_secret.error().to_string();
  // RFC 8446 §7.4.2: X25519 gives 32 bytes; ECDH the x-coordinate at full field size.
  EXPECT_EQ(client_secret->size(), secret_size(GetParam()));
  EXPECT_TRUE(codec::ct_equal(*client_secret, *server_secret));
}

TEST_P(KeyExchange, KeyShareFromPrivateAgreesWithAGeneratedShare) {
  const ByteVector scalar(GetParam() == NamedGroup::secp521r1 ? 66 : 32, 0x01);
  auto fixed = provider_->key_share_from_private(GetParam(), scalar);
  ASSERT_TRUE(fixed.ok()) << fixed.error().to_string();
  auto again = provider_->key_share_from_private(GetParam(), scalar);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(codec::to_hex((*fixed)->public_key()), codec::to_hex((*again)->public_key()));
  auto other = generate();
  auto a = (*fixed)->agree(other->public_key());
  auto b = other->agree((*fixed)->public_key());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(codec::ct_equal(*a, *b));
}

TEST_P(KeyExchange, PeerShareOfTheWrongLengthIsBadKeyShare) {
  auto ours = generate();
  ASSERT_TRUE(ours);
  ByteVector good(ours->public_key().begin(), ours->public_key().end());
  ByteVector shorter(good.begin(), good.end() - 1);
  ByteVector longer = good;
  longer.push_back(0);
  expect_refused(shorter, ErrorCode::bad_key_share);
  expect_refused(longer, ErrorCode::bad_key_share);
  expect_refused({}, ErrorCode::bad_key_share);
}

INSTANTIATE_TEST_SUITE_P(Groups, KeyExchange,
                         ::testing::Values(NamedGroup::x25519, NamedGroup::secp256r1,
                                           NamedGroup::secp384r1, NamedGroup::secp521r1),
                         [](const auto& info) { return std::string(name_of(info.param)); });

// --- NIST curves: RFC 8446 §4.2.8.2 uncompressed points, validated.

class NistKeyExchange : public KeyExchange {};

TEST_P(NistKeyExchange, CompressedPointIsBadKeyShare) {
  auto peer = generate();
  ByteVector compressed(peer->public_key().begin(),
                        peer->public_key().begin() + 1 + (share_size(GetParam()) - 1) / 2);
  compressed[0] = static_cast<std::uint8_t>(0x02 | (peer->public_key().back() & 1));
  expect_refused(compressed, ErrorCode::bad_key_share);
  // Same length as an uncompressed point but with another form byte (hybrid 0x06/0x07).
  ByteVector hybrid(peer->public_key().begin(), peer->public_key().end());
  hybrid[0] = static_cast<std::uint8_t>(0x06 | (hybrid.back() & 1));
  expect_refused(hybrid, ErrorCode::bad_key_share);
}

TEST_P(NistKeyExchange, PointNotOnTheCurveIsBadKeyShare) {
  auto peer = generate();
  ByteVector moved(peer->public_key().begin(), peer->public_key().end());
  moved.back() ^= 0x01;  // y changed: (x, y') is not on the curve
  expect_refused(moved, ErrorCode::bad_key_share);
  ByteVector zeros(share_size(GetParam()), 0);
  zeros[0] = 0x04;  // (0, 0) is not on any of the curves
  expect_refused(zeros, ErrorCode::bad_key_share);
}

TEST_P(NistKeyExchange, PointAtInfinityIsBadKeyShare) {
  expect_refused(ByteVector{0x00}, ErrorCode::bad_key_share);
}

INSTANTIATE_TEST_SUITE_P(Groups, NistKeyExchange,
                         ::testing::Values(NamedGroup::secp256r1, NamedGroup::secp384r1,
                                           NamedGroup::secp521r1),
                         [](const auto& info) { return std::string(name_of(info.param)); });

TEST(NistKeyExchange, CoordinateNotBelowThePrimeIsBadKeyShare) {
  // x = p (P-256's field prime) is out of range even though p = 0 (mod p).
  auto provider = openssl::make_provider();
  auto ours = provider->generate_key_share(NamedGroup::secp256r1);
  ASSERT_TRUE(ours.ok());
  ByteVector point = unhex(
      "04ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
      "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
  auto shared = (*ours)->agree(point);
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().code, ErrorCode::bad_key_share);
}

TEST(NistKeyExchange, ScalarOneGivesTheGenerator) {
  // SEC 2 §2.4.2: the P-256 base point G.
  auto provider = openssl::make_provider();
  auto share = provider->key_share_from_private(NamedGroup::secp256r1, ByteVector{0x01});
  ASSERT_TRUE(share.ok()) << share.error().to_string();
  EXPECT_EQ(codec::to_hex((*share)->public_key()),
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
            "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
}

TEST(NistKeyExchange, ScalarOutsideOneToNMinusOneIsBadKey) {
  auto provider = openssl::make_provider();
  const ByteVector order =
      unhex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");  // P-256 n
  for (const ByteVector& scalar :
       {ByteVector(32, 0), ByteVector{}, order, ByteVector(32, 0xff), ByteVector(33, 0x01)}) {
    auto share = provider->key_share_from_private(NamedGroup::secp256r1, scalar);
    ASSERT_FALSE(share.ok()) << codec::to_hex(scalar);
    EXPECT_EQ(share.error().code, ErrorCode::bad_key) << codec::to_hex(scalar);
  }
}

// --- X25519: RFC 7748 §6.1 / RFC 8446 §7.4.2 all-zero check.

class X25519LowOrderPoint : public ::testing::TestWithParam<const char*> {};

TEST_P(X25519LowOrderPoint, GivesZeroSharedSecret) {
  auto provider = openssl::make_provider();
  auto ours = provider->generate_key_share(NamedGroup::x25519);
  ASSERT_TRUE(ours.ok());
  auto shared = (*ours)->agree(unhex(GetParam()));
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(shared.error().code, ErrorCode::zero_shared_secret) << shared.error().to_string();
  EXPECT_EQ(shared.error().alert, AlertDescription::illegal_parameter);
}

INSTANTIATE_TEST_SUITE_P(
    SmallOrder, X25519LowOrderPoint,
    ::testing::Values(
        "0000000000000000000000000000000000000000000000000000000000000000",   // u = 0
        "0100000000000000000000000000000000000000000000000000000000000000",   // u = 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",   // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",   // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",   // u = p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",   // u = p = 0
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),  // u = p + 1 = 1
    [](const auto& info) { return "Point" + std::to_string(info.index); });

TEST(X25519, PrivateKeyOfTheWrongSizeIsBadKey) {
  auto provider = openssl::make_provider();
  for (std::size_t size : {0u, 31u, 33u}) {
    auto share = provider->key_share_from_private(NamedGroup::x25519, ByteVector(size, 1));
    ASSERT_FALSE(share.ok()) << size;
    EXPECT_EQ(share.error().code, ErrorCode::bad_key) << size;
  }
}

TEST(KeyExchangeGroups, UnimplementedGroupIsUnsupportedAlgorithm) {
  auto provider = openssl::make_provider();
  for (NamedGroup group : {NamedGroup::x448, NamedGroup::ffdhe2048, NamedGroup{0x0a0a}}) {
    auto generated = provider->generate_key_share(group);
    ASSERT_FALSE(generated.ok());
    EXPECT_EQ(generated.error().code, ErrorCode::unsupported_algorithm);
    auto fixed = provider->key_share_from_private(group, ByteVector(32, 1));
    ASSERT_FALSE(fixed.ok());
    EXPECT_EQ(fixed.error().code, ErrorCode::unsupported_algorithm);
  }
}

}  // namespace
}  // namespace tlspp::crypto
