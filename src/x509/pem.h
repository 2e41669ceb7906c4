// PEM (RFC 7468) reader for certificates and keys, tolerant of the real-world bundle format: text
// before, between and after blocks (comments, "subject=" lines, as in
// /etc/ssl/certs/ca-certificates.crt), CRLF line ends, leading and trailing white space, base64
// lines of any length (RFC 7468 §3 "lax" parsing). Inside a block it is strict: only base64
// characters, padding only at the end, the END label equal to the BEGIN label, no RFC 1421
// encapsulated headers (encrypted PEM is not supported).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlspp/result.h"

namespace tlspp::x509 {

struct PemBlock {
  std::string label;               // "CERTIFICATE", "PRIVATE KEY", ...
  std::vector<std::uint8_t> data;  // the decoded DER
  std::size_t line = 0;            // 1-based line of the BEGIN line
};

// All blocks in `text`, in order (none when there are none). ErrorCode::pem_malformed with a reason
// starting "line N: " for a malformed block.
Result<std::vector<PemBlock>> parse_pem(std::string_view text);

// RFC 7468 §2 text for one block: "-----BEGIN label-----", base64 in 64-column lines,
// "-----END label-----", each line ending in '\n'. The caller wipes the result if `der` was secret.
std::string to_pem(std::string_view label, std::span<const std::uint8_t> der);

// Whether `data` looks like PEM (contains "-----BEGIN ").
bool looks_like_pem(std::string_view data);

}  // namespace tlspp::x509
