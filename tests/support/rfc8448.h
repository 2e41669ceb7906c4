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

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "msgs/extensions.h"
#include "tlspp/config.h"
#include "tlspp/connection.h"
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

// ---- feeding the trace to Connections (the §3 and §4 byte-for-byte tests) ----

using Bytes = std::vector<std::uint8_t>;

// find(section_number, anchor, label) at the `occurrence`-th anchor; a test failure naming the
// section, anchor and label is recorded when absent (the result is then empty).
Bytes value(std::string_view section_number, std::string_view anchor, std::string_view label,
            std::size_t occurrence = 0);

// A handshake message's body (after its 4-byte header).
Bytes body_of(const Bytes& message);
// A ClientHello's or ServerHello's random (the message with its header).
Bytes random_of(const Bytes& hello);
Bytes concat(const Bytes& a, const Bytes& b);
// Everything `c` has to send, consumed.
Bytes drain(Connection& c);

// Equality of byte strings, reporting the sizes and the first differing offset in hex.
::testing::AssertionResult same_bytes(const Bytes& actual, const Bytes& expected);

// An edit_extensions hook for `message`: the result lists, in the order of `reference` (the trace's
// extensions of that message), tlspp's own entry of each type it built and the reference's entry
// of each type in `added`. When `built` is given, it receives the types tlspp built, so a test can
// check that it built exactly the expected ones (an entry tlspp built that the trace lacks is
// dropped here and shows up there).
ExtensionEditor trace_order(HandshakeType message, const msgs::Extensions& reference,
                            std::set<std::uint16_t> added,
                            std::shared_ptr<std::vector<std::uint16_t>> built = nullptr);

}  // namespace tlspp::test::rfc8448
