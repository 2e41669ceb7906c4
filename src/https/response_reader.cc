#include "https/response_reader.h"

#include <algorithm>
#include <cctype>

namespace tlspp::https {
namespace {

constexpr std::size_t kMaxHead = 64 * 1024;

Error malformed(std::string reason) { return Error(ErrorCode::http_malformed, std::move(reason)); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

Result<bool> ResponseReader::feed(std::span<const std::uint8_t> bytes) {
  return feed(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<bool> ResponseReader::feed(std::string_view text) {
  if (state_ == State::done) return true;
  buffer_.append(text);
  TLSPP_TRY(advance());
  return state_ == State::done;
}

Status ResponseReader::finish() {
  if (state_ == State::until_close) {
    TLSPP_TRY(append_body(buffer_));
    buffer_.clear();
    state_ = State::done;
  }
  if (state_ == State::done) return {};
  return malformed(state_ == State::head ? "the connection ended before the response headers"
                                         : "the connection ended inside the response body");
}

Status ResponseReader::append_body(std::string_view data) {
  if (response_.body.size() + data.size() > max_body_) {
    return Error(ErrorCode::http_too_large,
                 "the response body is over " + std::to_string(max_body_) + " bytes");
  }
  response_.body.append(data);
  return {};
}

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
Status ResponseReader::parse_head(std::string_view head) {
  const std::size_t eol = head.find("\r\n");
  const std::string_view line = head.substr(0, eol);
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || !digits(line.substr(7, 1)) ||
      line[8] != ' ' || !digits(line.substr(9, 3)) || (line.size() > 12 && line[12] != ' ')) {
    return malformed("the response does not start with an HTTP/1.x status line");
  }
  response_.status = std::stoi(std::string(line.substr(9, 3)));
  response_.reason = line.size() > 13 ? std::string(line.substr(13)) : std::string();
  std::string_view rest = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
  bool chunked = false;
  std::optional<std::size_t> length;
  while (!rest.empty()) {
    const std::size_t end = rest.find("\r\n");
    const std::string_view field = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    const std::size_t colon = field.find(':');
    if (colon == 0 || colon == std::string_view::npos) {
      return malformed("a response header line is not NAME: VALUE");
    }
    std::string name = lower(trim(field.substr(0, colon)));
    const std::string value(trim(field.substr(colon + 1)));
    if (name == "transfer-encoding") chunked = lower(value).find("chunked") != std::string::npos;
    if (name == "content-length") {
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return malformed("the response's Content-Length is not a number");
      }
      length = std::stoull(value);
    }
    response_.headers.emplace_back(std::move(name), value);
  }
  // RFC 9112 §6.3: HEAD, 1xx, 204 and 304 have no body; chunked wins over Content-Length.
  const int s = response_.status;
  if (head_request_ || (s >= 100 && s < 200) || s == 204 || s == 304) {
    state_ = State::done;
  } else if (chunked) {
    state_ = State::chunk_size;
  } else if (length) {
    if (*length > max_body_) {
      return Error(ErrorCode::http_too_large,
                   "the response body is over " + std::to_string(max_body_) + " bytes");
    }
    remaining_ = *length;
    state_ = remaining_ == 0 ? State::done : State::length_body;
  } else {
    state_ = State::until_close;
  }
  return {};
}

Status ResponseReader::advance() {
  for (;;) {
    switch (state_) {
      case State::head: {
        const std::size_t end = buffer_.find("\r\n\r\n");
        if (end == std::string::npos) {
          if (buffer_.size() > kMaxHead) {
            return Error(ErrorCode::http_too_large, "response headers over 64 KiB");
          }
          return {};
        }
        TLSPP_TRY(parse_head(std::string_view(buffer_).substr(0, end)));
        buffer_.erase(0, end + 4);
        break;
      }
      case State::length_body:
      case State::chunk_data: {
        const std::size_t n = std::min(remaining_, buffer_.size());
        TLSPP_TRY(append_body(std::string_view(buffer_).substr(0, n)));
        buffer_.erase(0, n);
        remaining_ -= n;
        if (remaining_ > 0) return {};
        state_ = state_ == State::length_body ? State::done : State::chunk_end;
        break;
      }
      case State::chunk_size: {
        // RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF.
        const std::size_t end = buffer_.find("\r\n");
        if (end == std::string::npos) {
          if (buffer_.size() > 1024) return malformed("a chunk-size line over 1 KiB");
          return {};
        }
        const std::string_view size = trim(std::string_view(buffer_).substr(0, end).substr(
            0, std::string_view(buffer_).substr(0, end).find(';')));
        if (size.empty() || size.size() > 15 || !std::all_of(size.begin(), size.end(), [](char c) {
              return std::isxdigit(static_cast<unsigned char>(c));
            })) {
          return malformed("a chunk size is not hexadecimal");
        }
        remaining_ = std::stoull(std::string(size), nullptr, 16);
        buffer_.erase(0, end + 2);
        state_ = remaining_ == 0 ? State::trailers : State::chunk_data;
        break;
      }
      case State::chunk_end:
        if (buffer_.size() < 2) return {};
        if (buffer_.compare(0, 2, "\r\n") != 0) return malformed("a chunk does not end with CRLF");
        buffer_.erase(0, 2);
        state_ = State::chunk_size;
        break;
      case State::trailers: {
        // Trailer fields are read and dropped, up to the empty line.
        const std::size_t end = buffer_.find("\r\n");
        if (end == std::string::npos) {
          if (buffer_.size() > kMaxHead) return malformed("trailers over 64 KiB");
          return {};
        }
        buffer_.erase(0, end + 2);
        if (end == 0) state_ = State::done;
        break;
      }
      case State::until_close:
        TLSPP_TRY(append_body(buffer_));
        buffer_.clear();
        return {};
      case State::done: return {};
    }
  }
}

}  // namespace tlspp::https
