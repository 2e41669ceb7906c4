// Public keys from raw SubjectPublicKeyInfo contents: the checks that refuse invalid keys with
// bad_key (size policy above 1024 bits belongs to x509).
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::ByteVector;
using test_support::fixture;
using test_support::fixture_text;
using test_support::tail;
using test_support::unhex;

const ByteVector kE65537 = {0x01, 0x00, 0x01};

ErrorCode rsa_import_error(const ByteVector& n, const ByteVector& e) {
  auto provider = openssl::make_provider();
  auto key = provider->import_rsa_public_key(n, e);
  return key.ok() ? ErrorCode::ok : key.error().code;
}

TEST(ImportRsa, DerSignByteBeforeTheModulusIsAccepted) {
  ByteVector n = unhex(fixture_text("rsa2048.modulus.hex"));
  n.insert(n.begin(), 0x00);  // as in the DER INTEGER
  auto provider = openssl::make_provider();
  auto key = provider->import_rsa_public_key(n, ByteVector{0x00, 0x01, 0x00, 0x01});
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->bits(), 2048u);
}

TEST(ImportRsa, InvalidModulusOrExponentIsBadKey) {
  const ByteVector n = unhex(fixture_text("rsa2048.modulus.hex"));
  ByteVector even_n = n;
  even_n.back() &= 0xfe;
  EXPECT_EQ(rsa_import_error(even_n, kE65537), ErrorCode::bad_key);
  EXPECT_EQ(rsa_import_error(n, ByteVector{}), ErrorCode::bad_key);
  EXPECT_EQ(rsa_import_error(n, ByteVector{0x00}), ErrorCode::bad_key);
  EXPECT_EQ(rsa_import_error(n, ByteVector{0x01}), ErrorCode::bad_key);
  EXPECT_EQ(rsa_import_error(n, ByteVector{0x02}), ErrorCode::bad_key);
  EXPECT_EQ(rsa_import_error(n, ByteVector{0x01, 0x00, 0x00}), ErrorCode::bad_key);  // even
  EXPECT_EQ(rsa_import_error(n, n), ErrorCode::bad_key);  // e not below n
  EXPECT_EQ(rsa_import_error(ByteVector{}, kE65537), ErrorCode::bad_key);
  EXPECT_EQ(rsa_import_error(n, ByteVector{0x03}), ErrorCode::ok);
}

TEST(ImportRsa, ModulusBelow1024BitsIsBadKey) {
  ByteVector n1016(127, 0xff);  // odd, 1016 bits
  EXPECT_EQ(rsa_import_error(n1016, kE65537), ErrorCode::bad_key);
  ByteVector n1024(128, 0xff);
  EXPECT_EQ(rsa_import_error(n1024, kE65537), ErrorCode::ok);
  ByteVector huge(2049, 0xff);  // 16392 bits
  EXPECT_EQ(rsa_import_error(huge, kE65537), ErrorCode::bad_key);
}

TEST(ImportEc, CompressedPointIsAccepted) {
  // RFC 5480 §2.2 allows the compressed form in certificates.
  const ByteVector point = tail(fixture("ec-p256.spki.der"), 65);
  ByteVector compressed(point.begin(), point.begin() + 33);
  compressed[0] = static_cast<std::uint8_t>(0x02 | (point.back() & 1));
  auto provider = openssl::make_provider();
  auto key = provider->import_ec_public_key(NamedGroup::secp256r1, compressed);
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_TRUE((*key)
                  ->verify({SignatureKind::ecdsa, HashAlg::sha256}, fixture("message.txt"),
                           fixture("ec-p256.sha256.sig"))
                  .ok());
}

TEST(ImportEc, InvalidPointIsBadKey) {
  const ByteVector point = tail(fixture("ec-p256.spki.der"), 65);
  ByteVector off_curve = point;
  off_curve.back() ^= 0x01;
  auto provider = openssl::make_provider();
  for (const ByteVector& bad :
       {off_curve, ByteVector{0x00}, ByteVector{}, ByteVector(point.begin(), point.end() - 1),
        tail(fixture("ec-p384.spki.der"), 97)}) {
    auto key = provider->import_ec_public_key(NamedGroup::secp256r1, bad);
    ASSERT_FALSE(key.ok()) << codec::to_hex(bad);
    EXPECT_EQ(key.error().code, ErrorCode::bad_key) << codec::to_hex(bad);
  }
}

TEST(ImportEc, CurveOtherThanNistIsUnsupported) {
  auto provider = openssl::make_provider();
  auto key = provider->import_ec_public_key(NamedGroup::x25519, ByteVector(32, 9));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, ErrorCode::unsupported_algorithm);
}

TEST(ImportEd25519, KeyOtherThan32BytesIsBadKey) {
  auto provider = openssl::make_provider();
  for (std::size_t size : {0u, 31u, 33u}) {
    auto key = provider->import_ed25519_public_key(ByteVector(size, 1));
    ASSERT_FALSE(key.ok()) << size;
    EXPECT_EQ(key.error().code, ErrorCode::bad_key) << size;
  }
}

}  // namespace
}  // namespace tlspp::crypto
