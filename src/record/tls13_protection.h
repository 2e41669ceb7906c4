// Tls13RecordProtection: TLS 1.3 record protection for one direction (RFC 8446 §5.2-§5.5).
//
// One object per traffic key: it owns the keyed AEAD (in an AeadSlot, which keeps the key so an
// idle connection can free the AEAD with release_aead()) and the static IV and counts the
// sequence number. Records are sealed into and opened in caller-owned buffers; nothing is
// allocated per record. Destroying the object (e.g. when RecordLayer installs the next key) wipes
// the IV and the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "codec/secret_bytes.h"
#include "crypto/provider.h"
#include "record/aead_slot.h"
#include "record/record_types.h"
#include "tlspp/result.h"

namespace tlspp::record {

// AEAD usage limits for one traffic key, counted in records sealed (RFC 8446 §5.5).
struct AeadUsageLimits {
  // needs_key_update() turns true once this many records were sealed: the connection then sends
  // a KeyUpdate while the key still has margin.
  std::uint64_t key_update_after = UINT64_MAX;
  // seal() refuses (ErrorCode::sequence_exhausted) once this many records were sealed, in case the
  // connection ignored needs_key_update(). UINT64_MAX: no limit but the sequence number's own.
  std::uint64_t max_records = UINT64_MAX;

  // RFC 8446 §5.5: AES-GCM may encrypt up to 2^24.5 full-size records (about 24 million) per key;
  // the key update is asked for at 2^24, leaving ~7 million records of margin. ChaCha20-Poly1305:
  // "the record sequence number would wrap before the safety limit is reached", so only the
  // sequence number bounds it; the update is asked for at 2^63, long before the wrap.
  static AeadUsageLimits for_algorithm(crypto::AeadAlg alg);
};

class Tls13RecordProtection {
 public:
  // Keys an AEAD through `provider`. key: aead_key_size(alg) bytes; iv: 12 bytes (RFC 8446 §7.3
  // iv_length). Both are consumed (the key is kept, wiped, to re-key after release_aead()).
  // invalid_argument for wrong sizes; the provider's error when keying fails. `provider` must
  // outlive the object.
  static Result<Tls13RecordProtection> create(crypto::Provider& provider, crypto::AeadAlg alg,
                                              codec::SecretBytes key, codec::SecretBytes iv);
  // The same over an already keyed AEAD (tests use a stand-in).
  static Result<Tls13RecordProtection> from_aead(std::unique_ptr<crypto::Aead> aead,
                                                 codec::SecretBytes iv);

  Tls13RecordProtection(Tls13RecordProtection&&) noexcept = default;
  Tls13RecordProtection& operator=(Tls13RecordProtection&&) noexcept = default;

  // Bytes a sealed record takes for `content_len` bytes of content and `padding` zero bytes:
  // header + content + type + padding + tag.
  static constexpr std::size_t sealed_size(std::size_t content_len, std::size_t padding) {
    return kHeaderSize + content_len + 1 + padding + crypto::kAeadTagSize;
  }
  // Where the content starts inside a sealed record.
  static constexpr std::size_t kContentOffset = kHeaderSize;

  // Seals one record of `type` holding `content` into `record`, which is exactly
  // sealed_size(content.size(), padding) bytes: header (opaque_type 23, 0x0303, length), then the
  // encrypted TLSInnerPlaintext (content, inner type, `padding` zeros) and the tag. The content
  // is encrypted straight from `content` (no copy into `record` first); `content` is either
  // record.subspan(kContentOffset, content.size()) (in place) or does not overlap `record`.
  // Errors as seal_in_place().
  Status seal(ContentType type, Bytes content, MutableBytes record);

  // Seals one record in place. `record` is exactly sealed_size(content_len, padding) bytes with the
  // content already at record[kContentOffset, +content_len); the rest is overwritten: header
  // (opaque_type 23, 0x0303, length), inner type, zero padding, ciphertext, tag. Fails with
  // sequence_exhausted when the key's record budget is used up, invalid_argument when the inner
  // plaintext would exceed 2^14 + 1 bytes.
  Status seal_in_place(ContentType type, MutableBytes record, std::size_t content_len);

  // Opens one TLSCiphertext in place. `header` is the record's 5 header bytes (the AAD);
  // `encrypted_record` its body, decrypted in place. Returns the inner content type and content (a
  // prefix of encrypted_record). Errors: bad_record_mac (authentication failed or the record is
  // too short to hold a tag; the sequence number does not advance), unexpected_message (no
  // non-zero byte in the inner plaintext), record_overflow (inner plaintext over 2^14 + 1 bytes),
  // sequence_exhausted.
  Result<OpenedRecord> open(Bytes header, MutableBytes encrypted_record);

  crypto::AeadAlg alg() const { return aead_.alg(); }
  // Frees the keyed AEAD until the next record (see AeadSlot); an idle connection's saving.
  void release_aead() { aead_.release(); }
  bool holds_aead() const { return aead_.holds_aead(); }
  // Records sealed or opened with this key so far (the next record's sequence number).
  std::uint64_t sequence() const { return seq_.used(); }
  // True once the write key has sealed limits().key_update_after records (RFC 8446 §5.5).
  bool needs_key_update() const { return seq_.used() >= limits_.key_update_after; }
  const AeadUsageLimits& limits() const { return limits_; }
  void set_limits(const AeadUsageLimits& limits) { limits_ = limits; }

  // Test hook: continue from sequence number `next`.
  void set_sequence_for_testing(std::uint64_t next) { seq_.set_for_testing(next); }

 private:
  Tls13RecordProtection(AeadSlot aead, codec::SecretBytes iv);

  AeadSlot aead_;
  codec::SecretBytes iv_;  // 12 bytes
  SequenceNumber seq_;
  AeadUsageLimits limits_;
};

}  // namespace tlspp::record
