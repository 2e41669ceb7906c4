// Tls12RecordProtection: TLS 1.2 AEAD record protection for one direction (RFC 5246 §6.2.3.3).
//
//   AES-GCM (RFC 5288 §3): nonce = salt (4 bytes, the key block's write IV) || nonce_explicit
//     (8 bytes, sent in front of the ciphertext; tlspp uses the sequence number, RFC 5288 §3
//     "MAY").
//   ChaCha20-Poly1305 (RFC 7905 §2): nonce = 12-byte write IV XOR the padded sequence number; no
//     explicit part.
//   Both: additional_data = seq_num(8) || type(1) || version(2) || plaintext length(2).
//
// The content type is not hidden and there is no padding. Records are sealed and opened in place;
// nothing is allocated per record. Destroying the object wipes the IV; the Aead wipes the key.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "codec/secret_bytes.h"
#include "crypto/provider.h"
#include "record/aead_slot.h"
#include "record/record_types.h"
#include "tlspp/result.h"

namespace tlspp::record {

class Tls12RecordProtection {
 public:
  // RFC 5246 §6.2.3.3: additional_data = seq_num + TLSCompressed.type + TLSCompressed.version +
  // TLSCompressed.length.
  using AdditionalData = std::array<std::uint8_t, 13>;
  static AdditionalData additional_data(std::uint64_t seq, ContentType type, std::uint16_t version,
                                        std::size_t plaintext_length);

  // Keys an AEAD through `provider`. key: aead_key_size(alg) bytes; iv: the key block's write IV,
  // 4 bytes for AES-GCM (the salt, RFC 5288 §3) or 12 bytes for ChaCha20-Poly1305 (RFC 7905 §2).
  // Both are consumed (the key is kept, wiped, to re-key after release_aead()). invalid_argument
  // for wrong sizes. `provider` must outlive the object.
  static Result<Tls12RecordProtection> create(crypto::Provider& provider, crypto::AeadAlg alg,
                                              codec::SecretBytes key, codec::SecretBytes iv);
  // The same over an already keyed AEAD (tests use a stand-in).
  static Result<Tls12RecordProtection> from_aead(std::unique_ptr<crypto::Aead> aead,
                                                 codec::SecretBytes iv);

  Tls12RecordProtection(Tls12RecordProtection&&) noexcept = default;
  Tls12RecordProtection& operator=(Tls12RecordProtection&&) noexcept = default;

  // 8 for AES-GCM (nonce_explicit), 0 for ChaCha20-Poly1305.
  std::size_t explicit_nonce_size() const { return explicit_nonce_size_; }
  // Where the content starts inside a sealed record (after header and explicit nonce).
  std::size_t content_offset() const { return kHeaderSize + explicit_nonce_size_; }
  // Bytes a sealed record takes for `content_len` bytes of content.
  std::size_t sealed_size(std::size_t content_len) const {
    return content_offset() + content_len + crypto::kAeadTagSize;
  }

  // Seals one record of `type` holding `content` into `record`, exactly
  // sealed_size(content.size()) bytes, encrypting straight from `content` (which is either
  // record.subspan(content_offset(), content.size()) or does not overlap `record`). Errors as
  // seal_in_place().
  Status seal(ContentType type, std::uint16_t version, Bytes content, MutableBytes record);

  // Seals one record in place: `record` is exactly sealed_size(content_len) bytes with the content
  // at record[content_offset(), +content_len). Writes the header (type, version, length), the
  // explicit nonce, the ciphertext and the tag. sequence_exhausted after 2^64 records;
  // invalid_argument when the content exceeds 2^14 bytes.
  Status seal_in_place(ContentType type, std::uint16_t version, MutableBytes record);

  // Opens one record's fragment in place. `type` and `version` come from its header (they are
  // authenticated through the additional data). Returns the plaintext, a subspan of `fragment`.
  // Errors: bad_record_mac (authentication failed, or too short for explicit nonce and tag; the
  // sequence number does not advance), record_overflow (plaintext over 2^14 bytes, RFC 5246
  // §6.2.1), sequence_exhausted.
  Result<MutableBytes> open(ContentType type, std::uint16_t version, MutableBytes fragment);

  crypto::AeadAlg alg() const { return aead_.alg(); }
  // Frees the keyed AEAD until the next record (see AeadSlot); an idle connection's saving.
  void release_aead() { aead_.release(); }
  bool holds_aead() const { return aead_.holds_aead(); }
  // Records sealed or opened so far (the next record's sequence number).
  std::uint64_t sequence() const { return seq_.used(); }
  // Test hook: continue from sequence number `next`.
  void set_sequence_for_testing(std::uint64_t next) { seq_.set_for_testing(next); }

 private:
  Tls12RecordProtection(AeadSlot aead, codec::SecretBytes iv);
  // The 12-byte AEAD nonce for `seq` (and, for AES-GCM, the explicit part `explicit_nonce`).
  Nonce nonce_for(std::uint64_t seq, Bytes explicit_nonce) const;

  AeadSlot aead_;
  codec::SecretBytes iv_;  // 4-byte salt (AES-GCM) or 12-byte IV (ChaCha20-Poly1305)
  std::size_t explicit_nonce_size_ = 0;
  SequenceNumber seq_;
};

}  // namespace tlspp::record
