#include "record/tls13_protection.h"

#include <string>
#include <utility>

namespace tlspp::record {

AeadUsageLimits AeadUsageLimits::for_algorithm(crypto::AeadAlg alg) {
  switch (alg) {
    case crypto::AeadAlg::aes_128_gcm:
    case crypto::AeadAlg::aes_256_gcm:
      // floor(2^24.5) = 23726566.
      return {.key_update_after = std::uint64_t{1} << 24, .max_records = 23726566};
    case crypto::AeadAlg::chacha20_poly1305:
      return {.key_update_after = std::uint64_t{1} << 63, .max_records = UINT64_MAX};
  }
  return {};
}

Tls13RecordProtection::Tls13RecordProtection(AeadSlot aead, codec::SecretBytes iv)
    : aead_(std::move(aead)),
      iv_(std::move(iv)),
      limits_(AeadUsageLimits::for_algorithm(aead_.alg())) {}

Result<Tls13RecordProtection> Tls13RecordProtection::create(crypto::Provider& provider,
                                                            crypto::AeadAlg alg,
                                                            codec::SecretBytes key,
                                                            codec::SecretBytes iv) {
  if (key.size() != crypto::aead_key_size(alg)) {
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.3 record key: " + std::string(crypto::name_of(alg)) + " needs a " +
                     std::to_string(crypto::aead_key_size(alg)) + "-byte key, got " +
                     std::to_string(key.size()));
  }
  if (iv.size() != kNonceSize) {
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.3 record IV must be 12 bytes, got " + std::to_string(iv.size()));
  }
  TLSPP_ASSIGN_OR_RETURN(AeadSlot aead, AeadSlot::create(provider, alg, std::move(key)));
  return Tls13RecordProtection(std::move(aead), std::move(iv));
}

Result<Tls13RecordProtection> Tls13RecordProtection::from_aead(std::unique_ptr<crypto::Aead> aead,
                                                               codec::SecretBytes iv) {
  if (aead == nullptr) return Error(ErrorCode::invalid_argument, "TLS 1.3 record: no AEAD");
  if (iv.size() != kNonceSize) {
    // RFC 8446 §5.3: iv_length is max(8, N_MIN) = 12 for every TLS 1.3 AEAD.
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.3 record IV must be 12 bytes, got " + std::to_string(iv.size()));
  }
  return Tls13RecordProtection(AeadSlot(std::move(aead)), std::move(iv));
}

Status Tls13RecordProtection::seal_in_place(ContentType type, MutableBytes record,
                                            std::size_t content_len) {
  if (record.size() < sealed_size(content_len, 0)) {
    return Error(ErrorCode::invalid_argument, "TLS 1.3 seal: record buffer too small");
  }
  return seal(type, record.subspan(kContentOffset, content_len), record);
}

Status Tls13RecordProtection::seal(ContentType type, Bytes content, MutableBytes record) {
  const std::size_t content_len = content.size();
  if (record.size() < sealed_size(content_len, 0)) {
    return Error(ErrorCode::invalid_argument, "TLS 1.3 seal: record buffer too small");
  }
  // Everything between the type byte and the tag is padding.
  const std::size_t inner_len = record.size() - kHeaderSize - crypto::kAeadTagSize;
  if (inner_len > kMaxTls13InnerPlaintext) {
    // RFC 8446 §5.4: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets.
    return Error(ErrorCode::invalid_argument, "TLS 1.3 seal: inner plaintext of " +
                                                  std::to_string(inner_len) +
                                                  " bytes exceeds 2^14 + 1 (RFC 8446 §5.4)");
  }
  TLSPP_ASSIGN_OR_RETURN(const std::uint64_t seq, seq_.current("write"));
  if (limits_.max_records != UINT64_MAX && seq >= limits_.max_records) {
    // RFC 8446 §5.5: implementations SHOULD do a key update prior to reaching these limits.
    return Error(ErrorCode::sequence_exhausted, "TLS 1.3 write key reached its usage limit of " +
                                                    std::to_string(limits_.max_records) +
                                                    " records for " +
                                                    std::string(crypto::name_of(aead_.alg())) +
                                                    " (RFC 8446 §5.5); a KeyUpdate was required");
  }
  TLSPP_ASSIGN_OR_RETURN(crypto::Aead* const aead, aead_.get());

  const MutableBytes inner = record.subspan(kHeaderSize, inner_len);
  // RFC 8446 §5.2: TLSInnerPlaintext = content || ContentType type || zeros[length_of_padding].
  // The type and padding are written in place behind where the content goes; the AEAD reads the
  // content from `content` and this tail from `inner`.
  inner[content_len] = static_cast<std::uint8_t>(type);
  for (std::uint8_t& b : inner.subspan(content_len + 1)) b = 0;
  // RFC 8446 §5.2: opaque_type = application_data(23), legacy_record_version = 0x0303,
  // length = inner plaintext + AEAD expansion; the header is the additional data.
  write_header(record, ContentType::application_data, kRecordVersionTls12,
               inner_len + crypto::kAeadTagSize);

  const Nonce nonce = xor_nonce(iv_.span().first<kNonceSize>(), seq);
  TLSPP_TRY(aead->seal(nonce, record.first(kHeaderSize), content, inner,
                       record.subspan(kHeaderSize + inner_len)));
  seq_.advance();
  return ok_status();
}

Result<OpenedRecord> Tls13RecordProtection::open(Bytes header, MutableBytes encrypted_record) {
  if (encrypted_record.size() < crypto::kAeadTagSize) {
    return Error(ErrorCode::bad_record_mac,
                 "TLS 1.3 record of " + std::to_string(encrypted_record.size()) +
                     " bytes is too short to hold an authentication tag");
  }
  TLSPP_ASSIGN_OR_RETURN(const std::uint64_t seq, seq_.current("read"));
  const std::size_t inner_len = encrypted_record.size() - crypto::kAeadTagSize;
  const MutableBytes inner = encrypted_record.first(inner_len);
  TLSPP_ASSIGN_OR_RETURN(crypto::Aead* const aead, aead_.get());
  const Nonce nonce = xor_nonce(iv_.span().first<kNonceSize>(), seq);
  Status opened = aead->open(nonce, header, inner, encrypted_record.subspan(inner_len));
  if (!opened.ok()) {
    if (opened.error().code != ErrorCode::aead_open_failed) return std::move(opened).error();
    // RFC 8446 §5.2: if the decryption fails, the receiver MUST terminate the connection with a
    // "bad_record_mac" alert.
    return Error(ErrorCode::bad_record_mac, "TLS 1.3 record " + std::to_string(seq) +
                                                " failed authentication (" +
                                                std::string(crypto::name_of(aead_.alg())) + ")");
  }
  seq_.advance();

  if (inner_len > kMaxTls13InnerPlaintext) {
    // RFC 8446 §5.4: the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets.
    return Error(ErrorCode::record_overflow, "TLS 1.3 inner plaintext of " +
                                                 std::to_string(inner_len) +
                                                 " bytes exceeds 2^14 + 1 (RFC 8446 §5.4)");
  }
  // RFC 8446 §5.4: scan from the end for the first non-zero octet, which is the content type.
  std::size_t type_at = inner_len;
  while (type_at > 0 && inner[type_at - 1] == 0) --type_at;
  if (type_at == 0) {
    return Error(ErrorCode::unexpected_message,
                 "TLS 1.3 record " + std::to_string(seq) +
                     " has no non-zero octet in its inner plaintext (RFC 8446 §5.4)");
  }
  return OpenedRecord{.type = static_cast<ContentType>(inner[type_at - 1]),
                      .content = inner.first(type_at - 1)};
}

}  // namespace tlspp::record
