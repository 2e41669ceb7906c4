// Provider::generate_private_key and the key export (PrivateKey::pkcs8_der,
// PublicKey::subject_public_key_info): generated keys sign, export, and load back.
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"

namespace tlspp::crypto {
namespace {

struct Generated {
  KeyType type;
  std::size_t bits;
  SignatureAlgorithm alg;
};

class GeneratedKey : public ::testing::TestWithParam<Generated> {};

TEST_P(GeneratedKey, SignsExportsAndLoadsBack) {
  auto provider = openssl::make_provider();
  const Generated& g = GetParam();
  auto key = provider->generate_private_key(g.type, g.bits);
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), g.type);
  EXPECT_EQ((*key)->bits(), g.bits);

  static constexpr std::uint8_t kMessage[] = {'d', 'e', 'v', 'c', 'e', 'r', 't'};
  auto signature = (*key)->sign(g.alg, kMessage);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();

  // PKCS#8 back through load_private_key: the same key (its signature verifies with the
  // original's public key, and the other way round).
  auto pkcs8 = (*key)->pkcs8_der();
  ASSERT_TRUE(pkcs8.ok()) << pkcs8.error().to_string();
  EXPECT_EQ(pkcs8->data()[0], 0x30);  // a DER SEQUENCE
  auto reloaded = provider->load_private_key(pkcs8->span());
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().to_string();
  EXPECT_EQ((*reloaded)->type(), g.type);
  EXPECT_TRUE((*reloaded)->public_key()->verify(g.alg, kMessage, *signature).ok());

  // SPKI back through load_public_key.
  auto spki = (*key)->public_key()->subject_public_key_info();
  ASSERT_TRUE(spki.ok()) << spki.error().to_string();
  auto public_key = provider->load_public_key(*spki);
  ASSERT_TRUE(public_key.ok()) << public_key.error().to_string();
  EXPECT_EQ((*public_key)->type(), g.type);
  EXPECT_TRUE((*public_key)->verify(g.alg, kMessage, *signature).ok());
}

INSTANTIATE_TEST_SUITE_P(
    Types, GeneratedKey,
    ::testing::Values(Generated{KeyType::ec_p256, 256, {SignatureKind::ecdsa, HashAlg::sha256}},
                      Generated{KeyType::ec_p384, 384, {SignatureKind::ecdsa, HashAlg::sha384}},
                      Generated{KeyType::ed25519, 256, {SignatureKind::ed25519, HashAlg::sha256}},
                      Generated{KeyType::rsa, 2048, {SignatureKind::rsa_pss, HashAlg::sha256}}),
    [](const auto& info) {
      switch (info.param.type) {
        case KeyType::ec_p256: return std::string("EcP256");
        case KeyType::ec_p384: return std::string("EcP384");
        case KeyType::ed25519: return std::string("Ed25519");
        default: return std::string("Rsa2048");
      }
    });

TEST(GenerateKey, TwoKeysDiffer) {
  auto provider = openssl::make_provider();
  auto a = provider->generate_private_key(KeyType::ec_p256, 0);
  auto b = provider->generate_private_key(KeyType::ec_p256, 0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*(*a)->public_key()->subject_public_key_info(),
            *(*b)->public_key()->subject_public_key_info());
}

TEST(GenerateKey, RsaSizeOutsidePolicyIsInvalidArgument) {
  auto provider = openssl::make_provider();
  for (std::size_t bits : {1024u, 2047u, 8200u}) {
    auto key = provider->generate_private_key(KeyType::rsa, bits);
    ASSERT_FALSE(key.ok()) << bits;
    EXPECT_EQ(key.error().code, ErrorCode::invalid_argument) << bits;
  }
}

TEST(GenerateKey, RsaPssOnlyKeysAreNotGenerated) {
  auto provider = openssl::make_provider();
  auto key = provider->generate_private_key(KeyType::rsa_pss, 2048);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace tlspp::crypto
