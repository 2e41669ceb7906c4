// Signatures: sign and verify for every scheme with the fixture keys, failures (wrong message,
// corrupted signature, algorithm that does not fit the key), signatures made by the openssl CLI,
// and verification through public keys imported from raw SubjectPublicKeyInfo contents.
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::bytes_of;
using test_support::ByteVector;
using test_support::fixture;
using test_support::tail;
using test_support::unhex;

std::unique_ptr<PrivateKey> load_private(Provider& p, std::string_view file) {
  auto key = p.load_private_key(fixture(file));
  EXPECT_TRUE(key.ok()) << file << ": " << key.error().to_string();
  return key.ok() ? std::move(*key) : nullptr;
}

std::unique_ptr<PublicKey> load_public(Provider& p, std::string_view file) {
  auto key = p.load_public_key(fixture(file));
  EXPECT_TRUE(key.ok()) << file << ": " << key.error().to_string();
  return key.ok() ? std::move(*key) : nullptr;
}

struct Case {
  const char* name;
  const char* key_file;
  SignatureAlgorithm alg;
};

const Case kCases[] = {
    {"RsaPkcs1Sha256", "rsa2048.pkcs8.pem", {SignatureKind::rsa_pkcs1, HashAlg::sha256}},
    {"RsaPkcs1Sha384", "rsa2048.pkcs8.pem", {SignatureKind::rsa_pkcs1, HashAlg::sha384}},
    {"RsaPkcs1Sha512", "rsa2048.pkcs8.pem", {SignatureKind::rsa_pkcs1, HashAlg::sha512}},
    {"RsaPssRsaeSha256", "rsa2048.pkcs8.pem", {SignatureKind::rsa_pss, HashAlg::sha256}},
    {"RsaPssRsaeSha384", "rsa2048.pkcs8.pem", {SignatureKind::rsa_pss, HashAlg::sha384}},
    {"RsaPssRsaeSha512", "rsa2048.pkcs8.pem", {SignatureKind::rsa_pss, HashAlg::sha512}},
    {"RsaPssPssSha256", "rsa-pss2048.pkcs8.pem", {SignatureKind::rsa_pss, HashAlg::sha256}},
    {"RsaPssPssSha512", "rsa-pss2048.pkcs8.pem", {SignatureKind::rsa_pss, HashAlg::sha512}},
    {"Rsa1024PssSha256", "rsa1024.pkcs8.pem", {SignatureKind::rsa_pss, HashAlg::sha256}},
    {"EcdsaP256Sha256", "ec-p256.pkcs8.pem", {SignatureKind::ecdsa, HashAlg::sha256}},
    {"EcdsaP384Sha384", "ec-p384.pkcs8.pem", {SignatureKind::ecdsa, HashAlg::sha384}},
    {"EcdsaP521Sha512", "ec-p521.pkcs8.pem", {SignatureKind::ecdsa, HashAlg::sha512}},
    {"EcdsaP384Sha256", "ec-p384.pkcs8.pem", {SignatureKind::ecdsa, HashAlg::sha256}},  // X.509
    {"Ed25519", "ed25519.pkcs8.pem", {SignatureKind::ed25519, HashAlg::sha512}},
};

class Signature : public ::testing::TestWithParam<Case> {
 protected:
  std::shared_ptr<Provider> provider_ = openssl::make_provider();
};

TEST_P(Signature, SignedMessageVerifies) {
  auto key = load_private(*provider_, GetParam().key_file);
  ASSERT_TRUE(key);
  const ByteVector message = bytes_of("TLS 1.3, server CertificateVerify");
  auto signature = key->sign(GetParam().alg, message);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  EXPECT_FALSE(signature->empty());
  auto status = key->public_key()->verify(GetParam().alg, message, *signature);
  EXPECT_TRUE(status.ok()) << status.error().to_string();
}

TEST_P(Signature, OtherMessageIsBadSignature) {
  auto key = load_private(*provider_, GetParam().key_file);
  ASSERT_TRUE(key);
  auto signature = key->sign(GetParam().alg, bytes_of("message one"));
  ASSERT_TRUE(signature.ok());
  auto status = key->public_key()->verify(GetParam().alg, bytes_of("message two"), *signature);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::bad_signature);
  EXPECT_EQ(status.error().alert, AlertDescription::decrypt_error);
}

TEST_P(Signature, CorruptedTruncatedOrEmptySignatureIsBadSignature) {
  auto key = load_private(*provider_, GetParam().key_file);
  ASSERT_TRUE(key);
  const ByteVector message = bytes_of("message");
  auto signature = key->sign(GetParam().alg, message);
  ASSERT_TRUE(signature.ok());
  ByteVector corrupted = *signature;
  corrupted[corrupted.size() / 2] ^= 0x10;
  ByteVector truncated(signature->begin(), signature->end() - 1);
  for (const ByteVector& bad : {corrupted, truncated, ByteVector{}}) {
    auto status = key->public_key()->verify(GetParam().alg, message, bad);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::bad_signature);
  }
}

INSTANTIATE_TEST_SUITE_P(Schemes, Signature, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SignatureDetails, EcdsaSignaturesAreDerEncoded) {
  // RFC 8446 §4.2.3: ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, DER.
  auto provider = openssl::make_provider();
  auto key = load_private(*provider, "ec-p256.pkcs8.pem");
  auto signature = key->sign({SignatureKind::ecdsa, HashAlg::sha256}, bytes_of("m"));
  ASSERT_TRUE(signature.ok());
  ASSERT_GE(signature->size(), 8u);
  EXPECT_EQ((*signature)[0], 0x30);
  EXPECT_EQ((*signature)[1], signature->size() - 2);
  EXPECT_EQ((*signature)[2], 0x02);
}

TEST(SignatureDetails, Ed25519IsDeterministicAndPssIsRandomized) {
  auto provider = openssl::make_provider();
  auto ed = load_private(*provider, "ed25519.pkcs8.pem");
  auto rsa = load_private(*provider, "rsa2048.pkcs8.pem");
  const SignatureAlgorithm eddsa{SignatureKind::ed25519, HashAlg::sha512};
  const SignatureAlgorithm pss{SignatureKind::rsa_pss, HashAlg::sha256};
  EXPECT_EQ(*ed->sign(eddsa, bytes_of("m")), *ed->sign(eddsa, bytes_of("m")));
  EXPECT_EQ(ed->sign(eddsa, bytes_of("m"))->size(), 64u);
  EXPECT_NE(*rsa->sign(pss, bytes_of("m")), *rsa->sign(pss, bytes_of("m")));
}

TEST(SignatureDetails, PssSaltLengthIsPartOfTheAlgorithm) {
  // RFC 8446 §4.2.3: salt length = digest length; X.509 may state another (RFC 4055).
  auto provider = openssl::make_provider();
  auto key = load_private(*provider, "rsa2048.pkcs8.pem");
  const SignatureAlgorithm salt20{SignatureKind::rsa_pss, HashAlg::sha256, 20};
  const SignatureAlgorithm salt_default{SignatureKind::rsa_pss, HashAlg::sha256};
  auto signature = key->sign(salt20, bytes_of("m"));
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(key->public_key()->verify(salt20, bytes_of("m"), *signature).ok());
  auto mismatch = key->public_key()->verify(salt_default, bytes_of("m"), *signature);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, ErrorCode::bad_signature);
}

TEST(SignatureDetails, AlgorithmThatDoesNotFitTheKeyIsUnsupported) {
  auto provider = openssl::make_provider();
  struct Mismatch {
    const char* key_file;
    SignatureAlgorithm alg;
  };
  const Mismatch mismatches[] = {
      {"ec-p256.pkcs8.pem", {SignatureKind::rsa_pkcs1, HashAlg::sha256}},
      {"ec-p256.pkcs8.pem", {SignatureKind::ed25519, HashAlg::sha512}},
      {"rsa2048.pkcs8.pem", {SignatureKind::ecdsa, HashAlg::sha256}},
      {"rsa-pss2048.pkcs8.pem", {SignatureKind::rsa_pkcs1, HashAlg::sha256}},  // PSS-only key
      {"ed25519.pkcs8.pem", {SignatureKind::ecdsa, HashAlg::sha256}},
  };
  for (const auto& m : mismatches) {
    auto key = load_private(*provider, m.key_file);
    ASSERT_TRUE(key);
    auto signature = key->sign(m.alg, bytes_of("m"));
    ASSERT_FALSE(signature.ok()) << m.key_file;
    EXPECT_EQ(signature.error().code, ErrorCode::unsupported_algorithm) << m.key_file;
    auto status = key->public_key()->verify(m.alg, bytes_of("m"), ByteVector(64, 1));
    ASSERT_FALSE(status.ok()) << m.key_file;
    EXPECT_EQ(status.error().code, ErrorCode::unsupported_algorithm) << m.key_file;
  }
}

// Signatures made by the openssl CLI (scripts/gen-test-keys) over message.txt.
struct CliSignature {
  const char* name;
  const char* public_key_file;
  const char* signature_file;
  SignatureAlgorithm alg;
};

class OpensslCliSignature : public ::testing::TestWithParam<CliSignature> {};

TEST_P(OpensslCliSignature, VerifiesAndRejectsAnotherMessage) {
  auto provider = openssl::make_provider();
  auto key = load_public(*provider, GetParam().public_key_file);
  ASSERT_TRUE(key);
  const ByteVector message = fixture("message.txt");
  const ByteVector signature = fixture(GetParam().signature_file);
  auto status = key->verify(GetParam().alg, message, signature);
  EXPECT_TRUE(status.ok()) << status.error().to_string();
  ByteVector other = message;
  other.push_back('!');
  auto bad = key->verify(GetParam().alg, other, signature);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::bad_signature);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, OpensslCliSignature,
                         ::testing::Values(CliSignature{"RsaPkcs1Sha256",
                                                        "rsa2048.spki.pem",
                                                        "rsa2048.pkcs1-sha256.sig",
                                                        {SignatureKind::rsa_pkcs1,
                                                         HashAlg::sha256}},
                                           CliSignature{"RsaPssSha384",
                                                        "rsa2048.spki.der",
                                                        "rsa2048.pss-sha384.sig",
                                                        {SignatureKind::rsa_pss, HashAlg::sha384}},
                                           CliSignature{"EcdsaP256Sha256",
                                                        "ec-p256.spki.der",
                                                        "ec-p256.sha256.sig",
                                                        {SignatureKind::ecdsa, HashAlg::sha256}},
                                           CliSignature{"EcdsaP384Sha384",
                                                        "ec-p384.spki.der",
                                                        "ec-p384.sha384.sig",
                                                        {SignatureKind::ecdsa, HashAlg::sha384}},
                                           CliSignature{"Ed25519",
                                                        "ed25519.spki.der",
                                                        "ed25519.sig",
                                                        {SignatureKind::ed25519, HashAlg::sha512}}),
                         [](const auto& info) { return std::string(info.param.name); });

// --- Public keys imported from raw SubjectPublicKeyInfo contents.

TEST(ImportedPublicKey, RsaFromModulusAndExponentVerifies) {
  auto provider = openssl::make_provider();
  const ByteVector modulus = unhex(test_support::fixture_text("rsa2048.modulus.hex"));
  auto key = provider->import_rsa_public_key(modulus, ByteVector{0x01, 0x00, 0x01});
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), KeyType::rsa);
  EXPECT_EQ((*key)->bits(), 2048u);
  const SignatureAlgorithm alg{SignatureKind::rsa_pkcs1, HashAlg::sha256};
  EXPECT_TRUE(
      (*key)->verify(alg, fixture("message.txt"), fixture("rsa2048.pkcs1-sha256.sig")).ok());
}

TEST(ImportedPublicKey, EcPointsVerify) {
  auto provider = openssl::make_provider();
  // The SPKI DER of a named-curve key ends with the uncompressed point.
  auto p256 =
      provider->import_ec_public_key(NamedGroup::secp256r1, tail(fixture("ec-p256.spki.der"), 65));
  auto p384 =
      provider->import_ec_public_key(NamedGroup::secp384r1, tail(fixture("ec-p384.spki.der"), 97));
  ASSERT_TRUE(p256.ok()) << p256.error().to_string();
  ASSERT_TRUE(p384.ok()) << p384.error().to_string();
  EXPECT_EQ((*p256)->type(), KeyType::ec_p256);
  EXPECT_EQ((*p384)->type(), KeyType::ec_p384);
  EXPECT_EQ((*p256)->bits(), 256u);
  EXPECT_TRUE((*p256)
                  ->verify({SignatureKind::ecdsa, HashAlg::sha256}, fixture("message.txt"),
                           fixture("ec-p256.sha256.sig"))
                  .ok());
  EXPECT_TRUE((*p384)
                  ->verify({SignatureKind::ecdsa, HashAlg::sha384}, fixture("message.txt"),
                           fixture("ec-p384.sha384.sig"))
                  .ok());
}

TEST(ImportedPublicKey, Ed25519RawKeyVerifies) {
  auto provider = openssl::make_provider();
  auto key = provider->import_ed25519_public_key(tail(fixture("ed25519.spki.der"), 32));
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), KeyType::ed25519);
  EXPECT_TRUE((*key)
                  ->verify({SignatureKind::ed25519, HashAlg::sha512}, fixture("message.txt"),
                           fixture("ed25519.sig"))
                  .ok());
}

}  // namespace
}  // namespace tlspp::crypto
