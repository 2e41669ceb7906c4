// The DER writer (X.690 §10): each encoding checked byte for byte, and read back by tlspp's strict
// DER reader.
#include "x509/der_writer.h"

#include <gtest/gtest.h>

#include "codec/hex.h"
#include "x509/oid.h"
#include "x509/pem.h"

namespace tlspp::x509::der {
namespace {

std::string hex(const Encoded& e) { return codec::to_hex(e); }

TEST(DerWriter, ShortAndLongLengths) {
  EXPECT_EQ(hex(encode(kOctetString, std::vector<std::uint8_t>(3, 0xab))), "0403ababab");
  const Encoded long127 = encode(kOctetString, std::vector<std::uint8_t>(127, 0));
  EXPECT_EQ(hex(Encoded(long127.begin(), long127.begin() + 2)), "047f");
  // X.690 §10.1: 128 needs the long form, in the fewest octets.
  const Encoded long128 = encode(kOctetString, std::vector<std::uint8_t>(128, 0));
  EXPECT_EQ(hex(Encoded(long128.begin(), long128.begin() + 3)), "048180");
  const Encoded long300 = encode(kOctetString, std::vector<std::uint8_t>(300, 0));
  EXPECT_EQ(hex(Encoded(long300.begin(), long300.begin() + 4)), "0482012c");
}

TEST(DerWriter, IntegersAreMinimalAndPositive) {
  EXPECT_EQ(hex(encode_integer(0)), "020100");
  EXPECT_EQ(hex(encode_integer(2)), "020102");
  EXPECT_EQ(hex(encode_integer(127)), "02017f");
  EXPECT_EQ(hex(encode_integer(128)),
            "02020080");  // X.690 §8.3.2: a leading 0x00 keeps it positive
  EXPECT_EQ(hex(encode_integer(256)), "02020100");
  const std::uint8_t padded[] = {0x00, 0x00, 0x12, 0x34};
  EXPECT_EQ(hex(encode_unsigned_integer(padded)), "02021234");
  for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 65535ull, 0xffffffffffffffffull}) {
    const Encoded e = encode_integer(v);
    Parser p(e);
    auto contents = p.read(kInteger);
    ASSERT_TRUE(contents.ok()) << v;
    ASSERT_TRUE(check_integer(*contents).ok()) << v;
    EXPECT_EQ(*parse_uint64(*contents), v);
  }
}

TEST(DerWriter, BooleanNullAndOid) {
  EXPECT_EQ(hex(encode_boolean(true)), "0101ff");
  EXPECT_EQ(hex(encode_boolean(false)), "010100");
  EXPECT_EQ(hex(encode_oid(oid::kOidCommonName)), "0603550403");
}

TEST(DerWriter, NamedBitsDropTrailingZerosAndCountUnusedBits) {
  // RFC 5280 KeyUsage digitalSignature (0): one octet 0x80 with 7 unused bits.
  EXPECT_EQ(hex(encode_named_bits({0})), "03020780");
  // keyCertSign (5) and cRLSign (6): 0x06 with 1 unused bit.
  EXPECT_EQ(hex(encode_named_bits({5, 6})), "03020106");
  // digitalSignature and keyEncipherment (2): 0xa0 with 5 unused bits.
  EXPECT_EQ(hex(encode_named_bits({0, 2})), "030205a0");
  // decipherOnly (8): two octets.
  EXPECT_EQ(hex(encode_named_bits({8})), "0303070080");
  const Encoded e = encode_named_bits({0, 2});
  Parser p(e);
  auto bits = parse_bit_string(*p.read(kBitString));
  ASSERT_TRUE(bits.ok());
  EXPECT_TRUE(bits->bit(0));
  EXPECT_FALSE(bits->bit(1));
  EXPECT_TRUE(bits->bit(2));
}

TEST(DerWriter, TimesUseUtcTimeBefore2050) {
  // 2026-11-22T22:39:20Z and 2050-01-01T00:00:00Z (RFC 5280 §4.1.2.5).
  EXPECT_EQ(encode_time(1795387160)[0], 0x17);
  const Encoded utc = encode_time(1795387160);
  EXPECT_EQ(std::string(utc.begin() + 2, utc.end()), "261122223920Z");
  const Encoded generalized = encode_time(2524608000);
  EXPECT_EQ(generalized[0], 0x18);
  EXPECT_EQ(std::string(generalized.begin() + 2, generalized.end()), "20500101000000Z");
}

TEST(DerWriter, NestedStructuresReadBackStrictly) {
  const Encoded seq =
      encode_sequence({encode_integer(2), encode_oid(oid::kOidP256),
                       encode_constructed(context_constructed(3), {encode_boolean(true)}),
                       encode_ia5_string(context(2), "localhost")});
  Parser outer(seq);
  auto inner = outer.read_sequence("test");
  ASSERT_TRUE(inner.ok());
  ASSERT_TRUE(outer.expect_empty().ok());
  EXPECT_TRUE(inner->read(kInteger).ok());
  EXPECT_TRUE(inner->read(kOid).ok());
  auto explicit3 = inner->read_constructed(context_constructed(3), "[3]");
  ASSERT_TRUE(explicit3.ok());
  EXPECT_TRUE(explicit3->read(kBoolean).ok());
  auto name = inner->read(context(2));
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(std::string(name->begin(), name->end()), "localhost");
  EXPECT_TRUE(inner->expect_empty().ok());
}

TEST(PemWriter, ToPemRoundTripsThroughTheReader) {
  for (std::size_t size : {1u, 2u, 3u, 47u, 48u, 49u, 1000u}) {
    std::vector<std::uint8_t> der(size);
    for (std::size_t i = 0; i < size; ++i) der[i] = static_cast<std::uint8_t>(i * 7 + 1);
    const std::string pem = to_pem("CERTIFICATE", der);
    EXPECT_TRUE(pem.starts_with("-----BEGIN CERTIFICATE-----\n")) << size;
    EXPECT_TRUE(pem.ends_with("-----END CERTIFICATE-----\n")) << size;
    auto blocks = parse_pem(pem);
    ASSERT_TRUE(blocks.ok()) << size << ": " << blocks.error().reason;
    ASSERT_EQ(blocks->size(), 1u);
    EXPECT_EQ((*blocks)[0].data, der) << size;
  }
  // RFC 7468 §2: 64 characters a line.
  const std::string pem = to_pem("X", std::vector<std::uint8_t>(100, 0));
  EXPECT_EQ(pem, "-----BEGIN X-----\n" + std::string(64, 'A') + "\n" + std::string(64, 'A') + "\n" +
                     std::string(6, 'A') + "==\n-----END X-----\n");
}

}  // namespace
}  // namespace tlspp::x509::der
