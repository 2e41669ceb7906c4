#include "support/rfc8448.h"

#include <gtest/gtest.h>

#include "codec/hex.h"

namespace tlspp::test::rfc8448 {
namespace {

// A small trace in the RFC 8448 layout: a block that runs over a page break, an "(empty)" value
// and labels that share a prefix.
constexpr std::string_view kSample =
    "3.  Simple\n"
    "\n"
    "   {client}  construct a ClientHello handshake message\n"
    "\n"
    "      ClientHello (5 octets):  01 02 03\n"
    "         04\n"
    "\n"
    "\n"
    "\n"
    "Thomson                  Expires March 31, 2019                 [Page 3]\n"
    "\f\n"
    "Internet-Draft               TLS 1.3 Traces               September 2018\n"
    "\n"
    "\n"
    "         05\n"
    "\n"
    "      ClientHello prefix (2 octets):  aa bb\n"
    "      hash (0 octets):  (empty)\n"
    "      salt:  0 (all zero octets)\n"
    "4.  Next\n"
    "      ClientHello (1 octets):  ff\n";

TEST(Rfc8448Reader, JoinsHexLinesAcrossPageBreaksUntilTheNextLabel) {
  auto bytes = block(kSample, "ClientHello");
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  EXPECT_EQ(*bytes, (std::vector<std::uint8_t>{1, 2, 3, 4, 5}));
}

TEST(Rfc8448Reader, LabelMustBeFollowedByItsLengthOrColon) {
  auto prefix = block(kSample, "ClientHello prefix");
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(*prefix, (std::vector<std::uint8_t>{0xaa, 0xbb}));
  EXPECT_FALSE(block(kSample, "Client").ok());
}

TEST(Rfc8448Reader, EmptyValueIsAnEmptyBlock) {
  auto bytes = block(kSample, "hash");
  ASSERT_TRUE(bytes.ok());
  EXPECT_TRUE(bytes->empty());
}

TEST(Rfc8448Reader, NonHexValueIsAnError) {
  auto bytes = block(kSample, "salt");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::invalid_argument);
}

TEST(Rfc8448Reader, DeclaredOctetCountMustMatch) {
  auto bytes = block("      key (3 octets):  01 02\n", "key");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, ErrorCode::invalid_argument);
}

TEST(Rfc8448Reader, SectionEndsAtTheNextTopLevelHeading) {
  const std::string_view s3 = section(kSample, "3");
  EXPECT_TRUE(s3.starts_with("3.  Simple"));
  EXPECT_EQ(s3.find("4.  Next"), std::string_view::npos);
  auto in4 = block(section(kSample, "4"), "ClientHello");
  ASSERT_TRUE(in4.ok());
  EXPECT_EQ(*in4, std::vector<std::uint8_t>{0xff});
}

TEST(Rfc8448Reader, AfterSkipsToTheNthAnchor) {
  EXPECT_TRUE(after(kSample, "ClientHello", 1).starts_with(" (5 octets)"));
  EXPECT_TRUE(after(kSample, "ClientHello", 2).starts_with(" prefix"));
  EXPECT_TRUE(after(kSample, "no such anchor").empty());
}

// The real trace: RFC 8448 §3's server Finished and its client Finished differ, and anchors pick
// each one.
TEST(Rfc8448Reader, ReadsTheRealTraceAndAnchorsDisambiguate) {
  auto server = find("3", "{server}  construct a Finished", "Finished");
  auto client = find("3", "{client}  construct a Finished", "Finished");
  ASSERT_TRUE(server.ok()) << server.error().to_string();
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  EXPECT_EQ(codec::to_hex(*server).substr(0, 16), "140000204c92b1b2");
  EXPECT_EQ(codec::to_hex(*client).substr(0, 16), "1400002080a2c0d6");
  auto payload = find("3", "{server}  send handshake record", "payload");
  ASSERT_TRUE(payload.ok()) << payload.error().to_string();
  EXPECT_EQ(payload->size(), 90u);  // the ServerHello record's payload
}

}  // namespace
}  // namespace tlspp::test::rfc8448
