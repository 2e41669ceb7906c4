// HTTP/1.1 messages (RFC 9112) as tlspp serves and fetches them: a bounded, incremental request
// parser for the server, the response head it writes, and the request line and headers a client
// sends. Header names are kept lower-case; values are trimmed of optional whitespace.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tlspp/result.h"

namespace tlspp::https {

using Header = std::pair<std::string, std::string>;  // (lower-case name, value)

struct Request {
  std::string method;
  std::string target;     // origin-form, e.g. "/index.html?x=1"
  int minor_version = 1;  // HTTP/1.<minor_version>
  std::vector<Header> headers;
  std::string body;        // only with Content-Length
  bool keep_alive = true;  // RFC 9112 §9.3: 1.1 persists unless "Connection: close"
  std::string host;        // the Host header (RFC 9112 §3.2: exactly one for HTTP/1.1)
  // The first value of header `name` (lower-case), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
  // The target without its query.
  std::string_view path() const;
};

struct RequestLimits {
  std::size_t max_request_line = 8 * 1024;
  std::size_t max_header_bytes = 32 * 1024;  // request line and headers together
  std::size_t max_headers = 100;
  std::size_t max_body = 64 * 1024;
  std::size_t max_pipelined = 4;  // complete requests waiting to be answered
};

// Incremental request parser. Bytes go in with feed(); complete requests come out of next().
// After an error the connection must be answered with status_for(error) and closed.
class RequestParser {
 public:
  explicit RequestParser(RequestLimits limits = {}) : limits_(limits) {}

  // Appends received bytes. ErrorCode::http_too_large when the unparsed input exceeds what one
  // request may take (header bytes plus body) times max_pipelined.
  Status feed(std::span<const std::uint8_t> bytes);
  Status feed(std::string_view text);
  // The next complete request, or nullopt when more bytes are needed. ErrorCode::http_malformed
  // (bad request line, header syntax, Host, Content-Length), http_too_large (a line, the header
  // block, the header count or the body over its limit), http_unsupported (a version other than
  // HTTP/1.0 or 1.1, or a Transfer-Encoding in a request).
  Result<std::optional<Request>> next();
  std::size_t buffered() const { return buffer_.size(); }

 private:
  RequestLimits limits_;
  std::string buffer_;
};

// The status code to answer a request error with: 400, 414 (request line too long),
// 431 (headers too large), 413 (body too large), 505 (HTTP version), 501 (Transfer-Encoding).
int status_for(const Error& error);
// "OK", "Not Found", ...; "Unknown" for codes tlspp does not use.
std::string_view reason_phrase(int status);

// A response's status line and headers, ending with the empty line. Adds Content-Length,
// Connection: close when !keep_alive, and the given headers in order.
std::string response_head(int status, std::size_t content_length, bool keep_alive,
                          const std::vector<Header>& headers = {});

// A GET request for `target` on `host` (the Host header, with ":port" when not 443).
std::string get_request(std::string_view host, std::uint16_t port, std::string_view target,
                        const std::vector<Header>& headers = {});

}  // namespace tlspp::https
