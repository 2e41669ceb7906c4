#include "codec/reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace tlspp::codec {
namespace {

TEST(Reader, ReadsBigEndianIntegers) {
  const std::vector<std::uint8_t> data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                          0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12};
  Reader r(data);
  EXPECT_EQ(*r.u8(), 0x01);
  EXPECT_EQ(*r.u16(), 0x0203);
  EXPECT_EQ(*r.u24(), 0x040506u);
  EXPECT_EQ(*r.u32(), 0x0708090au);
  EXPECT_EQ(*r.u64(), 0x0b0c0d0e0f101112ull);
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.expect_empty().ok());
}

TEST(Reader, TakeBeyondEndIsTruncatedAndConsumesNothing) {
  const std::vector<std::uint8_t> data = {1, 2, 3};
  Reader r(data, "Test.body");
  auto taken = r.take(4);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::truncated);
  EXPECT_EQ(taken.error().alert, AlertDescription::decode_error);
  EXPECT_NE(taken.error().reason.find("Test.body"), std::string::npos);
  EXPECT_EQ(r.remaining(), 3u);
}

TEST(Reader, PrefixedSubReaderMustEndEmpty) {
  // opaque<0..2^16-1> holding 3 bytes, of which the structure reads 2.
  const std::vector<std::uint8_t> data = {0x00, 0x03, 0xaa, 0xbb, 0xcc};
  Reader r(data);
  auto sub = r.sub16("List");
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(*sub->u16(), 0xaabb);
  auto status = sub->expect_empty();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::trailing_data);
  EXPECT_EQ(status.error().alert, AlertDescription::decode_error);
  EXPECT_TRUE(r.empty());
}

TEST(Reader, PrefixLongerThanInputIsTruncated) {
  for (int width = 1; width <= 3; ++width) {
    std::vector<std::uint8_t> data(static_cast<std::size_t>(width), 0);
    data.back() = 5;       // claims 5 bytes
    data.push_back(0xff);  // has 1
    Reader r(data);
    Result<Bytes> body = width == 1 ? r.bytes8() : width == 2 ? r.bytes16() : r.bytes24();
    ASSERT_FALSE(body.ok()) << width;
    EXPECT_EQ(body.error().code, ErrorCode::truncated);
  }
}

// A small nested structure: u16 version, opaque<1> id, u16-prefixed list of u16, u24-prefixed blob.
Status parse_structure(Bytes input) {
  Reader r(input, "Structure");
  TLSPP_TRY(r.u16());
  TLSPP_TRY(r.bytes8());
  TLSPP_ASSIGN_OR_RETURN(Reader list, r.sub16("Structure.list"));
  while (!list.empty()) TLSPP_TRY(list.u16());
  TLSPP_TRY(list.expect_empty());
  TLSPP_TRY(r.bytes24());
  return r.expect_empty();
}

TEST(Reader, EveryTruncationOfAValidStructureFailsCleanly) {
  const std::vector<std::uint8_t> valid = {0x03, 0x03,                          // version
                                           0x02, 0x11, 0x22,                    // id
                                           0x00, 0x04, 0x13, 0x01, 0x13, 0x02,  // list
                                           0x00, 0x00, 0x02, 0xde, 0xad};       // blob
  ASSERT_TRUE(parse_structure(valid).ok());
  for (std::size_t len = 0; len < valid.size(); ++len) {
    auto status = parse_structure(Bytes(valid).first(len));
    ASSERT_FALSE(status.ok()) << "prefix of " << len << " bytes parsed";
    EXPECT_EQ(status.error().alert, AlertDescription::decode_error) << len;
  }
  std::vector<std::uint8_t> longer = valid;
  longer.push_back(0);
  auto status = parse_structure(longer);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::trailing_data);
}

TEST(Reader, TakeRestConsumesEverything) {
  const std::vector<std::uint8_t> data = {1, 2, 3};
  Reader r(data);
  ASSERT_TRUE(r.u8().ok());
  Bytes rest = r.take_rest();
  EXPECT_EQ(rest.size(), 2u);
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace tlspp::codec
