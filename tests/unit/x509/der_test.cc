// Strict DER (X.690 §10): what the reader refuses and why.
#include "x509/der.h"

#include <gtest/gtest.h>

#include <vector>

namespace tlspp::x509::der {
namespace {

using V = std::vector<std::uint8_t>;

ErrorCode next_error(const V& data) {
  Parser p(data);
  auto e = p.next();
  return e.ok() ? ErrorCode::ok : e.error().code;
}

TEST(Der, ReadsShortAndLongFormLengths) {
  V data = {0x04, 0x02, 0xAA, 0xBB};
  Parser p(data);
  auto e = p.next();
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->tag, kOctetString);
  EXPECT_EQ(e->contents.size(), 2u);
  EXPECT_EQ(e->encoding.size(), 4u);
  EXPECT_TRUE(p.expect_empty().ok());

  V long_form = {0x04, 0x81, 0x80};
  long_form.resize(3 + 128, 0x11);
  Parser q(long_form);
  auto f = q.next();
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->contents.size(), 128u);
}

TEST(Der, IndefiniteLengthIsBerNotDer) {
  EXPECT_EQ(next_error({0x30, 0x80, 0x00, 0x00}), ErrorCode::bad_encoding);
}

TEST(Der, LongFormForLengthBelow128IsRefused) {
  EXPECT_EQ(next_error({0x04, 0x81, 0x01, 0xAA}), ErrorCode::bad_encoding);
}

TEST(Der, LengthWithLeadingZeroOctetIsRefused) {
  V data = {0x04, 0x82, 0x00, 0x80};
  data.resize(4 + 128, 0);
  EXPECT_EQ(next_error(data), ErrorCode::bad_encoding);
}

TEST(Der, ReservedLengthOctetAndHugeLengthsAreRefused) {
  EXPECT_EQ(next_error({0x04, 0xFF}), ErrorCode::bad_encoding);
  EXPECT_EQ(next_error({0x04, 0x85, 1, 0, 0, 0, 0}), ErrorCode::bad_encoding);
}

TEST(Der, TruncatedHeaderAndContentsAreTruncated) {
  EXPECT_EQ(next_error({}), ErrorCode::truncated);
  EXPECT_EQ(next_error({0x04}), ErrorCode::truncated);
  EXPECT_EQ(next_error({0x04, 0x82, 0x01}), ErrorCode::truncated);
  EXPECT_EQ(next_error({0x04, 0x03, 0xAA, 0xBB}), ErrorCode::truncated);
}

TEST(Der, HighTagNumberFormMustBeMinimal) {
  // [31] in long form is fine; [5] in long form is not; a leading 0x80 group is not.
  EXPECT_EQ(next_error({0x9F, 0x1F, 0x00}), ErrorCode::ok);
  EXPECT_EQ(next_error({0x9F, 0x05, 0x00}), ErrorCode::bad_encoding);
  EXPECT_EQ(next_error({0x9F, 0x80, 0x1F, 0x00}), ErrorCode::bad_encoding);
}

TEST(Der, TrailingDataInsideASequenceIsReported) {
  V data = {0x30, 0x05, 0x02, 0x01, 0x01, 0x05, 0x00};
  Parser outer(data);
  auto seq = outer.read_sequence("Test");
  ASSERT_TRUE(seq.ok());
  ASSERT_TRUE(seq->read(kInteger).ok());
  EXPECT_EQ(seq->expect_empty().error().code, ErrorCode::trailing_data);
}

TEST(Der, WrongTagNamesBoth) {
  V data = {0x02, 0x01, 0x00};
  Parser p(data, "Thing");
  auto r = p.read(kSequence);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_encoding);
  EXPECT_NE(r.error().reason.find("expected SEQUENCE, found INTEGER"), std::string::npos);
}

TEST(Der, OptionalElementsAreSkippedWhenAbsent) {
  V data = {0x02, 0x01, 0x05};
  Parser p(data);
  auto opt = p.read_optional(context_constructed(0));
  ASSERT_TRUE(opt.ok());
  EXPECT_FALSE(opt->has_value());
  auto n = p.read(kInteger);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*parse_uint64(*n), 5u);
}

TEST(Der, IntegersMustBeMinimal) {
  EXPECT_TRUE(check_integer(V{0x00}).ok());
  EXPECT_TRUE(check_integer(V{0x00, 0x80}).ok());
  EXPECT_TRUE(check_integer(V{0xFF, 0x7F}).ok());
  EXPECT_EQ(check_integer(V{}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(check_integer(V{0x00, 0x7F}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(check_integer(V{0xFF, 0x80}).error().code, ErrorCode::bad_encoding);
}

TEST(Der, Uint64RefusesNegativeAndOversized) {
  EXPECT_EQ(*parse_uint64(V{0x00, 0xFF}), 255u);
  EXPECT_EQ(parse_uint64(V{0x80}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(parse_uint64(V{0x01, 0, 0, 0, 0, 0, 0, 0, 0}).error().code, ErrorCode::bad_encoding);
}

TEST(Der, BooleansAreZeroOrFF) {
  EXPECT_FALSE(*parse_boolean(V{0x00}));
  EXPECT_TRUE(*parse_boolean(V{0xFF}));
  EXPECT_EQ(parse_boolean(V{0x01}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(parse_boolean(V{0x00, 0x00}).error().code, ErrorCode::bad_encoding);
}

TEST(Der, BitStringUnusedBitsMustBeZero) {
  const V bits = {0x05, 0xA0};  // bits 1 0 1, five unused zero bits
  auto ok = parse_bit_string(bits);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->bit(0));
  EXPECT_FALSE(ok->bit(1));
  EXPECT_TRUE(ok->bit(2));
  EXPECT_FALSE(ok->bit(40));
  EXPECT_EQ(parse_bit_string(V{0x05, 0xA1}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(parse_bit_string(V{0x08, 0x00}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(parse_bit_string(V{0x01}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(parse_octet_aligned_bit_string(V{0x01, 0x02}).error().code, ErrorCode::bad_encoding);
}

TEST(Der, OidsAreCheckedAndPrinted) {
  const V sha256_rsa = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
  EXPECT_TRUE(check_oid(sha256_rsa).ok());
  EXPECT_EQ(oid_to_string(sha256_rsa), "1.2.840.113549.1.1.11");
  EXPECT_EQ(oid_to_string(V{0x55, 0x1d, 0x13}), "2.5.29.19");
  EXPECT_EQ(check_oid(V{}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(check_oid(V{0x2a, 0x80, 0x01}).error().code, ErrorCode::bad_encoding);
  EXPECT_EQ(check_oid(V{0x2a, 0x86}).error().code, ErrorCode::bad_encoding);
}

}  // namespace
}  // namespace tlspp::x509::der
