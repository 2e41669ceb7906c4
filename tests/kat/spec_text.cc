#include "spec_text.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>

#include "codec/hex.h"

namespace tlspp::kat {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Page footers and running headers of the paginated RFC and Internet-Draft texts.
bool is_page_furniture(std::string_view line) {
  return line.find("[Page ") != npos || starts_with(line, "RFC ") ||
         starts_with(line, "Internet-Draft") || trim(line) == "\f";
}

// Hex digits and white space only, at least one digit.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  return codec::from_hex(text);
}

}  // namespace

SpecText::SpecText(std::string_view file) : file_(file) {
  const std::string path = std::string(TLSPP_SHARED_DIR) + "/specs/" + std::string(file);
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return;
  }
  for (std::string line; std::getline(in, line);) lines_.push_back(line);
}

SpecText::SpecText(std::string file, std::vector<std::string> lines)
    : file_(std::move(file)), lines_(std::move(lines)) {}

SpecText SpecText::section(std::string_view begin, std::string_view end) const {
  std::size_t first = npos;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    if (first == npos && starts_with(lines_[i], begin) && lines_[i].find(". .") == npos) {
      first = i;  // the heading itself, not its table-of-contents entry ("3.  Title . . . 3")
    } else if (first != npos && starts_with(lines_[i], end)) {
      return SpecText(file_ + " " + std::string(begin),
                      std::vector<std::string>(lines_.begin() + static_cast<std::ptrdiff_t>(first),
                                               lines_.begin() + static_cast<std::ptrdiff_t>(i)));
    }
  }
  fail(begin, "section not found");
  return SpecText(file_, {});
}

std::size_t SpecText::find_line(std::string_view prefix) const {
  for (std::size_t i = cursor_; i < lines_.size(); ++i) {
    if (starts_with(trim(lines_[i]), prefix)) return i;
  }
  return npos;
}

void SpecText::fail(std::string_view label, std::string_view why) const {
  ADD_FAILURE() << file_ << ": \"" << label << "\": " << why;
}

void SpecText::seek(std::string_view marker) {
  for (std::size_t i = cursor_; i < lines_.size(); ++i) {
    if (lines_[i].find(marker) != npos) {
      cursor_ = i + 1;
      return;
    }
  }
  fail(marker, "marker not found after the cursor");
  cursor_ = lines_.size();
}

std::vector<std::uint8_t> SpecText::octets(std::string_view label) {
  const std::string prefix = std::string(label) + " (";
  const std::size_t at = find_line(prefix);
  if (at == npos) {
    fail(label, "not found");
    return {};
  }
  // "<label> (N octets):  hh hh ..."
  const std::string_view line = trim(lines_[at]);
  const std::size_t count_at = prefix.size();
  const std::size_t colon = line.find("):", count_at);
  std::size_t expected = 0;
  std::istringstream count(std::string(line.substr(count_at, colon - count_at)));
  std::string unit;
  if (colon == npos || !(count >> expected >> unit) || unit != "octets") {
    fail(label, "no \"(N octets):\"");
    return {};
  }
  cursor_ = at + 1;
  std::vector<std::uint8_t> out;
  std::string_view rest = trim(line.substr(colon + 2));
  if (expected == 0) {
    if (rest != "(empty)") fail(label, "0 octets but a value follows");
    return out;
  }
  std::size_t next = at + 1;
  while (true) {
    if (!rest.empty()) {
      const auto bytes = parse_hex(rest);
      if (!bytes) {
        fail(label, "not hex: " + std::string(rest));
        return {};
      }
      out.insert(out.end(), bytes->begin(), bytes->end());
    }
    if (out.size() >= expected) break;
    // Continue on the next line that carries data, skipping blank lines and page breaks.
    while (next < lines_.size() &&
           (trim(lines_[next]).empty() || is_page_furniture(lines_[next]))) {
      ++next;
    }
    if (next == lines_.size()) break;
    rest = trim(lines_[next++]);
  }
  cursor_ = next;
  if (out.size() != expected) {
    fail(label,
         "expected " + std::to_string(expected) + " octets, read " + std::to_string(out.size()));
    return {};
  }
  return out;
}

std::vector<std::uint8_t> SpecText::hex_lines(std::string_view label) {
  std::size_t at = cursor_;
  while (at < lines_.size() && trim(lines_[at]) != label) ++at;
  if (at == lines_.size()) {
    fail(label, "not found");
    return {};
  }
  std::vector<std::uint8_t> out;
  std::size_t next = at + 1;
  for (; next < lines_.size(); ++next) {
    const auto bytes = parse_hex(lines_[next]);
    if (!bytes) break;
    out.insert(out.end(), bytes->begin(), bytes->end());
  }
  cursor_ = next;
  if (out.empty()) fail(label, "no hex lines follow");
  return out;
}

std::vector<std::uint8_t> SpecText::hexdump(std::string_view label) {
  const std::size_t at = find_line(label);
  if (at == npos) {
    fail(label, "not found");
    return {};
  }
  std::vector<std::uint8_t> out;
  std::size_t next = at + 1;
  for (; next < lines_.size(); ++next) {
    const std::string_view line = trim(lines_[next]);
    std::optional<std::vector<std::uint8_t>> bytes;
    if (line.size() > 5 && std::isdigit(static_cast<unsigned char>(line[0])) &&
        line.substr(3, 2) == "  ") {
      // "000  hh hh ... hh  ascii": 16 bytes take 47 columns after the offset.
      bytes = parse_hex(line.substr(5, 47));
    } else if (line.find(':') != npos) {
      std::string digits(line);
      std::erase(digits, ':');
      bytes = parse_hex(digits);
    }
    if (!bytes) break;
    out.insert(out.end(), bytes->begin(), bytes->end());
  }
  cursor_ = next;
  if (out.empty()) fail(label, "no hex dump follows");
  return out;
}

std::string SpecText::field_text(std::string_view name) {
  std::size_t at = cursor_;
  std::size_t eq = npos;
  for (; at < lines_.size(); ++at) {
    const std::string_view line = trim(lines_[at]);
    if (!starts_with(line, name)) continue;
    const std::string_view after = trim(line.substr(name.size()));
    if (starts_with(after, "=")) {
      eq = lines_[at].find('=');
      break;
    }
  }
  if (at == lines_.size()) {
    fail(name, "not found");
    return {};
  }
  std::string value(trim(std::string_view(lines_[at]).substr(eq + 1)));
  // Continuation lines are indented further and contain no '='.
  std::size_t next = at + 1;
  while (value.find("octets)") == npos && next < lines_.size()) {
    const std::string_view line = trim(lines_[next]);
    if (line.empty() || line.find('=') != npos) break;
    value += " ";
    value += line;
    ++next;
  }
  cursor_ = next;
  return value;
}

std::vector<std::uint8_t> SpecText::field_bytes(std::string_view name) {
  const std::string value = field_text(name);
  if (value.find("(0 octets)") != npos || starts_with(value, "not provided")) return {};
  const std::size_t note = value.find(" (");
  std::size_t expected = 0;
  if (!starts_with(value, "0x") || note == npos ||
      std::sscanf(value.c_str() + note, " (%zu octets)", &expected) != 1) {
    fail(name, "not \"0x... (N octets)\": " + value);
    return {};
  }
  const auto bytes = parse_hex(std::string_view(value).substr(2, note - 2));
  if (!bytes || bytes->size() != expected) {
    fail(name, "hex does not match its octet count: " + value);
    return {};
  }
  return *bytes;
}

}  // namespace tlspp::kat
