#include "https/message.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>

namespace tlspp::https {
namespace {

constexpr std::string_view kCrlf = "\r\n";

// RFC 9110 §5.6.2: tchar.
bool is_tchar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

// Visible ASCII and obs-text (RFC 9110 §5.5), plus SP and HTAB inside a field value.
bool is_field_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || u >= 0x20 ? u != 0x7f : false;
  });
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    if (lower(trim_ows(list.substr(0, comma))) == token) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

Error malformed(std::string reason) { return Error(ErrorCode::http_malformed, std::move(reason)); }

// RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
Status parse_request_line(std::string_view line, Request& request) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return malformed("the request line is not METHOD TARGET VERSION");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) return malformed("the method is not a token");
  // Origin-form only (RFC 9112 §3.2.1); absolute-form is for proxies, which tlspp is not.
  if (target.empty() || target.front() != '/' ||
      !std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return malformed("the request target is not an absolute path");
  }
  if (version.size() != 8 || version.substr(0, 7) != "HTTP/1.") {
    if (version.substr(0, 5) == "HTTP/" && version.size() == 8) {
      return Error(ErrorCode::http_unsupported, "HTTP version " + std::string(version));
    }
    return malformed("the request line does not end with an HTTP version");
  }
  if (version[7] != '0' && version[7] != '1') {
    return Error(ErrorCode::http_unsupported, "HTTP version " + std::string(version));
  }
  request.method = method;
  request.target = target;
  request.minor_version = version[7] - '0';
  return {};
}

// Parses "name: value" lines (RFC 9112 §5) and the fields with framing meaning.
Status parse_headers(std::string_view block, const RequestLimits& limits, Request& request,
                     std::size_t& content_length) {
  std::size_t hosts = 0;
  std::optional<std::size_t> length;
  while (!block.empty()) {
    const std::size_t end = block.find(kCrlf);
    const std::string_view line = block.substr(0, end);
    block.remove_prefix(end == std::string_view::npos ? block.size() : end + 2);
    if (request.headers.size() >= limits.max_headers) {
      return Error(ErrorCode::http_too_large,
                   "more than " + std::to_string(limits.max_headers) + " header fields");
    }
    // RFC 9112 §5.2: obsolete line folding is rejected; §5.1: no whitespace before the colon.
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return malformed("a header line is not NAME: VALUE");
    }
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (!is_field_value(value)) return malformed("a header value holds control characters");
    std::string name = lower(line.substr(0, colon));
    if (name == "host") ++hosts;
    if (name == "transfer-encoding") {
      return Error(ErrorCode::http_unsupported, "Transfer-Encoding in a request");
    }
    if (name == "content-length") {
      // RFC 9112 §6.3: an invalid or conflicting Content-Length is unrecoverable.
      if (value.empty() || value.size() > 18 ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return malformed("Content-Length is not a number");
      }
      const std::size_t n = std::stoull(std::string(value));
      if (length && *length != n) return malformed("conflicting Content-Length values");
      length = n;
    }
    request.headers.emplace_back(std::move(name), std::string(value));
  }
  // RFC 9112 §3.2: a 1.1 request without exactly one Host field gets 400.
  if (hosts > 1 || (hosts == 0 && request.minor_version == 1)) {
    return malformed(hosts > 1 ? "more than one Host header" : "no Host header");
  }
  if (hosts == 1) request.host = std::string(*request.header("host"));
  content_length = length.value_or(0);
  if (content_length > limits.max_body) {
    return Error(ErrorCode::http_too_large,
                 "request body over " + std::to_string(limits.max_body) + " bytes");
  }
  const auto connection = request.header("connection");
  request.keep_alive = request.minor_version == 1
                           ? !(connection && has_token(*connection, "close"))
                           : (connection && has_token(*connection, "keep-alive"));
  return {};
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view Request::path() const {
  return std::string_view(target).substr(0, target.find('?'));
}

Status RequestParser::feed(std::span<const std::uint8_t> bytes) {
  return feed(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Status RequestParser::feed(std::string_view text) {
  const std::size_t cap = (limits_.max_header_bytes + limits_.max_body) * limits_.max_pipelined;
  if (buffer_.size() + text.size() > cap) {
    return Error(ErrorCode::http_too_large, "more unanswered request bytes than allowed");
  }
  buffer_.append(text);
  return {};
}

Result<std::optional<Request>> RequestParser::next() {
  const std::string_view input(buffer_);
  const std::size_t line_end = input.find(kCrlf);
  if (line_end == std::string_view::npos ? input.size() > limits_.max_request_line
                                         : line_end > limits_.max_request_line) {
    return Error(ErrorCode::http_too_large,
                 "request line over " + std::to_string(limits_.max_request_line) + " bytes");
  }
  const std::size_t head_end = input.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (input.size() > limits_.max_header_bytes) {
      return Error(
          ErrorCode::http_too_large,
          "request header block over " + std::to_string(limits_.max_header_bytes) + " bytes");
    }
    return std::optional<Request>();
  }
  if (head_end + 4 > limits_.max_header_bytes) {
    return Error(
        ErrorCode::http_too_large,
        "request header block over " + std::to_string(limits_.max_header_bytes) + " bytes");
  }
  Request request;
  TLSPP_TRY(parse_request_line(input.substr(0, line_end), request));
  std::size_t content_length = 0;
  // The header lines between the request line and the empty line (none when they coincide).
  const std::string_view block = line_end == head_end
                                     ? std::string_view()
                                     : input.substr(line_end + 2, head_end - line_end - 2);
  TLSPP_TRY(parse_headers(block, limits_, request, content_length));
  const std::size_t total = head_end + 4 + content_length;
  if (input.size() < total) return std::optional<Request>();
  request.body = std::string(input.substr(head_end + 4, content_length));
  buffer_.erase(0, total);
  return std::optional<Request>(std::move(request));
}

int status_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::http_too_large:
      if (error.reason.rfind("request line", 0) == 0) return 414;
      if (error.reason.rfind("request body", 0) == 0) return 413;
      return 431;
    case ErrorCode::http_unsupported: return error.reason.rfind("HTTP version", 0) == 0 ? 505 : 501;
    default: return 400;
  }
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::string response_head(int status, std::size_t content_length, bool keep_alive,
                          const std::vector<Header>& headers) {
  // Built in one allocation (it is on every response's path).
  char status_text[16];
  const auto status_end = std::to_chars(std::begin(status_text), std::end(status_text), status).ptr;
  char length_text[24];
  const auto length_end =
      std::to_chars(std::begin(length_text), std::end(length_text), content_length).ptr;
  const std::string_view status_digits(status_text,
                                       static_cast<std::size_t>(status_end - status_text));
  const std::string_view length_digits(length_text,
                                       static_cast<std::size_t>(length_end - length_text));
  const std::string_view reason = reason_phrase(status);
  constexpr std::string_view kClose = "Connection: close\r\n";
  std::size_t size = 9 + status_digits.size() + 1 + reason.size() + 2 + 16 + length_digits.size() +
                     2 + (keep_alive ? 0 : kClose.size()) + 2;
  for (const auto& [name, value] : headers) size += name.size() + 2 + value.size() + 2;
  std::string head;
  head.reserve(size);
  head.append("HTTP/1.1 ").append(status_digits).append(" ").append(reason).append("\r\n");
  for (const auto& [name, value] : headers)
    head.append(name).append(": ").append(value).append("\r\n");
  head.append("Content-Length: ").append(length_digits).append("\r\n");
  if (!keep_alive) head.append(kClose);
  head.append("\r\n");
  return head;
}

std::string get_request(std::string_view host, std::uint16_t port, std::string_view target,
                        const std::vector<Header>& headers) {
  std::string host_field(host);
  if (host_field.find(':') != std::string::npos) host_field = "[" + host_field + "]";
  if (port != 443) host_field += ":" + std::to_string(port);
  std::string req = "GET " + std::string(target) + " HTTP/1.1\r\nHost: " + host_field + "\r\n";
  for (const auto& [name, value] : headers) req += name + ": " + value + "\r\n";
  req += "\r\n";
  return req;
}

}  // namespace tlspp::https
