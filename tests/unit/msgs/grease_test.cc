#include "msgs/grease.h"

#include <gtest/gtest.h>

#include "msgs/ext_lists.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

// RFC 8701 §2: {0x0A,0x0A}, {0x1A,0x1A}, ..., {0xFA,0xFA}.
TEST(Grease, RecognizesExactlyTheSixteenValues) {
  int count = 0;
  for (std::uint32_t v = 0; v <= 0xFFFF; ++v) {
    if (is_grease_value(static_cast<CipherSuite>(v))) ++count;
  }
  EXPECT_EQ(count, 16);
  EXPECT_TRUE(is_grease_value(static_cast<NamedGroup>(0xFAFA)));
  EXPECT_FALSE(is_grease_value(static_cast<NamedGroup>(0x0A1A)));
  EXPECT_FALSE(is_grease_value(NamedGroup::x25519));
}

// GREASE passes through decode unchanged and is filtered only on request.
TEST(Grease, DecodeKeepsGreaseAndFilterRemovesIt) {
  auto groups = SupportedGroups::decode(testing::hex("0006 2a2a 001d 0017"));
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->groups.size(), 3u);
  EXPECT_EQ(groups->groups[0], static_cast<NamedGroup>(0x2a2a));
  EXPECT_EQ(without_grease(groups->groups),
            (std::vector<NamedGroup>{NamedGroup::x25519, NamedGroup::secp256r1}));
  EXPECT_EQ(without_grease(std::vector<ExtensionType>{static_cast<ExtensionType>(0xDADA),
                                                      ExtensionType::key_share}),
            std::vector<ExtensionType>{ExtensionType::key_share});
}

}  // namespace
}  // namespace tlspp::msgs
