// Record-layer vocabulary shared by the deframer, the protections and the RecordLayer facade:
// size limits from the RFCs, the record views handed between them, the per-direction sequence
// number and the per-record nonce.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::record {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// RFC 8446 §5.1 / RFC 5246 §6.2.1: type(1) || legacy_record_version(2) || length(2).
inline constexpr std::size_t kHeaderSize = 5;
// RFC 8446 §5.1, RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14.
inline constexpr std::size_t kMaxPlaintext = std::size_t{1} << 14;
// RFC 8446 §5.4: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets.
inline constexpr std::size_t kMaxTls13InnerPlaintext = kMaxPlaintext + 1;
// RFC 8446 §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256.
inline constexpr std::size_t kMaxTls13Ciphertext = kMaxPlaintext + 256;
// RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048.
inline constexpr std::size_t kMaxTls12Ciphertext = kMaxPlaintext + 2048;
// The largest record any state accepts: what the deframer buffers at most.
inline constexpr std::size_t kMaxRecordSize = kHeaderSize + kMaxTls12Ciphertext;

// The legacy_record_version values tlspp writes: 0x0301 in an initial ClientHello record
// (RFC 8446 §5.1 "SHOULD"), 0x0303 everywhere else.
inline constexpr std::uint16_t kRecordVersionTls10 = 0x0301;
inline constexpr std::uint16_t kRecordVersionTls12 = 0x0303;

// True for the four content types RFC 8446 §5.1 and RFC 5246 §6.2.1 define (20..23).
constexpr bool is_known_content_type(std::uint8_t type) { return type >= 20 && type <= 23; }

// One complete record as framed on the wire, before any deprotection. `header` is the 5 header
// bytes (the TLS 1.3 additional data); `fragment` is writable so that it can be decrypted in place.
// Both alias the deframer's buffer and stay valid until the deframer is fed again.
struct RawRecord {
  ContentType type;
  std::uint16_t version;
  Bytes header;
  MutableBytes fragment;
};

// A deprotected record: its real content type and content (padding, explicit nonce and tag
// removed). `content` aliases the buffer the record was opened in.
struct OpenedRecord {
  ContentType type;
  MutableBytes content;
};

// A per-direction 64-bit record sequence number (RFC 8446 §5.3, RFC 5246 §6.1). It never wraps:
// once all 2^64 values were used, current() fails with ErrorCode::sequence_exhausted (RFC 8446
// §5.3: an implementation that would need to wrap MUST rekey or terminate).
class SequenceNumber {
 public:
  // The number the next record uses, or sequence_exhausted. `direction` names the direction in
  // the error ("read", "write").
  Result<std::uint64_t> current(std::string_view direction) const;
  // Marks the current number used.
  void advance() {
    if (next_ == UINT64_MAX) {
      exhausted_ = true;
    } else {
      ++next_;
    }
  }
  // How many records have used this key (saturates at 2^64 - 1).
  std::uint64_t used() const { return exhausted_ ? UINT64_MAX : next_; }
  // Test hook: continue from `next` (e.g. 2^64 - 1 to test the wrap refusal).
  void set_for_testing(std::uint64_t next) {
    next_ = next;
    exhausted_ = false;
  }

 private:
  std::uint64_t next_ = 0;
  bool exhausted_ = false;
};

inline constexpr std::size_t kNonceSize = 12;
using Nonce = std::array<std::uint8_t, kNonceSize>;

// RFC 8446 §5.3 (and RFC 7905 §2 for TLS 1.2 ChaCha20-Poly1305): the 64-bit sequence number in
// network byte order, left-padded with zeros to 12 bytes, XORed with the 12-byte static IV.
inline Nonce xor_nonce(std::span<const std::uint8_t, kNonceSize> iv, std::uint64_t seq) {
  Nonce nonce;
  for (std::size_t i = 0; i < kNonceSize; ++i) nonce[i] = iv[i];
  for (std::size_t i = 0; i < 8; ++i) {
    nonce[kNonceSize - 1 - i] ^= static_cast<std::uint8_t>(seq >> (8 * i));
  }
  return nonce;
}

// Writes the 5-byte record header into out[0..5).
inline void write_header(MutableBytes out, ContentType type, std::uint16_t version,
                         std::size_t length) {
  out[0] = static_cast<std::uint8_t>(type);
  out[1] = static_cast<std::uint8_t>(version >> 8);
  out[2] = static_cast<std::uint8_t>(version);
  out[3] = static_cast<std::uint8_t>(length >> 8);
  out[4] = static_cast<std::uint8_t>(length);
}

}  // namespace tlspp::record
