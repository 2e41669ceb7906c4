#include "unit/record/rfc8448_trace_events.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace tlspp::record::testing {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\f')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\f')) s.remove_suffix(1);
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the two-digit hex tokens of `text` to `out`; false if any token is not one.
bool append_hex_tokens(std::string_view text, std::vector<std::uint8_t>& out) {
  std::istringstream in{std::string(text)};
  std::string token;
  while (in >> token) {
    if (token.size() != 2 || hex_digit(token[0]) < 0 || hex_digit(token[1]) < 0) return false;
    out.push_back(static_cast<std::uint8_t>(hex_digit(token[0]) * 16 + hex_digit(token[1])));
  }
  return true;
}

// "label (N octets):  hex..." -> label, N and the text after the colon.
bool parse_value_line(std::string_view line, std::string& label, std::size_t& count,
                      std::string_view& rest) {
  const std::size_t open = line.find(" (");
  const std::size_t close = line.find(" octets):");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return false;
  }
  const std::string_view number = line.substr(open + 2, close - open - 2);
  if (number.empty()) return false;
  count = 0;
  for (char c : number) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    count = count * 10 + static_cast<std::size_t>(c - '0');
  }
  label = std::string(trim(line.substr(0, open)));
  rest = line.substr(close + std::string_view(" octets):").size());
  return true;
}

}  // namespace

std::string rfc8448_path() {
  return std::string(TLSPP_SHARED_DIR) + "/specs/rfc8448-draft-vectors.txt";
}

std::vector<TraceEvent> read_rfc8448_events(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);

  std::vector<TraceEvent> events;
  std::string section;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    // A top-level heading at column 0: "3.  Simple 1-RTT Handshake".
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) {
      const std::size_t dot = line.find(".  ");
      if (dot != std::string_view::npos) section = std::string(line.substr(0, dot));
      continue;
    }
    const std::string_view text = trim(line);
    if (text.starts_with("{client}  ") || text.starts_with("{server}  ")) {
      TraceEvent e;
      e.section = section;
      e.actor = std::string(text.substr(1, 6));
      e.action = std::string(text.substr(10));
      events.push_back(std::move(e));
      continue;
    }
    std::string label;
    std::size_t count = 0;
    std::string_view rest;
    if (events.empty() || !line.starts_with("      ") ||
        !parse_value_line(text, label, count, rest)) {
      continue;
    }
    TraceValue value{label, {}};
    if (trim(rest) != "(empty)" && !append_hex_tokens(rest, value.bytes)) {
      ADD_FAILURE() << "bad hex on line " << i + 1 << ": " << line;
    }
    // Continuation lines until the count is reached; page footers/headers (column 0), form feeds
    // and blank lines in between are skipped.
    while (value.bytes.size() < count && i + 1 < lines.size()) {
      const std::string_view next = lines[++i];
      if (trim(next).empty() || !next.starts_with(" ")) continue;
      if (!append_hex_tokens(next, value.bytes)) {
        ADD_FAILURE() << "bad hex on line " << i + 1 << ": " << next;
        break;
      }
    }
    if (value.bytes.size() != count) {
      ADD_FAILURE() << "value '" << label << "' near line " << i + 1 << " has "
                    << value.bytes.size() << " bytes, the trace says " << count;
    }
    events.back().values.push_back(std::move(value));
  }
  return events;
}

}  // namespace tlspp::record::testing
