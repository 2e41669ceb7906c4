#include "x509/pem.h"

#include <algorithm>
#include <optional>

#include "codec/secret_bytes.h"

namespace tlspp::x509 {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Error error_at(std::size_t line, std::string why) {
  return Error(ErrorCode::pem_malformed, "line " + std::to_string(line) + ": " + why);
}

// The label of an encapsulation boundary line ("-----BEGIN X-----"), or nullopt.
std::optional<std::string_view> boundary_label(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix) || !line.ends_with(kDashes) ||
      line.size() < prefix.size() + kDashes.size()) {
    return std::nullopt;
  }
  return line.substr(prefix.size(), line.size() - prefix.size() - kDashes.size());
}

// Decodes accumulated base64 text (white space already removed).
Result<std::vector<std::uint8_t>> decode_base64(std::string_view b64, std::size_t begin_line) {
  if (b64.size() % 4 != 0) {
    return error_at(begin_line,
                    "base64 length " + std::to_string(b64.size()) + " is not a multiple of 4");
  }
  std::vector<std::uint8_t> out;
  out.reserve(b64.size() / 4 * 3);
  for (std::size_t i = 0; i < b64.size(); i += 4) {
    int v[4];
    std::size_t pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = b64[i + j];
      if (c == '=') {
        if (i + 4 != b64.size() || j < 2) return error_at(begin_line, "misplaced '=' padding");
        ++pad;
        v[j] = 0;
      } else {
        if (pad) return error_at(begin_line, "data after '=' padding");
        v[j] = base64_value(c);
      }
    }
    const std::uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<std::uint8_t>(n >> 16));
    if (pad < 2) out.push_back(static_cast<std::uint8_t>(n >> 8));
    if (pad < 1) out.push_back(static_cast<std::uint8_t>(n));
    // Canonical encoding: the bits dropped by the padding must be zero.
    if ((pad == 1 && (v[2] & 0x3)) || (pad == 2 && (v[1] & 0xF))) {
      return error_at(begin_line, "non-zero bits in the base64 padding");
    }
  }
  return out;
}

}  // namespace

bool looks_like_pem(std::string_view data) { return data.find(kBegin) != std::string_view::npos; }

Result<std::vector<PemBlock>> parse_pem(std::string_view text) {
  std::vector<PemBlock> blocks;
  std::size_t line_no = 0;
  bool in_block = false;
  PemBlock current;
  std::string b64;
  bool seen_padding = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view raw = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    const std::string_view line = trim(raw);
    if (!in_block) {
      if (auto label = boundary_label(line, kBegin)) {
        in_block = true;
        current = PemBlock{std::string(*label), {}, line_no};
        b64.clear();
        seen_padding = false;
      } else if (line.starts_with(kEnd)) {
        return error_at(line_no, "END line without a BEGIN line");
      }
      continue;
    }
    if (auto label = boundary_label(line, kEnd)) {
      if (*label != current.label) {
        return error_at(line_no, "END label '" + std::string(*label) + "' does not match BEGIN '" +
                                     current.label + "' on line " + std::to_string(current.line));
      }
      TLSPP_ASSIGN_OR_RETURN(current.data, decode_base64(b64, current.line));
      if (current.data.empty())
        return error_at(current.line, "empty '" + current.label + "' block");
      blocks.push_back(std::move(current));
      in_block = false;
      continue;
    }
    if (line.starts_with(kBegin)) {
      return error_at(line_no, "BEGIN line inside the '" + current.label +
                                   "' block started on line " + std::to_string(current.line) +
                                   " (missing END line)");
    }
    if (line.find(':') != std::string_view::npos) {
      return error_at(line_no, "encapsulated header '" + std::string(line) +
                                   "' (encrypted PEM is not supported)");
    }
    for (char c : line) {
      if (is_space(c)) continue;
      if (c == '=') {
        seen_padding = true;
      } else if (base64_value(c) < 0) {
        return error_at(line_no, std::string("invalid base64 character '") + c + "'");
      } else if (seen_padding) {
        return error_at(line_no, "base64 data after '=' padding");
      }
      b64 += c;
    }
  }
  if (in_block) {
    return error_at(current.line, "'" + current.label + "' block has no END line");
  }
  return blocks;
}

std::string to_pem(std::string_view label, std::span<const std::uint8_t> der) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  b64.reserve((der.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < der.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, der.size() - i);
    std::uint32_t v = static_cast<std::uint32_t>(der[i]) << 16;
    if (n > 1) v |= static_cast<std::uint32_t>(der[i + 1]) << 8;
    if (n > 2) v |= der[i + 2];
    b64 += kAlphabet[(v >> 18) & 63];
    b64 += kAlphabet[(v >> 12) & 63];
    b64 += n > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    b64 += n > 2 ? kAlphabet[v & 63] : '=';
  }
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t at = 0; at < b64.size(); at += 64) {
    out.append(b64, at, 64);
    out += '\n';
  }
  out += "-----END " + std::string(label) + "-----\n";
  codec::secure_wipe({reinterpret_cast<std::uint8_t*>(b64.data()), b64.size()});
  return out;
}

}  // namespace tlspp::x509
