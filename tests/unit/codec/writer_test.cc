#include "codec/writer.h"

#include <gtest/gtest.h>

#include "codec/reader.h"

namespace tlspp::codec {
namespace {

TEST(Writer, WritesBigEndianIntegers) {
  Writer w;
  w.u8(0x01);
  w.u16(0x0203);
  w.u24(0x040506);
  w.u32(0x0708090a);
  w.u64(0x0b0c0d0e0f101112ull);
  auto out = std::move(w).finish();
  ASSERT_TRUE(out.ok());
  const std::vector<std::uint8_t> expected = {1,  2,  3,  4,  5,  6,  7,  8,  9,
                                              10, 11, 12, 13, 14, 15, 16, 17, 18};
  EXPECT_EQ(*out, expected);
}

TEST(Writer, ScopesPatchTheirLengthsWhenTheyClose) {
  Writer w;
  {
    auto outer = w.prefixed(Prefix::u16);
    w.u8(0xaa);
    {
      auto inner = w.prefixed(Prefix::u8);
      w.u16(0xbbcc);
    }
    w.prefixed(Prefix::u24, [](Writer& body) { body.u8(0xdd); });
  }
  auto out = std::move(w).finish();
  ASSERT_TRUE(out.ok());
  const std::vector<std::uint8_t> expected = {0x00, 0x08, 0xaa, 0x02, 0xbb,
                                              0xcc, 0x00, 0x00, 0x01, 0xdd};
  EXPECT_EQ(*out, expected);
  // And it reads back through the Reader's sub-readers.
  Reader r(*out);
  auto outer = r.sub16("outer");
  ASSERT_TRUE(outer.ok());
  EXPECT_EQ(*outer->u8(), 0xaa);
  EXPECT_EQ(outer->bytes8()->size(), 2u);
  EXPECT_EQ(outer->bytes24()->size(), 1u);
  EXPECT_TRUE(outer->expect_empty().ok());
}

TEST(Writer, BodyTooLongForItsPrefixFails) {
  Writer w;
  w.prefixed(Prefix::u8, [](Writer& body) { body.zeros(256); });
  EXPECT_TRUE(w.failed());
  auto out = std::move(w).finish();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, ErrorCode::length_overflow);
}

TEST(Writer, BodyAtThePrefixLimitFits) {
  Writer w;
  w.prefixed(Prefix::u8, [](Writer& body) { body.zeros(255); });
  auto out = std::move(w).finish();
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), 256u);
  EXPECT_EQ((*out)[0], 0xff);
}

TEST(Writer, Uint24OverflowFails) {
  Writer w;
  w.u24(0x1000000);
  EXPECT_TRUE(w.failed());
}

TEST(Writer, SizeCapIsEnforcedAndSticky) {
  Writer w;
  w.set_max_size(4);
  w.u32(1);
  EXPECT_FALSE(w.failed());
  w.u8(1);
  EXPECT_TRUE(w.failed());
  EXPECT_EQ(w.status().error().code, ErrorCode::length_overflow);
  w.u8(2);  // ignored after failure
  EXPECT_EQ(w.size(), 4u);
}

}  // namespace
}  // namespace tlspp::codec
