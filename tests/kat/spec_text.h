// Reads test vectors straight from the RFC texts in TLSPP_SHARED_DIR/specs, so that the
// known-answer tests check against the spec itself rather than a copy. Each reader walks forward
// through the text with a cursor; a value that cannot be found or parsed records a test failure
// naming the file and the label, and comes back empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tlspp::kat {

class SpecText {
 public:
  // Loads specs/<file> from TLSPP_SHARED_DIR (a missing file is a test failure).
  explicit SpecText(std::string_view file);

  bool loaded() const { return !lines_.empty(); }

  // The lines from the one starting with `begin` (a section heading at column 0) up to, not
  // including, the next one starting with `end`.
  SpecText section(std::string_view begin, std::string_view end) const;

  // Moves the cursor past the next line containing `marker`.
  void seek(std::string_view marker);

  // RFC 8448 style: the next "<label> (N octets):  hh hh ..." value, continued on the following
  // lines (across page breaks) until N bytes are read. "(0 octets):  (empty)" gives no bytes.
  std::vector<std::uint8_t> octets(std::string_view label);

  // RFC 7748 style: the hex on the lines following the next line reading `label`.
  std::vector<std::uint8_t> hex_lines(std::string_view label);

  // RFC 8439 style: the hex dump after the next line starting with `label`, in the form
  // "000  hh hh ... hh  ascii" (offset, up to 16 bytes, ASCII column) or "hh:hh:...:hh".
  std::vector<std::uint8_t> hexdump(std::string_view label);

  // RFC 5869 style: the next "<name> = value" line, continuation lines included, as text
  // (white space collapsed).
  std::string field_text(std::string_view name);
  // The same field as bytes: "0x..." hex checked against its "(N octets)" note; "(0 octets)" and
  // "not provided" give no bytes.
  std::vector<std::uint8_t> field_bytes(std::string_view name);

 private:
  SpecText(std::string file, std::vector<std::string> lines);
  // Index of the next line (from the cursor) whose trimmed text starts with `prefix`, or npos.
  std::size_t find_line(std::string_view prefix) const;
  void fail(std::string_view label, std::string_view why) const;

  std::string file_;
  std::vector<std::string> lines_;
  std::size_t cursor_ = 0;
};

}  // namespace tlspp::kat
