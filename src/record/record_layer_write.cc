// RecordLayer: output side. Each record is sealed at the end of the caller's OutputBuffer: room
// for it is added unfilled, header, type and padding are written there and the AEAD encrypts the
// content from the caller's bytes into it (no copy of the content first).
#include <algorithm>
#include <string>

#include "record/record_layer.h"

namespace tlspp::record {

PaddingPolicy pad_to_multiple_of(std::size_t block) {
  return [block](ContentType, std::size_t content_len, std::size_t max_padding) -> std::size_t {
    if (block == 0) return 0;
    const std::size_t rem = content_len % block;
    return std::min(rem == 0 ? 0 : block - rem, max_padding);
  };
}

std::size_t RecordLayer::max_content_size(ContentType type) const {
  const std::size_t configured = std::min(config_.max_fragment_size, kMaxPlaintext);
  if (std::holds_alternative<Tls13RecordProtection>(write_) &&
      type != ContentType::change_cipher_spec) {
    // RFC 8449 §4: in TLS 1.3 the limit includes the content type byte (and padding).
    const std::size_t limit = std::min(write_size_limit_, kMaxTls13InnerPlaintext);
    return std::min(configured, limit == 0 ? 0 : limit - 1);
  }
  if (std::holds_alternative<Tls12RecordProtection>(write_)) {
    return std::min(configured, write_size_limit_);
  }
  // RFC 8449 §4: unprotected messages are not subject to the limit.
  return configured;
}

Status RecordLayer::seal_record(ContentType type, Bytes content, OutputBuffer& out) {
  const std::size_t max = max_content_size(type);
  if (content.size() > max) {
    return Error(ErrorCode::invalid_argument, "seal_record: " + std::to_string(content.size()) +
                                                  " bytes exceed the record content limit of " +
                                                  std::to_string(max));
  }
  if (content.empty() && type != ContentType::application_data) {
    // RFC 8446 §5.1 / RFC 5246 §6.2.1: no zero-length Handshake, Alert or ChangeCipherSpec.
    return Error(ErrorCode::invalid_argument,
                 "seal_record: an empty record is allowed only for application_data");
  }
  return seal_checked(type, content, out);
}

Status RecordLayer::seal_checked(ContentType type, Bytes content, OutputBuffer& out) {
  const std::size_t start = out.size();
  Status sealed;
  auto* p13 = std::get_if<Tls13RecordProtection>(&write_);
  auto* p12 = std::get_if<Tls12RecordProtection>(&write_);
  if (p13 != nullptr && type != ContentType::change_cipher_spec) {
    std::size_t padding = 0;
    if (config_.padding) {
      // RFC 8446 §5.4 padding, within what the record size limit leaves.
      const std::size_t inner_limit = std::min(write_size_limit_, kMaxTls13InnerPlaintext);
      const std::size_t max_padding =
          inner_limit > content.size() ? inner_limit - 1 - content.size() : 0;
      padding = std::min(config_.padding(type, content.size(), max_padding), max_padding);
    }
    // Room for the record, not filled (OutputBuffer): the content is sealed straight into it.
    out.resize(start + Tls13RecordProtection::sealed_size(content.size(), padding));
    sealed = p13->seal(type, content, MutableBytes(out).subspan(start));
  } else if (p12 != nullptr) {
    out.resize(start + p12->sealed_size(content.size()));
    sealed = p12->seal(type, write_version_, content, MutableBytes(out).subspan(start));
  } else {
    // Plaintext: before keys, and RFC 8446 §5's change_cipher_spec, which is never encrypted.
    out.resize(start + kHeaderSize);
    out.insert(out.end(), content.begin(), content.end());
    // RFC 8446 §5.1: 0x0303 for every record but an initial ClientHello, which MAY use 0x0301 (so
    // an alert sent before the version is negotiated is 0x0303 too).
    const std::uint16_t version =
        p13 != nullptr || type != ContentType::handshake ? kRecordVersionTls12 : write_version_;
    write_header(MutableBytes(out).subspan(start), type, version, content.size());
  }
  if (!sealed.ok()) {
    out.resize(start);
    return sealed;
  }
  if (config_.tracer) {
    config_.tracer(
        RecordTrace{true, static_cast<ContentType>(out[start]), type, out.size() - start});
  }
  return sealed;
}

Status RecordLayer::seal_records(ContentType type, Bytes data, OutputBuffer& out) {
  const std::size_t max = max_content_size(type);
  if (max == 0) return Error(ErrorCode::invalid_argument, "seal_records: no room for content");
  // One reservation for the whole batch: content, plus header, explicit nonce, type and tag per
  // record (padding may add more).
  const std::size_t records = (data.size() + max - 1) / max;
  out.reserve(out.size() + data.size() + records * (kHeaderSize + 8 + 1 + crypto::kAeadTagSize));
  for (std::size_t at = 0; at < data.size(); at += max) {
    // Each piece is non-empty and at most max: seal_record's checks hold.
    TLSPP_TRY(seal_checked(type, data.subspan(at, std::min(max, data.size() - at)), out));
  }
  return ok_status();
}

Status RecordLayer::flush_handshake(OutputBuffer& out) {
  return fragmenter_.flush(max_content_size(ContentType::handshake), [&](Bytes fragment) {
    return seal_record(ContentType::handshake, fragment, out);
  });
}

namespace {
// The std::vector forms seal into an OutputBuffer and append it.
void append(const OutputBuffer& sealed, std::vector<std::uint8_t>& out) {
  out.insert(out.end(), sealed.begin(), sealed.end());
}
}  // namespace

Status RecordLayer::seal_record(ContentType type, Bytes content, std::vector<std::uint8_t>& out) {
  OutputBuffer sealed;
  TLSPP_TRY(seal_record(type, content, sealed));
  append(sealed, out);
  return ok_status();
}

Status RecordLayer::seal_records(ContentType type, Bytes data, std::vector<std::uint8_t>& out) {
  OutputBuffer sealed;
  Status s = seal_records(type, data, sealed);
  append(sealed, out);
  return s;
}

Status RecordLayer::flush_handshake(std::vector<std::uint8_t>& out) {
  OutputBuffer sealed;
  Status s = flush_handshake(sealed);
  append(sealed, out);
  return s;
}

}  // namespace tlspp::record
