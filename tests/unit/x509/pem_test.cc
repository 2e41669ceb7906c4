// RFC 7468 PEM: real-world bundle tolerance, strictness inside blocks, line numbers in errors.
#include "x509/pem.h"

#include <gtest/gtest.h>

namespace tlspp::x509 {
namespace {

TEST(Pem, ReadsBlocksBetweenCommentsWithCrlfAndTrailingSpace) {
  const std::string text =
      "# A comment like in a CA bundle\r\n"
      "subject=CN = Example\r\n"
      "-----BEGIN CERTIFICATE-----  \r\n"
      "AAEC\r\n"
      "AwQF  \r\n"
      "-----END CERTIFICATE-----\r\n"
      "\r\n"
      "text between blocks\n"
      "-----BEGIN PRIVATE KEY-----\n"
      "  BgcI\n"
      "-----END PRIVATE KEY-----\n";
  auto blocks = parse_pem(text);
  ASSERT_TRUE(blocks.ok()) << blocks.error().reason;
  ASSERT_EQ(blocks->size(), 2u);
  EXPECT_EQ((*blocks)[0].label, "CERTIFICATE");
  EXPECT_EQ((*blocks)[0].data, (std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ((*blocks)[0].line, 3u);
  EXPECT_EQ((*blocks)[1].label, "PRIVATE KEY");
  EXPECT_EQ((*blocks)[1].data, (std::vector<std::uint8_t>{6, 7, 8}));
  EXPECT_EQ((*blocks)[1].line, 9u);
}

TEST(Pem, PaddingForms) {
  auto one = parse_pem("-----BEGIN X-----\nAAE=\n-----END X-----\n");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ((*one)[0].data, (std::vector<std::uint8_t>{0, 1}));
  auto two = parse_pem("-----BEGIN X-----\nAA==\n-----END X-----");  // no final newline
  ASSERT_TRUE(two.ok());
  EXPECT_EQ((*two)[0].data, (std::vector<std::uint8_t>{0}));
}

TEST(Pem, NoBlocksIsEmptyNotAnError) {
  auto none = parse_pem("just text\n");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

struct Bad {
  const char* text;
  const char* reason_prefix;
};

TEST(Pem, MalformedBlocksReportTheLine) {
  const Bad cases[] = {
      {"\n\n-----BEGIN CERTIFICATE-----\nAAEC\n", "line 3: "},                         // no END
      {"-----BEGIN CERTIFICATE-----\nAAEC\n-----END PRIVATE KEY-----\n", "line 3: "},  // label
      {"-----BEGIN A-----\nAA*C\n-----END A-----\n", "line 2: "},                      // character
      {"-----BEGIN A-----\nAA=C\n-----END A-----\n", "line 2: "},                      // padding
      {"-----BEGIN A-----\nAAE\n-----END A-----\n", "line 1: "},                       // length
      {"-----BEGIN A-----\nAAF=\n-----END A-----\n", "line 1: "},  // non-zero pad bits
      {"x\n-----END A-----\n", "line 2: "},                        // END without BEGIN
      {"-----BEGIN A-----\nAAEC\n-----BEGIN B-----\n", "line 3: "},
      {"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n", "line 2: "},
      {"-----BEGIN A-----\n-----END A-----\n", "line 1: "},  // empty
  };
  for (const Bad& b : cases) {
    auto r = parse_pem(b.text);
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_EQ(r.error().code, ErrorCode::pem_malformed);
    EXPECT_TRUE(r.error().reason.starts_with(b.reason_prefix)) << r.error().reason;
  }
}

}  // namespace
}  // namespace tlspp::x509
