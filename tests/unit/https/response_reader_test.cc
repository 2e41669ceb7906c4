#include "https/response_reader.h"

#include <gtest/gtest.h>

namespace tlspp::https {
namespace {

TEST(ResponseReader, ReadsAContentLengthBodyAcrossFeeds) {
  ResponseReader r;
  auto a = r.feed("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello");
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(*a);
  auto b = r.feed(" world");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(*b);
  EXPECT_EQ(r.response().status, 200);
  EXPECT_EQ(r.response().reason, "OK");
  EXPECT_EQ(r.response().body, "hello world");
  EXPECT_EQ(r.response().header("content-type").value_or(""), "text/plain");
}

TEST(ResponseReader, DecodesChunkedBodiesWithExtensionsAndTrailers) {
  ResponseReader r;
  const std::string text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
  // One byte at a time: every state waits correctly for more.
  for (char c : text) ASSERT_TRUE(r.feed(std::string(1, c)).ok());
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.response().body, "hello world");
}

TEST(ResponseReader, BodyWithoutLengthEndsWithTheConnection) {
  ResponseReader r;
  ASSERT_TRUE(r.feed("HTTP/1.0 200 ok\r\n\r\nabc").ok());
  EXPECT_FALSE(r.complete());
  ASSERT_TRUE(r.finish().ok());
  EXPECT_EQ(r.response().body, "abc");
}

TEST(ResponseReader, TruncatedBodyIsAnError) {
  ResponseReader r;
  ASSERT_TRUE(r.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").ok());
  auto s = r.finish();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::http_malformed);
}

TEST(ResponseReader, NoBodyFor304AndHead) {
  ResponseReader r;
  auto done = r.feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  ResponseReader head(1024, true);
  auto d = head.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(*d);
}

TEST(ResponseReader, RefusesMalformedAndOversizedResponses) {
  ResponseReader bad_status;
  auto s = bad_status.feed("HTTP/1.1 2x0 OK\r\n\r\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::http_malformed);
  ResponseReader bad_chunk;
  auto c = bad_chunk.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::http_malformed);
  ResponseReader small(4);
  auto big = small.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::http_too_large);
}

}  // namespace
}  // namespace tlspp::https
