// AEAD known answers through the provider's Aead (keyed once, sealing and opening in place):
// - AES-GCM: test cases 2-4 (AES-128) and 14-16 (AES-256) of D. McGrew and J. Viega, "The
//   Galois/Counter Mode of Operation (GCM)", Appendix B (the 96-bit IV cases), copied below.
// - ChaCha20-Poly1305: RFC 8439 §2.8.2 and Appendix A.5, read from the RFC text.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codec/hex.h"
#include "crypto/openssl/openssl_provider.h"
#include "spec_text.h"

namespace tlspp::kat {
namespace {

using crypto::AeadAlg;
using Bytes = std::vector<std::uint8_t>;

Bytes unhex(std::string_view s) { return codec::from_hex(s).value(); }

struct Vector {
  const char* name;
  AeadAlg alg;
  const char* key;
  const char* iv;
  const char* plaintext;
  const char* aad;
  const char* ciphertext;
  const char* tag;
};

// Seals `v.plaintext` and opens the result, comparing with the vector at each step.
void check_vector(crypto::Provider& p, const Bytes& key, const Bytes& nonce, const Bytes& aad,
                  const Bytes& plaintext, const Bytes& ciphertext, const Bytes& tag, AeadAlg alg) {
  auto aead = p.new_aead(alg, key);
  ASSERT_TRUE(aead.ok()) << aead.error().to_string();
  Bytes buffer = plaintext;
  Bytes computed_tag(crypto::kAeadTagSize);
  ASSERT_TRUE((*aead)->seal(nonce, aad, buffer, computed_tag).ok());
  EXPECT_EQ(codec::to_hex(buffer), codec::to_hex(ciphertext));
  EXPECT_EQ(codec::to_hex(computed_tag), codec::to_hex(tag));
  auto opened = (*aead)->open(nonce, aad, buffer, tag);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(codec::to_hex(buffer), codec::to_hex(plaintext));
}

constexpr const char* kGcmPlaintext64 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
constexpr const char* kGcmPlaintext60 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
constexpr const char* kGcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

const Vector kGcmVectors[] = {
    {"TestCase2", AeadAlg::aes_128_gcm, "00000000000000000000000000000000",
     "000000000000000000000000", "00000000000000000000000000000000", "",
     "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
    {"TestCase3", AeadAlg::aes_128_gcm, "feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", kGcmPlaintext64, "",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {"TestCase4", AeadAlg::aes_128_gcm, "feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", kGcmPlaintext60, kGcmAad,
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"TestCase14", AeadAlg::aes_256_gcm,
     "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
     "00000000000000000000000000000000", "", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"TestCase15", AeadAlg::aes_256_gcm,
     "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
     kGcmPlaintext64, "",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"TestCase16", AeadAlg::aes_256_gcm,
     "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
     kGcmPlaintext60, kGcmAad,
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

class GcmSpec : public ::testing::TestWithParam<Vector> {};

TEST_P(GcmSpec, SealAndOpenMatchTheVector) {
  const Vector& v = GetParam();
  auto provider = crypto::openssl::make_provider();
  check_vector(*provider, unhex(v.key), unhex(v.iv), unhex(v.aad), unhex(v.plaintext),
               unhex(v.ciphertext), unhex(v.tag), v.alg);
}

INSTANTIATE_TEST_SUITE_P(McGrewViega, GcmSpec, ::testing::ValuesIn(kGcmVectors),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Rfc8439, Section2_8_2AeadTestVector) {
  SpecText spec("rfc8439.txt");
  SpecText s = spec.section("2.8.2.  Example and Test Vector", "3.  Implementation Advice");
  const Bytes plaintext = s.hexdump("Plaintext:");
  const Bytes aad = s.hexdump("AAD:");
  const Bytes key = s.hexdump("Key:");
  const Bytes iv = s.hexdump("IV:");
  const Bytes fixed = s.hexdump("32-bit fixed-common part:");
  const Bytes ciphertext = s.hexdump("Ciphertext:");
  const Bytes tag = s.hexdump("Tag:");
  ASSERT_EQ(plaintext.size(), 114u);
  ASSERT_EQ(key.size(), 32u);
  ASSERT_EQ(tag.size(), 16u);
  // §2.8.2: the 96-bit nonce is the 32-bit constant followed by the 64-bit IV.
  Bytes nonce = fixed;
  nonce.insert(nonce.end(), iv.begin(), iv.end());
  ASSERT_EQ(nonce.size(), 12u);
  auto provider = crypto::openssl::make_provider();
  check_vector(*provider, key, nonce, aad, plaintext, ciphertext, tag, AeadAlg::chacha20_poly1305);
}

TEST(Rfc8439, AppendixA5Decryption) {
  SpecText spec("rfc8439.txt");
  SpecText s = spec.section("A.5.  ChaCha20-Poly1305 AEAD Decryption", "Appendix B.");
  const Bytes key = s.hexdump("The ChaCha20 Key");
  const Bytes ciphertext = s.hexdump("Ciphertext:");
  const Bytes nonce = s.hexdump("The nonce:");
  const Bytes aad = s.hexdump("The AAD:");
  const Bytes tag = s.hexdump("Received Tag:");
  const Bytes plaintext = s.hexdump("Plaintext::");
  ASSERT_EQ(ciphertext.size(), 265u);
  ASSERT_EQ(plaintext.size(), 265u);
  auto provider = crypto::openssl::make_provider();
  auto aead = provider->new_aead(AeadAlg::chacha20_poly1305, key);
  ASSERT_TRUE(aead.ok());
  Bytes buffer = ciphertext;
  auto opened = (*aead)->open(nonce, aad, buffer, tag);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(codec::to_hex(buffer), codec::to_hex(plaintext));
  EXPECT_EQ(std::string(buffer.begin(), buffer.begin() + 15), "Internet-Drafts");
}

}  // namespace
}  // namespace tlspp::kat
