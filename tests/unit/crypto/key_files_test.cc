// Key files: every PEM and DER form the provider loads (PKCS#8, SEC1, PKCS#1, SPKI), and the
// bad_key_file reasons for what it refuses.
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::bytes_of;
using test_support::ByteVector;
using test_support::fixture;

struct KeyFile {
  const char* file;
  KeyType type;
  std::size_t bits;
};

class PrivateKeyFile : public ::testing::TestWithParam<KeyFile> {};

TEST_P(PrivateKeyFile, LoadsWithItsTypeAndSize) {
  auto provider = openssl::make_provider();
  auto key = provider->load_private_key(fixture(GetParam().file));
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), GetParam().type);
  EXPECT_EQ((*key)->bits(), GetParam().bits);
  EXPECT_EQ((*key)->public_key()->type(), GetParam().type);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, PrivateKeyFile,
    ::testing::Values(KeyFile{"rsa2048.pkcs8.pem", KeyType::rsa, 2048},
                      KeyFile{"rsa2048.pkcs8.der", KeyType::rsa, 2048},
                      KeyFile{"rsa2048.pkcs1.pem", KeyType::rsa, 2048},
                      KeyFile{"rsa2048.pkcs1.der", KeyType::rsa, 2048},
                      KeyFile{"rsa1024.pkcs8.pem", KeyType::rsa, 1024},
                      KeyFile{"rsa-pss2048.pkcs8.pem", KeyType::rsa_pss, 2048},
                      KeyFile{"ec-p256.pkcs8.pem", KeyType::ec_p256, 256},
                      KeyFile{"ec-p256.pkcs8.der", KeyType::ec_p256, 256},
                      KeyFile{"ec-p256.sec1.pem", KeyType::ec_p256, 256},
                      KeyFile{"ec-p256.sec1.der", KeyType::ec_p256, 256},
                      KeyFile{"ec-p256.sec1-with-params.pem", KeyType::ec_p256, 256},
                      KeyFile{"ec-p384.pkcs8.pem", KeyType::ec_p384, 384},
                      KeyFile{"ec-p521.pkcs8.pem", KeyType::ec_p521, 521},
                      KeyFile{"ed25519.pkcs8.pem", KeyType::ed25519, 256},
                      KeyFile{"ed25519.pkcs8.der", KeyType::ed25519, 256}),
    [](const auto& info) {
      std::string name = info.param.file;
      std::erase_if(name, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); });
      return name;
    });

class PublicKeyFile : public ::testing::TestWithParam<KeyFile> {};

TEST_P(PublicKeyFile, LoadsWithItsTypeAndSize) {
  auto provider = openssl::make_provider();
  auto key = provider->load_public_key(fixture(GetParam().file));
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ((*key)->type(), GetParam().type);
  EXPECT_EQ((*key)->bits(), GetParam().bits);
}

INSTANTIATE_TEST_SUITE_P(Forms, PublicKeyFile,
                         ::testing::Values(KeyFile{"rsa2048.spki.pem", KeyType::rsa, 2048},
                                           KeyFile{"rsa2048.spki.der", KeyType::rsa, 2048},
                                           KeyFile{"rsa2048.pkcs1-public.pem", KeyType::rsa, 2048},
                                           KeyFile{"rsa2048.pkcs1-public.der", KeyType::rsa, 2048},
                                           KeyFile{"ec-p256.spki.pem", KeyType::ec_p256, 256},
                                           KeyFile{"ec-p256.spki.der", KeyType::ec_p256, 256},
                                           KeyFile{"ec-p521.spki.der", KeyType::ec_p521, 521},
                                           KeyFile{"ed25519.spki.der", KeyType::ed25519, 256}),
                         [](const auto& info) {
                           std::string name = info.param.file;
                           std::erase_if(name, [](char c) {
                             return !std::isalnum(static_cast<unsigned char>(c));
                           });
                           return name;
                         });

TEST(KeyFiles, EveryFormOfTheRsaKeyIsTheSameKey) {
  // RSASSA-PKCS1-v1_5 is deterministic: the same key gives the same signature.
  auto provider = openssl::make_provider();
  const SignatureAlgorithm alg{SignatureKind::rsa_pkcs1, HashAlg::sha256};
  ByteVector reference;
  for (const char* file :
       {"rsa2048.pkcs8.pem", "rsa2048.pkcs8.der", "rsa2048.pkcs1.pem", "rsa2048.pkcs1.der"}) {
    auto key = provider->load_private_key(fixture(file));
    ASSERT_TRUE(key.ok()) << file;
    auto signature = (*key)->sign(alg, bytes_of("same key"));
    ASSERT_TRUE(signature.ok()) << file;
    if (reference.empty()) reference = *signature;
    EXPECT_EQ(*signature, reference) << file;
  }
  for (const char* file : {"rsa2048.spki.pem", "rsa2048.spki.der", "rsa2048.pkcs1-public.pem",
                           "rsa2048.pkcs1-public.der"}) {
    auto key = provider->load_public_key(fixture(file));
    ASSERT_TRUE(key.ok()) << file;
    EXPECT_TRUE((*key)->verify(alg, bytes_of("same key"), reference).ok()) << file;
  }
}

// A refused input: bad_key_file, with `reason_part` in the reason.
struct Refused {
  const char* name;
  ByteVector input;
  bool private_key;
  const char* reason_part;
};

class RefusedKeyFile : public ::testing::TestWithParam<Refused> {};

TEST_P(RefusedKeyFile, IsBadKeyFileWithAReason) {
  auto provider = openssl::make_provider();
  const Refused& r = GetParam();
  const Error error = r.private_key ? provider->load_private_key(r.input).error()
                                    : provider->load_public_key(r.input).error();
  EXPECT_EQ(error.code, ErrorCode::bad_key_file);
  EXPECT_NE(error.reason.find(r.reason_part), std::string::npos) << error.reason;
}

ByteVector truncated(ByteVector v) {
  v.resize(v.size() / 2);
  return v;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, RefusedKeyFile,
    ::testing::Values(
        Refused{"EncryptedPkcs8", fixture("ec-p256.encrypted.pem"), true, "encrypted"},
        Refused{"Ed448", fixture("ed448.pkcs8.pem"), true, "ED448"},
        Refused{"PublicKeyAsPrivate", fixture("rsa2048.spki.pem"), true,
                "no PEM private key block"},
        Refused{"PrivateKeyAsPublic", fixture("ec-p256.pkcs8.pem"), false,
                "no PEM public key block"},
        Refused{"EmptyInput", {}, true, "not a supported private key"},
        Refused{"Garbage", bytes_of("hello, world"), true, "not a supported private key"},
        Refused{"TruncatedDer", truncated(fixture("rsa2048.pkcs8.der")), true,
                "not a supported private key"},
        Refused{"BrokenPemBody",
                bytes_of("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), true,
                "PEM PRIVATE KEY is not a supported private key"},
        Refused{"CertificateOnly",
                bytes_of("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), true,
                "(blocks: CERTIFICATE)"},
        Refused{"GarbagePublic", bytes_of("hello"), false, "not a supported public key"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tlspp::crypto
