// TLS 1.2 RSA key exchange (RFC 5246 §7.4.7.1): decrypt_tls_premaster returns the pre-master
// secret for a well-formed ciphertext and, for every kind of malformed one, a random 48-byte
// secret with the same status and size, so that nothing tells the two apart (Bleichenbacher).
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::ByteVector;
using test_support::fixture;

// 48 bytes: the client_version, then 46 bytes.
ByteVector premaster(std::uint16_t version, std::size_t size = 48) {
  ByteVector pms(size, 0x5c);
  pms[0] = static_cast<std::uint8_t>(version >> 8);
  pms[1] = static_cast<std::uint8_t>(version);
  return pms;
}

class Premaster : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = provider_->load_private_key(fixture("rsa2048.pkcs8.pem"));
    ASSERT_TRUE(key.ok()) << key.error().to_string();
    key_ = std::move(*key);
    public_key_ = key_->public_key();
  }

  ByteVector encrypt(const ByteVector& plaintext) {
    auto ct = public_key_->encrypt_pkcs1(plaintext);
    EXPECT_TRUE(ct.ok()) << ct.error().to_string();
    return ct.ok() ? *ct : ByteVector{};
  }

  // Decrypts `ciphertext` twice and checks the behaviour seen for any invalid ciphertext: status
  // ok, 48 bytes, not the secret `must_differ_from`, and a fresh random value each time.
  void expect_random_secret(const ByteVector& ciphertext, const ByteVector& must_differ_from,
                            ProtocolVersion version = ProtocolVersion::tls1_2) {
    auto first = key_->decrypt_tls_premaster(ciphertext, version);
    auto second = key_->decrypt_tls_premaster(ciphertext, version);
    ASSERT_TRUE(first.ok()) << first.error().to_string();
    ASSERT_TRUE(second.ok()) << second.error().to_string();
    EXPECT_EQ(first->size(), 48u);
    EXPECT_EQ(second->size(), 48u);
    EXPECT_FALSE(codec::ct_equal(*first, must_differ_from));
    EXPECT_FALSE(codec::ct_equal(*first, *second)) << "the substitute secret must be random";
  }

  std::shared_ptr<Provider> provider_ = openssl::make_provider();
  std::unique_ptr<PrivateKey> key_;
  std::unique_ptr<PublicKey> public_key_;
};

TEST_F(Premaster, WellFormedCiphertextGivesThePremasterSecret) {
  const ByteVector pms = premaster(0x0303);
  auto secret = key_->decrypt_tls_premaster(encrypt(pms), ProtocolVersion::tls1_2);
  ASSERT_TRUE(secret.ok()) << secret.error().to_string();
  EXPECT_EQ(codec::to_hex(*secret), codec::to_hex(pms));
}

TEST_F(Premaster, CiphertextMadeByTheOpensslCliGivesThePremasterSecret) {
  auto secret =
      key_->decrypt_tls_premaster(fixture("premaster-valid.bin"), ProtocolVersion::tls1_2);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(codec::to_hex(*secret), codec::to_hex(fixture("premaster.bin")));
}

TEST_F(Premaster, WrongVersionBytesGiveARandomSecret) {
  // RFC 5246 §7.4.7.1: the version must be ClientHello.client_version, checked in constant time.
  const ByteVector tls10 = premaster(0x0301);
  expect_random_secret(encrypt(tls10), tls10);
  const ByteVector tls12 = premaster(0x0303);
  expect_random_secret(encrypt(tls12), tls12, ProtocolVersion::tls1_1);
}

TEST_F(Premaster, WrongLengthGivesARandomSecret) {
  const ByteVector shorter = premaster(0x0303, 47);
  const ByteVector longer = premaster(0x0303, 49);
  expect_random_secret(encrypt(shorter), premaster(0x0303));
  expect_random_secret(encrypt(longer), ByteVector(longer.end() - 48, longer.end()));
  expect_random_secret(encrypt(ByteVector{}), premaster(0x0303));
}

TEST_F(Premaster, BadPaddingGivesARandomSecret) {
  // Raw RSA over crafted blocks that carry premaster.bin (scripts/gen-test-keys).
  const ByteVector inside = fixture("premaster.bin");
  expect_random_secret(fixture("premaster-block-type-1.bin"), inside);
  expect_random_secret(fixture("premaster-zero-in-padding.bin"), inside);
  expect_random_secret(fixture("premaster-no-separator.bin"), inside);
}

TEST_F(Premaster, GarbageAndPubliclyInvalidCiphertextsGiveARandomSecret) {
  const ByteVector pms = premaster(0x0303);
  expect_random_secret(ByteVector(256, 0x5a), pms);  // below the modulus, decrypts to noise
  expect_random_secret(ByteVector(256, 0xff), pms);  // not below the modulus
  expect_random_secret(ByteVector(257, 0x01), pms);  // longer than the modulus
  expect_random_secret(ByteVector(10, 0x42), pms);   // short
  expect_random_secret(ByteVector{}, pms);           // empty
  ByteVector flipped = encrypt(pms);
  flipped[100] ^= 0x01;
  expect_random_secret(flipped, pms);
}

TEST_F(Premaster, NonRsaKeysAreUnsupported) {
  for (const char* file : {"ec-p256.pkcs8.pem", "rsa-pss2048.pkcs8.pem"}) {
    auto key = provider_->load_private_key(fixture(file));
    ASSERT_TRUE(key.ok());
    auto secret = (*key)->decrypt_tls_premaster(ByteVector(256, 1), ProtocolVersion::tls1_2);
    ASSERT_FALSE(secret.ok()) << file;
    EXPECT_EQ(secret.error().code, ErrorCode::unsupported_algorithm) << file;
    auto ct = (*key)->public_key()->encrypt_pkcs1(premaster(0x0303));
    ASSERT_FALSE(ct.ok()) << file;
    EXPECT_EQ(ct.error().code, ErrorCode::unsupported_algorithm) << file;
  }
}

TEST_F(Premaster, EncryptingMoreThanTheModulusAllowsFails) {
  // RFC 8017 §7.2.1: mLen <= k - 11.
  EXPECT_TRUE(public_key_->encrypt_pkcs1(ByteVector(245, 1)).ok());
  auto too_long = public_key_->encrypt_pkcs1(ByteVector(246, 1));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace tlspp::crypto
