// AEAD contexts: in-place round trips with one context reused across records, authentication
// failures (which zero the buffer), and argument checks.
#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/openssl/openssl_provider.h"
#include "fixtures.h"

namespace tlspp::crypto {
namespace {

using test_support::ByteVector;

ByteVector pattern(std::size_t n, std::uint8_t seed) {
  ByteVector v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(seed + i * 31);
  return v;
}

ByteVector nonce_for(std::uint64_t sequence) {
  ByteVector nonce(kAeadNonceSize, 0xa5);
  for (int i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<std::uint8_t>(sequence >> (8 * i));
  return nonce;
}

// A test-name-safe name for `alg`.
std::string alg_id(AeadAlg alg) {
  switch (alg) {
    case AeadAlg::aes_128_gcm: return "Aes128Gcm";
    case AeadAlg::aes_256_gcm: return "Aes256Gcm";
    case AeadAlg::chacha20_poly1305: return "ChaCha20Poly1305";
  }
  return "Unknown";
}

bool all_zero(const ByteVector& v) {
  return std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; });
}

class AeadTest : public ::testing::TestWithParam<AeadAlg> {
 protected:
  std::unique_ptr<Aead> make(std::uint8_t key_byte = 0x4b) {
    auto aead = provider_->new_aead(GetParam(), ByteVector(aead_key_size(GetParam()), key_byte));
    EXPECT_TRUE(aead.ok()) << aead.error().to_string();
    return aead.ok() ? std::move(*aead) : nullptr;
  }

  std::shared_ptr<Provider> provider_ = openssl::make_provider();
};

// seal() with a head: the head is read from elsewhere, the tail is already in the output. The
// result equals an in-place seal of head || tail, for head/tail splits that do and do not fall on
// a block boundary, below and above the size from which the provider encrypts the head in an
// update of its own instead of copying it in front of the tail (2 KiB).
TEST_P(AeadTest, SealFromHeadEqualsInPlaceSealOfTheWholePlaintext) {
  auto aead = make();
  ASSERT_TRUE(aead);
  const ByteVector aad = {0x17, 0x03, 0x03, 0x04, 0x11};
  for (std::size_t head_size : {0u, 1u, 15u, 16u, 1000u, 1024u, 2048u, 4097u, 16384u}) {
    for (std::size_t tail_size : {0u, 1u, 17u}) {
      const ByteVector plaintext = pattern(head_size + tail_size, 7);
      ByteVector in_place = plaintext;
      ByteVector in_place_tag(kAeadTagSize);
      ASSERT_TRUE(aead->seal(nonce_for(3), aad, in_place, in_place_tag).ok());

      const ByteVector head(plaintext.begin(), plaintext.begin() + head_size);
      ByteVector out(plaintext.size(), 0xee);  // the head's room holds garbage
      std::copy(plaintext.begin() + head_size, plaintext.end(), out.begin() + head_size);
      ByteVector tag(kAeadTagSize);
      ASSERT_TRUE(aead->seal(nonce_for(3), aad, head, out, tag).ok());
      EXPECT_EQ(out, in_place) << head_size << "+" << tail_size;
      EXPECT_EQ(tag, in_place_tag) << head_size << "+" << tail_size;
    }
  }
}

TEST_P(AeadTest, SealRefusesAHeadLongerThanTheOutput) {
  auto aead = make();
  ASSERT_TRUE(aead);
  const ByteVector head(20, 1);
  ByteVector out(19);
  ByteVector tag(kAeadTagSize);
  auto sealed = aead->seal(nonce_for(0), {}, head, out, tag);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::invalid_argument);
}

TEST_P(AeadTest, RecordsRoundTripThroughOneContextEach) {
  auto sender = make();
  auto receiver = make();
  ASSERT_TRUE(sender && receiver);
  EXPECT_EQ(sender->alg(), GetParam());
  const ByteVector aad = {0x17, 0x03, 0x03, 0x40, 0x11};
  std::uint64_t sequence = 0;
  for (std::size_t size : {0u, 1u, 15u, 16u, 17u, 1024u, 16384u + 256u}) {
    const ByteVector plaintext = pattern(size, static_cast<std::uint8_t>(size));
    ByteVector record = plaintext;
    ByteVector tag(kAeadTagSize);
    ASSERT_TRUE(sender->seal(nonce_for(sequence), aad, record, tag).ok()) << size;
    if (size >= 16) {
      EXPECT_NE(record, plaintext) << size;
    }
    auto opened = receiver->open(nonce_for(sequence), aad, record, tag);
    ASSERT_TRUE(opened.ok()) << size << ": " << opened.error().to_string();
    EXPECT_EQ(record, plaintext) << size;
    ++sequence;
  }
}

TEST_P(AeadTest, OneContextMaySealAndOpenAlternately) {
  auto aead = make();
  ASSERT_TRUE(aead);
  for (std::uint64_t i = 0; i < 4; ++i) {
    const ByteVector plaintext = pattern(100, static_cast<std::uint8_t>(i));
    ByteVector record = plaintext;
    ByteVector tag(kAeadTagSize);
    ASSERT_TRUE(aead->seal(nonce_for(i), {}, record, tag).ok());
    ASSERT_TRUE(aead->open(nonce_for(i), {}, record, tag).ok());
    EXPECT_EQ(record, plaintext);
  }
}

TEST_P(AeadTest, SameKeyAndNonceGiveTheSameCiphertext) {
  auto a = make();
  auto b = make();
  ByteVector ra = pattern(64, 1), rb = pattern(64, 1);
  ByteVector ta(kAeadTagSize), tb(kAeadTagSize);
  ASSERT_TRUE(a->seal(nonce_for(9), {}, ra, ta).ok());
  ASSERT_TRUE(b->seal(nonce_for(9), {}, rb, tb).ok());
  EXPECT_EQ(ra, rb);
  EXPECT_EQ(ta, tb);
}

// Each way of corrupting a sealed record: open fails with aead_open_failed and zeroes the buffer.
enum class Tamper { tag, ciphertext, aad, nonce, key };

class AeadTamperTest : public ::testing::TestWithParam<std::tuple<AeadAlg, Tamper>> {};

std::string tamper_test_name(const ::testing::TestParamInfo<std::tuple<AeadAlg, Tamper>>& info) {
  static const char* const kTamper[] = {"Tag", "Ciphertext", "Aad", "Nonce", "Key"};
  return alg_id(std::get<0>(info.param)) + kTamper[static_cast<int>(std::get<1>(info.param))];
}

TEST_P(AeadTamperTest, OpenFailsAndZeroesTheBuffer) {
  const auto [alg, tamper] = GetParam();
  auto provider = openssl::make_provider();
  auto sender = provider->new_aead(alg, ByteVector(aead_key_size(alg), 1));
  auto receiver =
      provider->new_aead(alg, ByteVector(aead_key_size(alg), tamper == Tamper::key ? 2 : 1));
  ASSERT_TRUE(sender.ok() && receiver.ok());
  ByteVector aad = {1, 2, 3, 4, 5};
  ByteVector record = pattern(300, 7);
  ByteVector tag(kAeadTagSize);
  ByteVector nonce = nonce_for(5);
  ASSERT_TRUE((*sender)->seal(nonce, aad, record, tag).ok());
  switch (tamper) {
    case Tamper::tag: tag[15] ^= 0x01; break;
    case Tamper::ciphertext: record[150] ^= 0x80; break;
    case Tamper::aad: aad[0] ^= 0x01; break;
    case Tamper::nonce: nonce = nonce_for(6); break;
    case Tamper::key: break;
  }
  auto opened = (*receiver)->open(nonce, aad, record, tag);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::aead_open_failed);
  EXPECT_EQ(opened.error().alert, AlertDescription::bad_record_mac);
  EXPECT_TRUE(all_zero(record)) << "unauthenticated plaintext was released";

  // The context is still usable for the next, genuine record.
  ByteVector good = pattern(40, 9);
  ByteVector good_tag(kAeadTagSize);
  ASSERT_TRUE((*sender)->seal(nonce_for(7), {}, good, good_tag).ok());
  if (tamper != Tamper::key) {
    ASSERT_TRUE((*receiver)->open(nonce_for(7), {}, good, good_tag).ok());
    EXPECT_EQ(good, pattern(40, 9));
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllAeads, AeadTamperTest,
    ::testing::Combine(::testing::Values(AeadAlg::aes_128_gcm, AeadAlg::aes_256_gcm,
                                         AeadAlg::chacha20_poly1305),
                       ::testing::Values(Tamper::tag, Tamper::ciphertext, Tamper::aad,
                                         Tamper::nonce, Tamper::key)),
    tamper_test_name);

TEST_P(AeadTest, NonceOtherThan12BytesIsInvalidArgument) {
  auto aead = make();
  ByteVector record = pattern(10, 0);
  ByteVector tag(kAeadTagSize);
  for (std::size_t size : {0u, 8u, 11u, 13u, 16u}) {
    auto sealed = aead->seal(ByteVector(size, 1), {}, record, tag);
    ASSERT_FALSE(sealed.ok()) << size;
    EXPECT_EQ(sealed.error().code, ErrorCode::invalid_argument) << size;
    auto opened = aead->open(ByteVector(size, 1), {}, record, tag);
    ASSERT_FALSE(opened.ok()) << size;
    EXPECT_EQ(opened.error().code, ErrorCode::invalid_argument) << size;
  }
}

TEST_P(AeadTest, TagOtherThan16BytesIsInvalidArgument) {
  auto aead = make();
  ByteVector record = pattern(10, 0);
  ByteVector short_tag(12);
  auto sealed = aead->seal(nonce_for(0), {}, record, short_tag);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.error().code, ErrorCode::invalid_argument);
  auto opened = aead->open(nonce_for(0), {}, record, short_tag);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::invalid_argument);
}

TEST_P(AeadTest, KeyOfTheWrongSizeIsInvalidArgument) {
  auto aead = provider_->new_aead(GetParam(), ByteVector(aead_key_size(GetParam()) + 1, 1));
  ASSERT_FALSE(aead.ok());
  EXPECT_EQ(aead.error().code, ErrorCode::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(AllAeads, AeadTest,
                         ::testing::Values(AeadAlg::aes_128_gcm, AeadAlg::aes_256_gcm,
                                           AeadAlg::chacha20_poly1305),
                         [](const auto& info) { return alg_id(info.param); });

}  // namespace
}  // namespace tlspp::crypto
