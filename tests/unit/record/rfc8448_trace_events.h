// The RFC 8448 trace (shared/specs/rfc8448-draft-vectors.txt) as a list of events, so that the
// record tests can replay every record of a section in order. An event is one "{client}  ..." or
// "{server}  ..." paragraph with the labelled byte values printed under it:
//
//   {server}  send handshake record:
//
//      payload (657 octets):  08 00 00 24 00 22 00 0a 00 14 00 12 00 1d
//         ...
//      complete record (679 octets):  17 03 03 02 a2 d1 ff 33 4a 56 f5 bf
//
// Values continue over page breaks (form feeds, page footer and header lines at column 0).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tlspp::record::testing {

struct TraceValue {
  std::string label;  // "payload", "complete record", "key expanded", ...
  std::vector<std::uint8_t> bytes;
};

struct TraceEvent {
  std::string section;  // "3" for "3.  Simple 1-RTT Handshake"
  std::string actor;    // "client" or "server"
  std::string action;   // the event line after the actor, e.g. "send handshake record:"
  std::vector<TraceValue> values;

  // The first value with this label, or nullptr.
  const std::vector<std::uint8_t>* value(std::string_view label) const {
    for (const auto& v : values) {
      if (v.label == label) return &v.bytes;
    }
    return nullptr;
  }
};

// Reads every event of the trace at `path`. Adds a gtest failure (and returns what it could read)
// if the file is missing or a value's byte count disagrees with its "(N octets)" note.
std::vector<TraceEvent> read_rfc8448_events(const std::string& path);

// The trace's path under TLSPP_SHARED_DIR.
std::string rfc8448_path();

}  // namespace tlspp::record::testing
