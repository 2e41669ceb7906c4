#include "support/rfc8448.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "codec/hex.h"

#ifndef TLSPP_SHARED_DIR
#error "TLSPP_SHARED_DIR must name the shared/ folder"
#endif

namespace tlspp::test::rfc8448 {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits off the next line of `text` (without its '\n').
std::string_view next_line(std::string_view& text) {
  const std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  return line;
}

bool is_page_break(std::string_view line) {
  const std::string_view t = trim(line);
  return t.empty() || t.find("[Page ") != std::string_view::npos ||
         t.starts_with("Internet-Draft ");
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes of a line made only of two-digit hex tokens, or nullopt.
std::optional<std::vector<std::uint8_t>> hex_tokens(std::string_view line) {
  std::vector<std::uint8_t> out;
  std::istringstream tokens{std::string(line)};
  std::string token;
  while (tokens >> token) {
    if (token.size() != 2 || hex_digit(token[0]) < 0 || hex_digit(token[1]) < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(hex_digit(token[0]) * 16 + hex_digit(token[1])));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// The N of "(N octets)" in a label line, if present.
std::optional<std::size_t> declared_octets(std::string_view label_line) {
  const std::size_t open = label_line.find('(');
  const std::size_t word = label_line.find(" octets)");
  if (open == std::string_view::npos || word == std::string_view::npos || word < open) {
    return std::nullopt;
  }
  std::size_t n = 0;
  const char* first = label_line.data() + open + 1;
  const char* last = label_line.data() + word;
  if (std::from_chars(first, last, n).ptr != last) return std::nullopt;
  return n;
}

Error failure(std::string_view label, std::string why) {
  return Error(ErrorCode::invalid_argument,
               "RFC 8448 trace: block \"" + std::string(label) + "\": " + std::move(why));
}

}  // namespace

const std::string& trace() {
  static const std::string text = [] {
    std::ifstream in(std::string(TLSPP_SHARED_DIR) + "/specs/rfc8448-draft-vectors.txt");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

std::string_view section(std::string_view text, std::string_view number) {
  const std::string heading = std::string(number) + ".  ";
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::string_view start = rest;
    const std::string_view line = next_line(rest);
    if (!line.starts_with(heading)) continue;
    // The section runs to the next line that starts with a digit (a top-level heading).
    std::string_view body = rest;
    while (!body.empty()) {
      const std::string_view here = body;
      const std::string_view l = next_line(body);
      if (!l.empty() && std::isdigit(static_cast<unsigned char>(l.front())) &&
          l.find(".  ") != std::string_view::npos) {
        return start.substr(0, start.size() - here.size());
      }
    }
    return start;
  }
  return {};
}

std::string_view after(std::string_view text, std::string_view anchor, std::size_t occurrence) {
  std::size_t at = 0;
  for (std::size_t i = 0;; ++i) {
    at = text.find(anchor, at);
    if (at == std::string_view::npos) return {};
    if (i == occurrence) return text.substr(at + anchor.size());
    at += anchor.size();
  }
}

Result<std::vector<std::uint8_t>> block(std::string_view text, std::string_view label) {
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::string_view line = next_line(rest);
    const std::string_view t = trim(line);
    if (!t.starts_with(label)) continue;
    const std::string_view tail = t.substr(label.size());
    if (!tail.starts_with(" (") && !tail.starts_with(":")) continue;
    const std::size_t colon = t.find(':');
    if (colon == std::string_view::npos) continue;

    std::vector<std::uint8_t> bytes;
    const std::string_view first = trim(t.substr(colon + 1));
    bool more = true;
    if (first == "(empty)") {
      more = false;
    } else if (!first.empty()) {
      auto hex = hex_tokens(first);
      if (!hex) return failure(label, "not hex: \"" + std::string(first) + "\"");
      bytes = std::move(*hex);
    }
    while (more && !rest.empty()) {
      std::string_view peek = rest;
      const std::string_view l = next_line(peek);
      if (auto hex = hex_tokens(l)) {
        bytes.insert(bytes.end(), hex->begin(), hex->end());
      } else if (!is_page_break(l)) {
        break;
      }
      rest = peek;
    }
    if (const auto n = declared_octets(t); n && *n != bytes.size()) {
      return failure(label, "declares " + std::to_string(*n) + " octets, found " +
                                std::to_string(bytes.size()));
    }
    return bytes;
  }
  return failure(label, "not found");
}

Result<std::vector<std::uint8_t>> find(std::string_view section_number, std::string_view anchor,
                                       std::string_view label) {
  std::string_view text = section(trace(), section_number);
  if (text.empty()) return failure(label, "no section " + std::string(section_number));
  if (!anchor.empty()) {
    text = after(text, anchor);
    if (text.empty()) return failure(label, "anchor \"" + std::string(anchor) + "\" not found");
  }
  return block(text, label);
}

Bytes value(std::string_view section_number, std::string_view anchor, std::string_view label,
            std::size_t occurrence) {
  const std::string_view text = after(section(trace(), section_number), anchor, occurrence);
  auto bytes = block(text, label);
  if (!bytes.ok()) {
    ADD_FAILURE() << "RFC 8448 §" << section_number << ": " << anchor << " / " << label << ": "
                  << bytes.error().to_string();
    return {};
  }
  return std::move(bytes).value();
}

Bytes body_of(const Bytes& message) { return Bytes(message.begin() + 4, message.end()); }
Bytes random_of(const Bytes& hello) { return Bytes(hello.begin() + 6, hello.begin() + 38); }

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Bytes drain(Connection& c) {
  auto out = c.pending_output();
  Bytes bytes(out.begin(), out.end());
  c.consume_output(bytes.size());
  return bytes;
}

::testing::AssertionResult same_bytes(const Bytes& actual, const Bytes& expected) {
  if (actual == expected) return ::testing::AssertionSuccess();
  std::size_t i = 0;
  while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) ++i;
  auto around = [i](const Bytes& b) {
    const std::size_t from = std::min(i < 8 ? 0 : i - 8, b.size());
    return codec::to_hex(
        std::span<const std::uint8_t>(b).subspan(from, std::min<std::size_t>(24, b.size() - from)));
  };
  return ::testing::AssertionFailure()
         << "sizes " << actual.size() << " and " << expected.size() << "; first difference at " << i
         << ": ours ..." << around(actual) << ", the trace's ..." << around(expected);
}

ExtensionEditor trace_order(HandshakeType message, const msgs::Extensions& reference,
                            std::set<std::uint16_t> added,
                            std::shared_ptr<std::vector<std::uint16_t>> built) {
  return [=](HandshakeType m, RawExtensions& extensions) {
    if (m != message) return;
    if (built) {
      built->clear();
      for (const auto& e : extensions) built->push_back(e.first);
    }
    RawExtensions out;
    for (const auto& ref : reference.entries) {
      const auto type = static_cast<std::uint16_t>(ref.type);
      auto mine = std::find_if(extensions.begin(), extensions.end(),
                               [&](const auto& e) { return e.first == type; });
      if (mine != extensions.end()) {
        out.push_back(std::move(*mine));
      } else if (added.contains(type)) {
        out.emplace_back(type, ref.body);
      }
    }
    extensions = std::move(out);
  };
}

}  // namespace tlspp::test::rfc8448
