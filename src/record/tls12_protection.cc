#include "record/tls12_protection.h"

#include <string>
#include <utility>

namespace tlspp::record {

namespace {

constexpr std::size_t kGcmSaltSize = 4;           // RFC 5288 §3: GCMNonce.salt
constexpr std::size_t kGcmExplicitNonceSize = 8;  // RFC 5288 §3: GCMNonce.nonce_explicit

bool is_gcm(crypto::AeadAlg alg) {
  return alg == crypto::AeadAlg::aes_128_gcm || alg == crypto::AeadAlg::aes_256_gcm;
}

std::size_t iv_size_for(crypto::AeadAlg alg) { return is_gcm(alg) ? kGcmSaltSize : kNonceSize; }

void put_u64(MutableBytes out, std::uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (56 - 8 * i));
}

}  // namespace

Tls12RecordProtection::AdditionalData Tls12RecordProtection::additional_data(
    std::uint64_t seq, ContentType type, std::uint16_t version, std::size_t plaintext_length) {
  AdditionalData ad{};
  put_u64(ad, seq);
  ad[8] = static_cast<std::uint8_t>(type);
  ad[9] = static_cast<std::uint8_t>(version >> 8);
  ad[10] = static_cast<std::uint8_t>(version);
  ad[11] = static_cast<std::uint8_t>(plaintext_length >> 8);
  ad[12] = static_cast<std::uint8_t>(plaintext_length);
  return ad;
}

Tls12RecordProtection::Tls12RecordProtection(AeadSlot aead, codec::SecretBytes iv)
    : aead_(std::move(aead)),
      iv_(std::move(iv)),
      explicit_nonce_size_(is_gcm(aead_.alg()) ? kGcmExplicitNonceSize : 0) {}

Result<Tls12RecordProtection> Tls12RecordProtection::create(crypto::Provider& provider,
                                                            crypto::AeadAlg alg,
                                                            codec::SecretBytes key,
                                                            codec::SecretBytes iv) {
  if (key.size() != crypto::aead_key_size(alg)) {
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.2 record key: " + std::string(crypto::name_of(alg)) + " needs a " +
                     std::to_string(crypto::aead_key_size(alg)) + "-byte key, got " +
                     std::to_string(key.size()));
  }
  if (iv.size() != iv_size_for(alg)) {
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.2 record IV: " + std::string(crypto::name_of(alg)) + " needs " +
                     std::to_string(iv_size_for(alg)) + " bytes, got " + std::to_string(iv.size()));
  }
  TLSPP_ASSIGN_OR_RETURN(AeadSlot aead, AeadSlot::create(provider, alg, std::move(key)));
  return Tls12RecordProtection(std::move(aead), std::move(iv));
}

Result<Tls12RecordProtection> Tls12RecordProtection::from_aead(std::unique_ptr<crypto::Aead> aead,
                                                               codec::SecretBytes iv) {
  if (aead == nullptr) return Error(ErrorCode::invalid_argument, "TLS 1.2 record: no AEAD");
  if (iv.size() != iv_size_for(aead->alg())) {
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.2 record IV: " + std::string(crypto::name_of(aead->alg())) + " needs " +
                     std::to_string(iv_size_for(aead->alg())) + " bytes, got " +
                     std::to_string(iv.size()));
  }
  return Tls12RecordProtection(AeadSlot(std::move(aead)), std::move(iv));
}

Nonce Tls12RecordProtection::nonce_for(std::uint64_t seq, Bytes explicit_nonce) const {
  if (explicit_nonce_size_ == 0) {
    // RFC 7905 §2: the padded sequence number XORed with the 12-byte client/server_write_IV.
    return xor_nonce(iv_.span().first<kNonceSize>(), seq);
  }
  // RFC 5288 §3: struct { opaque salt[4]; opaque nonce_explicit[8]; } GCMNonce;
  Nonce nonce{};
  for (std::size_t i = 0; i < kGcmSaltSize; ++i) nonce[i] = iv_.span()[i];
  for (std::size_t i = 0; i < kGcmExplicitNonceSize; ++i)
    nonce[kGcmSaltSize + i] = explicit_nonce[i];
  return nonce;
}

Status Tls12RecordProtection::seal_in_place(ContentType type, std::uint16_t version,
                                            MutableBytes record) {
  if (record.size() < sealed_size(0)) {
    return Error(ErrorCode::invalid_argument, "TLS 1.2 seal: record buffer too small");
  }
  return seal(type, version, record.subspan(content_offset(), record.size() - sealed_size(0)),
              record);
}

Status Tls12RecordProtection::seal(ContentType type, std::uint16_t version, Bytes content,
                                   MutableBytes record) {
  const std::size_t content_len = content.size();
  if (record.size() != sealed_size(content_len)) {
    return Error(ErrorCode::invalid_argument,
                 "TLS 1.2 seal: record buffer of " + std::to_string(record.size()) +
                     " bytes, expected " + std::to_string(sealed_size(content_len)));
  }
  if (content_len > kMaxPlaintext) {
    return Error(ErrorCode::invalid_argument, "TLS 1.2 seal: content of " +
                                                  std::to_string(content_len) +
                                                  " bytes exceeds 2^14 (RFC 5246 §6.2.1)");
  }
  TLSPP_ASSIGN_OR_RETURN(const std::uint64_t seq, seq_.current("write"));
  TLSPP_ASSIGN_OR_RETURN(crypto::Aead* const aead, aead_.get());

  write_header(record, type, version, record.size() - kHeaderSize);
  // RFC 5288 §3: "The nonce_explicit MAY be the 64-bit sequence number."
  const MutableBytes explicit_nonce = record.subspan(kHeaderSize, explicit_nonce_size_);
  if (explicit_nonce_size_ != 0) put_u64(explicit_nonce, seq);

  const Nonce nonce = nonce_for(seq, explicit_nonce);
  const AdditionalData ad = additional_data(seq, type, version, content_len);
  TLSPP_TRY(aead->seal(nonce, ad, content, record.subspan(content_offset(), content_len),
                       record.subspan(content_offset() + content_len)));
  seq_.advance();
  return ok_status();
}

Result<MutableBytes> Tls12RecordProtection::open(ContentType type, std::uint16_t version,
                                                 MutableBytes fragment) {
  const std::size_t overhead = explicit_nonce_size_ + crypto::kAeadTagSize;
  if (fragment.size() < overhead) {
    return Error(ErrorCode::bad_record_mac,
                 "TLS 1.2 record of " + std::to_string(fragment.size()) +
                     " bytes is too short for its explicit nonce and tag");
  }
  const std::size_t plaintext_len = fragment.size() - overhead;
  if (plaintext_len > kMaxPlaintext) {
    // RFC 5246 §6.2.1 / §7.2.2: a record that decrypts to more than 2^14 bytes is record_overflow.
    return Error(ErrorCode::record_overflow, "TLS 1.2 record plaintext of " +
                                                 std::to_string(plaintext_len) +
                                                 " bytes exceeds 2^14 (RFC 5246 §6.2.1)");
  }
  TLSPP_ASSIGN_OR_RETURN(const std::uint64_t seq, seq_.current("read"));
  TLSPP_ASSIGN_OR_RETURN(crypto::Aead* const aead, aead_.get());
  const Nonce nonce = nonce_for(seq, fragment.first(explicit_nonce_size_));
  const AdditionalData ad = additional_data(seq, type, version, plaintext_len);
  const MutableBytes plaintext = fragment.subspan(explicit_nonce_size_, plaintext_len);
  Status opened =
      aead->open(nonce, ad, plaintext, fragment.subspan(explicit_nonce_size_ + plaintext_len));
  if (!opened.ok()) {
    if (opened.error().code != ErrorCode::aead_open_failed) return std::move(opened).error();
    // RFC 5246 §6.2.3.3: if the decryption fails, a fatal bad_record_mac alert MUST be generated.
    return Error(ErrorCode::bad_record_mac, "TLS 1.2 record " + std::to_string(seq) +
                                                " failed authentication (" +
                                                std::string(crypto::name_of(aead_.alg())) + ")");
  }
  seq_.advance();
  return plaintext;
}

}  // namespace tlspp::record
