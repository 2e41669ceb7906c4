// Reading byte blocks out of the RFC 8448 trace text (shared/specs/rfc8448-draft-vectors.txt) at
// test time, so tests quote the spec rather than copies of it.
//
// The trace prints each value as a label line followed by hex, e.g.
//
//      ClientHello (196 octets):  01 00 00 c0 03 03 66 60 26 1f f9 47 ce
//         a4 9c ce 6c fa d6 87 f4 57 cf 1b 14 53 1b a1 41 31 a0 e8 f3 09
//
// and values repeat across sections and between client and server, so a lookup is usually
// narrowed first: section("3") then after("{server}  construct a Finished") then block("Finished").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tlspp/result.h"

namespace tlspp::test::rfc8448 {

// The whole trace text, read once from TLSPP_SHARED_DIR/specs/rfc8448-draft-vectors.txt. Empty if
// the file cannot be read (block() then reports the label as not found).
const std::string& trace();

// The text of top-level section `number` ("3" for "3.  Simple 1-RTT Handshake"), from its heading
// to the next top-level heading; empty when there is no such section.
std::string_view section(std::string_view text, std::string_view number);

// The text following the `occurrence`-th (0-based) occurrence of `anchor`; empty when absent.
std::string_view after(std::string_view text, std::string_view anchor, std::size_t occurrence = 0);

// The bytes of the first block labelled `label` in `text`. A label line is a line whose text
// (after indentation) starts with `label` followed by " (" or ":"; so "ClientHello" does not match
// "ClientHello prefix". The bytes start after the line's first ':' and continue over the following
// lines while they hold only two-digit hex tokens; blank lines and page breaks (form feeds, page
// footers and headers) inside a block are skipped. "(empty)" is an empty block. When the label
// says "(N octets)", the block must hold N bytes.
// Failure: ErrorCode::invalid_argument naming the label (not found, bad hex, wrong count).
Result<std::vector<std::uint8_t>> block(std::string_view text, std::string_view label);

// block(after(section(trace(), section_number), anchor), label); an empty anchor means the whole
// section.
Result<std::vector<std::uint8_t>> find(std::string_view section_number, std::string_view anchor,
                                       std::string_view label);

}  // namespace tlspp::test::rfc8448
