#include "codec/secret_bytes.h"

#include <gtest/gtest.h>

#include <vector>

namespace tlspp::codec {
namespace {

TEST(SecretBytes, HoldsACopy) {
  const std::vector<std::uint8_t> key = {1, 2, 3, 4};
  SecretBytes s(key);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_TRUE(ct_equal(s, key));
}

TEST(SecretBytes, MovedFromIsEmptyAndInlineBytesAreWiped) {
  std::vector<std::uint8_t> key(32, 0x5a);
  SecretBytes a(key);
  const std::uint8_t* old = a.data();
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the point of the test
  for (std::size_t i = 0; i < 32; ++i) EXPECT_EQ(old[i], 0) << i;
  EXPECT_TRUE(ct_equal(b, key));
}

TEST(SecretBytes, LargeSecretsMoveTheirHeapBuffer) {
  std::vector<std::uint8_t> big(200, 0x77);
  SecretBytes a(big);
  const std::uint8_t* buffer = a.data();
  SecretBytes b = std::move(a);
  EXPECT_EQ(b.data(), buffer);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(ct_equal(b, big));
}

TEST(SecretBytes, WipeZeroesInPlace) {
  std::vector<std::uint8_t> key(48, 0xee);
  SecretBytes s(key);
  std::uint8_t* p = s.data();
  s.wipe();
  EXPECT_TRUE(s.empty());
  for (std::size_t i = 0; i < 48; ++i) EXPECT_EQ(p[i], 0) << i;
}

TEST(CtEqual, ComparesContentsAndLengths) {
  const std::vector<std::uint8_t> a = {1, 2, 3}, b = {1, 2, 3}, c = {1, 2, 4}, d = {1, 2};
  EXPECT_TRUE(ct_equal(a, b));
  EXPECT_FALSE(ct_equal(a, c));
  EXPECT_FALSE(ct_equal(a, d));
  EXPECT_TRUE(ct_equal({}, {}));
}

}  // namespace
}  // namespace tlspp::codec
