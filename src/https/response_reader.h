// Reads one HTTP/1.1 response as a client (RFC 9112 §6.3 message framing): the status line and
// headers, then a body delimited by Content-Length, by chunked transfer coding, or by the end of
// the connection. Bounded: the header block and the body each have a limit.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "https/message.h"
#include "tlspp/result.h"

namespace tlspp::https {

struct Response {
  int status = 0;
  std::string reason;
  std::vector<Header> headers;  // lower-case names
  std::string body;             // de-chunked
  std::optional<std::string_view> header(std::string_view name) const;
};

class ResponseReader {
 public:
  // `head_request`: the response to HEAD has no body whatever its headers say.
  explicit ResponseReader(std::size_t max_body = 64 * 1024 * 1024, bool head_request = false)
      : max_body_(max_body), head_request_(head_request) {}

  // Appends bytes. Returns true once the response is complete (later bytes are ignored).
  // ErrorCode::http_malformed for a bad status line, header or chunk framing; http_too_large
  // past 64 KiB of headers or max_body of body.
  Result<bool> feed(std::span<const std::uint8_t> bytes);
  Result<bool> feed(std::string_view text);
  // The server ended the stream: completes a body delimited by the connection's end; an
  // ErrorCode::http_malformed naming what was cut short otherwise.
  Status finish();

  bool complete() const { return state_ == State::done; }
  const Response& response() const { return response_; }

 private:
  enum class State {
    head,
    length_body,
    chunk_size,
    chunk_data,
    chunk_end,
    trailers,
    until_close,
    done
  };
  Status parse_head(std::string_view head);
  Status append_body(std::string_view data);
  // Advances the state machine over buffer_; returns when it needs more bytes.
  Status advance();

  std::size_t max_body_;
  bool head_request_;
  State state_ = State::head;
  std::string buffer_;
  std::size_t remaining_ = 0;  // of the current Content-Length body or chunk
  Response response_;
};

}  // namespace tlspp::https
