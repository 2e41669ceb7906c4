#include "https/message.h"

#include <gtest/gtest.h>

namespace tlspp::https {
namespace {

Result<std::optional<Request>> parse(const std::string& text, RequestLimits limits = {}) {
  RequestParser p(limits);
  TLSPP_TRY(p.feed(text));
  return p.next();
}

TEST(RequestParser, ParsesAGetWithHeadersAndKeepAlive) {
  auto r = parse("GET /a/b.html?x=1 HTTP/1.1\r\nHost: localhost:8443\r\nUser-Agent:  t \r\n\r\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(r->has_value());
  const Request& req = **r;
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.target, "/a/b.html?x=1");
  EXPECT_EQ(req.path(), "/a/b.html");
  EXPECT_EQ(req.minor_version, 1);
  EXPECT_EQ(req.host, "localhost:8443");
  EXPECT_EQ(req.header("user-agent").value_or(""), "t");
  EXPECT_TRUE(req.keep_alive);
}

TEST(RequestParser, WaitsForTheEndOfTheHeadersAcrossFeeds) {
  RequestParser p;
  ASSERT_TRUE(p.feed("GET / HTTP/1.1\r\nHo").ok());
  auto r = p.next();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  ASSERT_TRUE(p.feed("st: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").ok());
  auto first = p.next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->target, "/");
  // A pipelined second request comes out next, with its own Connection: close.
  auto second = p.next();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->target, "/2");
  EXPECT_FALSE((*second)->keep_alive);
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(RequestParser, ReadsAContentLengthBody) {
  auto r = parse("POST /f HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->body, "hello");
}

TEST(RequestParser, Http10ClosesUnlessKeepAliveIsAsked) {
  auto plain = parse("GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(plain.ok() && plain->has_value());
  EXPECT_FALSE((*plain)->keep_alive);
  auto kept = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_TRUE((*kept)->keep_alive);
}

struct BadRow {
  const char* name;
  std::string text;
  ErrorCode code;
  int status;
};

TEST(RequestParser, MalformedRequestsAreRefusedWithTheRightStatus) {
  const std::string long_line = "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n";
  std::string many_headers = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 101; ++i) many_headers += "X-" + std::to_string(i) + ": v\r\n";
  many_headers += "\r\n";
  const std::vector<BadRow> rows = {
      // RFC 9112 §3.2: a 1.1 request needs exactly one Host.
      {"no host", "GET / HTTP/1.1\r\n\r\n", ErrorCode::http_malformed, 400},
      {"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", ErrorCode::http_malformed, 400},
      {"two spaces", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", ErrorCode::http_malformed, 400},
      {"absolute form", "GET http://x/ HTTP/1.1\r\nHost: a\r\n\r\n", ErrorCode::http_malformed,
       400},
      {"bad method", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", ErrorCode::http_malformed, 400},
      {"not http", "GET / FTP/1.1\r\nHost: a\r\n\r\n", ErrorCode::http_malformed, 400},
      {"http 2", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", ErrorCode::http_unsupported, 505},
      // RFC 9112 §5.1: no whitespace between the field name and the colon.
      {"space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", ErrorCode::http_malformed, 400},
      // RFC 9112 §5.2: obs-fold is rejected.
      {"folded", "GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n", ErrorCode::http_malformed, 400},
      {"control char", "GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", ErrorCode::http_malformed, 400},
      // RFC 9112 §6.3: invalid or conflicting Content-Length.
      {"bad length", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n",
       ErrorCode::http_malformed, 400},
      {"conflicting lengths",
       "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       ErrorCode::http_malformed, 400},
      {"chunked request", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
       ErrorCode::http_unsupported, 501},
      {"long request line", long_line, ErrorCode::http_too_large, 414},
      {"too many headers", many_headers, ErrorCode::http_too_large, 431},
      {"body too large", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n",
       ErrorCode::http_too_large, 413},
  };
  for (const auto& row : rows) {
    auto r = parse(row.text);
    ASSERT_FALSE(r.ok()) << row.name;
    EXPECT_EQ(r.error().code, row.code) << row.name << ": " << r.error().reason;
    EXPECT_EQ(status_for(r.error()), row.status) << row.name;
  }
}

TEST(RequestParser, HeaderBlockIsBoundedEvenWithoutItsEnd) {
  RequestLimits limits;
  limits.max_header_bytes = 1024;
  RequestParser p(limits);
  ASSERT_TRUE(p.feed("GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(2000, 'a')).ok());
  auto r = p.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::http_too_large);
  EXPECT_EQ(status_for(r.error()), 431);
}

TEST(RequestParser, UnansweredInputIsCapped) {
  RequestLimits limits;
  limits.max_header_bytes = 100;
  limits.max_body = 0;
  limits.max_pipelined = 2;
  RequestParser p(limits);
  auto s = p.feed(std::string(201, 'a'));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::http_too_large);
}

TEST(ResponseHead, HasStatusLengthAndConnection) {
  EXPECT_EQ(response_head(404, 9, false, {{"Content-Type", "text/plain"}}),
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
            "Connection: close\r\n\r\n");
  EXPECT_EQ(response_head(200, 0, true), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  // Headers in the order given, a long length; the result is exactly as long as its text.
  const std::string head = response_head(301, 18446744073709551615u, true,
                                         {{"Content-Type", "text/plain"}, {"Location", "/docs/"}});
  EXPECT_EQ(head,
            "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/plain\r\nLocation: /docs/\r\n"
            "Content-Length: 18446744073709551615\r\n\r\n");
  EXPECT_EQ(head.capacity(), head.size());
}

TEST(GetRequest, NamesTheHostAndNonDefaultPort) {
  EXPECT_EQ(get_request("example.com", 443, "/"), "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
  EXPECT_EQ(get_request("::1", 8443, "/x", {{"Connection", "close"}}),
            "GET /x HTTP/1.1\r\nHost: [::1]:8443\r\nConnection: close\r\n\r\n");
}

}  // namespace
}  // namespace tlspp::https
