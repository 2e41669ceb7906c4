// RecordLayer: input side (deprotection and the per-record rules) and key installation. The
// output side is in record_layer_write.cc.
#include "record/record_layer.h"

#include <string>
#include <utility>

namespace tlspp::record {

namespace {

std::string type_name(ContentType type) {
  const std::string_view name = name_of(type);
  return name.empty() ? std::to_string(static_cast<int>(type)) : std::string(name);
}

// RFC 8446 §4.2.10 / §5.2: the least overhead of a protected TLS 1.3 record (type byte + tag), so
// that fragment size minus this is a lower bound of the early data it carried.
constexpr std::size_t kMinTls13Overhead = 1 + crypto::kAeadTagSize;

}  // namespace

RecordLayer::RecordLayer(RecordLayerConfig config)
    : config_(std::move(config)), reassembler_(config_.max_handshake_message_size) {}

Error RecordLayer::fail(Error error) {
  error_ = error;
  return error;
}

Result<std::size_t> RecordLayer::feed(Bytes input) {
  if (error_) return *error_;
  auto taken = deframer_.feed(input);
  if (!taken.ok()) return fail(taken.error());
  return taken;
}

Status RecordLayer::commit_input(std::size_t n) {
  if (error_) return *error_;
  Status s = deframer_.commit(n);
  if (!s.ok()) return fail(s.error());
  return s;
}

Result<std::optional<Inbound>> RecordLayer::next() {
  if (error_) return *error_;
  auto result = next_impl();
  if (!result.ok()) return fail(result.error());
  return result;
}

Status RecordLayer::no_progress(std::string_view what) {
  ++records_without_progress_;
  if (records_without_progress_ > config_.max_records_without_progress) {
    return Error(ErrorCode::too_many_empty_records,
                 std::to_string(records_without_progress_) +
                     " records in a row carried no data (last: " + std::string(what) +
                     "); the limit is " + std::to_string(config_.max_records_without_progress));
  }
  return ok_status();
}

Status RecordLayer::note_record_without_progress() {
  if (error_) return *error_;
  Status s = no_progress("reported by the handshake layer");
  if (!s.ok()) return fail(s.error());
  return s;
}

Result<std::optional<Inbound>> RecordLayer::next_impl() {
  for (;;) {
    // Complete messages of the last handshake record come first, one per call.
    if (!reassembler_.empty()) {
      TLSPP_ASSIGN_OR_RETURN(std::optional<HandshakeMessage> msg, reassembler_.next());
      if (msg) {
        return Inbound{.type = ContentType::handshake,
                       .content = msg->encoded,
                       .handshake_type = msg->type,
                       .handshake_body = msg->body};
      }
    }
    std::optional<RawRecord> raw = deframer_.next_record();
    if (!raw) return std::optional<Inbound>();
    TLSPP_ASSIGN_OR_RETURN(std::optional<OpenedRecord> record, unprotect(*raw));
    if (config_.tracer) {
      config_.tracer(RecordTrace{false, raw->type, record ? record->type : raw->type,
                                 raw->header.size() + raw->fragment.size()});
    }
    if (!record) continue;  // dropped

    const ContentType type = record->type;
    if (type != ContentType::handshake) {
      // RFC 5246 §6.2.1 lets TLS 1.2 interleave other content types, so a TLS 1.2 alert may
      // arrive between the fragments of a handshake message; nothing else may (RFC 8446 §5.1).
      const bool interleaving_allowed =
          version_ == ProtocolVersion::tls1_2 && type == ContentType::alert;
      if (!interleaving_allowed) TLSPP_TRY(reassembler_.check_other_record(type));
    }
    if (record->content.empty()) {
      if (type != ContentType::application_data) {
        // RFC 8446 §5.4: Handshake and Alert records with a zero-length TLSInnerPlaintext.content
        // MUST be answered with unexpected_message. RFC 5246 §6.2.1: zero-length Handshake,
        // Alert or ChangeCipherSpec fragments MUST NOT be sent.
        return Error(ErrorCode::unexpected_message,
                     "empty " + type_name(type) + " record (RFC 8446 §5.4, RFC 5246 §6.2.1)");
      }
      // RFC 8446 §5.1: zero-length application data MAY be sent; counted against the cap.
      TLSPP_TRY(no_progress("empty application_data record"));
      continue;
    }
    switch (type) {
      case ContentType::handshake:
        records_without_progress_ = 0;
        TLSPP_TRY(reassembler_.add(record->content));
        continue;
      case ContentType::application_data:
        records_without_progress_ = 0;
        return Inbound{.type = type,
                       .content = record->content,
                       .handshake_type = HandshakeType::hello_request,
                       .handshake_body = {}};
      case ContentType::alert:
      case ContentType::change_cipher_spec:
        return Inbound{.type = type,
                       .content = record->content,
                       .handshake_type = HandshakeType::hello_request,
                       .handshake_body = {}};
      default:
        // RFC 8446 §5: an unexpected record type MUST be answered with unexpected_message.
        return Error(ErrorCode::unexpected_message,
                     "record with unknown inner content type " + type_name(type));
    }
  }
}

Result<std::optional<OpenedRecord>> RecordLayer::skip_early_data(const RawRecord& raw) {
  const std::size_t size = raw.fragment.size();
  const std::size_t early_bytes = size > kMinTls13Overhead ? size - kMinTls13Overhead : 0;
  skipped_bytes_ += early_bytes;
  if (skipped_bytes_ > *skip_limit_) {
    // RFC 8446 §4.2.10: if the data received exceeds max_early_data_size the server MUST
    // terminate the connection with an "unexpected_message" alert.
    return Error(ErrorCode::too_much_early_data,
                 "skipped at least " + std::to_string(skipped_bytes_) +
                     " bytes of rejected early data, over max_early_data_size " +
                     std::to_string(*skip_limit_) + " (RFC 8446 §4.2.10)");
  }
  if (early_bytes == 0) {
    TLSPP_TRY(no_progress("empty skipped early data record"));
  } else {
    records_without_progress_ = 0;
  }
  return std::optional<OpenedRecord>();
}

Result<std::optional<OpenedRecord>> RecordLayer::unprotect_tls13_ccs(const RawRecord& raw) {
  // RFC 8446 §5: an unencrypted change_cipher_spec consisting of the single byte 0x01, received
  // after the first ClientHello and before the peer's Finished, MUST simply be dropped; any other
  // value is unexpected_message, and so is any change_cipher_spec outside that window.
  if (!compat_ccs_allowed_) {
    return Error(ErrorCode::unexpected_message,
                 "change_cipher_spec record outside the TLS 1.3 compatibility window (RFC 8446 "
                 "§5)");
  }
  if (raw.fragment.size() != 1 || raw.fragment[0] != 0x01) {
    return Error(ErrorCode::unexpected_message,
                 "TLS 1.3 change_cipher_spec record must be the single byte 0x01, got " +
                     std::to_string(raw.fragment.size()) + " bytes (RFC 8446 §5)");
  }
  TLSPP_TRY(no_progress("compatibility change_cipher_spec"));
  return std::optional<OpenedRecord>();
}

Result<std::optional<OpenedRecord>> RecordLayer::unprotect(const RawRecord& raw) {
  if (version_ == ProtocolVersion::tls1_2 && raw.version != kRecordVersionTls12) {
    // RFC 5246 §6.2.1: version is the version of the protocol being employed.
    return Error(ErrorCode::protocol_version,
                 "TLS 1.2 record carries version " + std::to_string(raw.version >> 8) + "." +
                     std::to_string(raw.version & 0xFF) + ", expected 3.3");
  }
  const bool tls12 =
      version_ == ProtocolVersion::tls1_2 || std::holds_alternative<Tls12RecordProtection>(read_);
  const bool tls13 =
      version_ == ProtocolVersion::tls1_3 || std::holds_alternative<Tls13RecordProtection>(read_);
  // RFC 8446 §5: the compatibility change_cipher_spec is detected before deprotection. In TLS 1.2
  // (and before the version is known, unless the handshake layer opened the compatibility window)
  // change_cipher_spec is an ordinary record for the handshake layer.
  if (raw.type == ContentType::change_cipher_spec && !tls12 && (tls13 || compat_ccs_allowed_)) {
    return unprotect_tls13_ccs(raw);
  }

  if (std::holds_alternative<std::monostate>(read_)) {
    if (raw.fragment.size() > kMaxPlaintext) {
      // RFC 8446 §5.1 / RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14.
      return Error(ErrorCode::record_overflow, "plaintext record of " +
                                                   std::to_string(raw.fragment.size()) +
                                                   " bytes exceeds 2^14 (RFC 8446 §5.1)");
    }
    if (raw.type == ContentType::application_data) {
      // After a HelloRetryRequest the server has no early data keys: it skips every application
      // data record (RFC 8446 §4.2.10).
      if (skip_limit_) return skip_early_data(raw);
      // RFC 8446 §5.1: Application Data messages are always protected.
      return Error(ErrorCode::unexpected_message,
                   "application_data record before encryption keys were established");
    }
    skip_limit_.reset();
    return std::optional<OpenedRecord>(OpenedRecord{.type = raw.type, .content = raw.fragment});
  }

  if (auto* p13 = std::get_if<Tls13RecordProtection>(&read_)) {
    if (raw.type != ContentType::application_data) {
      // RFC 8446 §5.2: protected records carry opaque_type application_data; once keys are in use
      // a plaintext handshake or alert record is not acceptable.
      return Error(ErrorCode::unexpected_message,
                   "plaintext " + type_name(raw.type) +
                       " record received where TLS 1.3 protected records are expected (RFC 8446 "
                       "§5.2)");
    }
    if (raw.fragment.size() > kMaxTls13Ciphertext) {
      // RFC 8446 §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256.
      return Error(ErrorCode::record_overflow, "TLS 1.3 record of " +
                                                   std::to_string(raw.fragment.size()) +
                                                   " bytes exceeds 2^14 + 256 (RFC 8446 §5.2)");
    }
    auto opened = p13->open(raw.header, raw.fragment);
    if (!opened.ok()) {
      if (skip_limit_ && opened.error().code == ErrorCode::bad_record_mac) {
        return skip_early_data(raw);
      }
      return std::move(opened).error();
    }
    skip_limit_.reset();
    const ContentType inner = opened->type;
    if (inner == ContentType::change_cipher_spec) {
      // RFC 8446 §5: a protected change_cipher_spec record MUST abort with unexpected_message.
      return Error(ErrorCode::unexpected_message,
                   "protected change_cipher_spec record (RFC 8446 §5)");
    }
    if (inner != ContentType::handshake && inner != ContentType::alert &&
        inner != ContentType::application_data) {
      return Error(
          ErrorCode::unexpected_message,
          "TLS 1.3 record with unknown inner content type " + type_name(inner) + " (RFC 8446 §5)");
    }
    // RFC 8449 §4: in TLS 1.3 the limit covers the whole TLSInnerPlaintext.
    const std::size_t inner_plaintext_size = raw.fragment.size() - crypto::kAeadTagSize;
    if (inner_plaintext_size > read_size_limit_) {
      return Error(ErrorCode::record_overflow,
                   "TLS 1.3 record plaintext of " + std::to_string(inner_plaintext_size) +
                       " bytes exceeds our record_size_limit " + std::to_string(read_size_limit_) +
                       " (RFC 8449 §4)");
    }
    return std::optional<OpenedRecord>(*opened);
  }

  auto& p12 = std::get<Tls12RecordProtection>(read_);
  TLSPP_ASSIGN_OR_RETURN(const MutableBytes plaintext,
                         p12.open(raw.type, raw.version, raw.fragment));
  if (plaintext.size() > read_size_limit_) {
    return Error(ErrorCode::record_overflow,
                 "TLS 1.2 record plaintext of " + std::to_string(plaintext.size()) +
                     " bytes exceeds our record_size_limit " + std::to_string(read_size_limit_) +
                     " (RFC 8449 §4)");
  }
  return std::optional<OpenedRecord>(OpenedRecord{.type = raw.type, .content = plaintext});
}

void RecordLayer::set_negotiated_version(ProtocolVersion version) {
  version_ = version;
  write_version_ = kRecordVersionTls12;  // RFC 8446 §5.1, RFC 5246 §6.2.1
}

Status RecordLayer::set_read(Protection protection) {
  if (error_) return *error_;
  Status s = reassembler_.check_key_change();
  if (!s.ok()) return fail(s.error());
  read_ = std::move(protection);  // the previous keys are destroyed (and wiped) here
  return ok_status();
}

Status RecordLayer::set_write(Protection protection) {
  if (!fragmenter_.empty()) {
    return Error(ErrorCode::internal,
                 std::to_string(fragmenter_.pending_bytes()) +
                     " queued handshake bytes must be flushed before the write keys change "
                     "(RFC 8446 §5.1)");
  }
  write_ = std::move(protection);
  return ok_status();
}

Status RecordLayer::set_read_keys(Tls13RecordProtection protection) {
  if (!version_) set_negotiated_version(ProtocolVersion::tls1_3);
  return set_read(std::move(protection));
}
Status RecordLayer::set_read_keys(Tls12RecordProtection protection) {
  if (!version_) set_negotiated_version(ProtocolVersion::tls1_2);
  return set_read(std::move(protection));
}
Status RecordLayer::set_write_keys(Tls13RecordProtection protection) {
  if (!version_) set_negotiated_version(ProtocolVersion::tls1_3);
  return set_write(std::move(protection));
}
Status RecordLayer::set_write_keys(Tls12RecordProtection protection) {
  if (!version_) set_negotiated_version(ProtocolVersion::tls1_2);
  return set_write(std::move(protection));
}

void RecordLayer::skip_undecryptable_records(std::size_t max_bytes) {
  skip_limit_ = max_bytes;
  skipped_bytes_ = 0;
}

std::uint64_t RecordLayer::read_sequence() const {
  if (auto* p = std::get_if<Tls13RecordProtection>(&read_)) return p->sequence();
  if (auto* p = std::get_if<Tls12RecordProtection>(&read_)) return p->sequence();
  return 0;
}

std::uint64_t RecordLayer::write_sequence() const {
  if (auto* p = std::get_if<Tls13RecordProtection>(&write_)) return p->sequence();
  if (auto* p = std::get_if<Tls12RecordProtection>(&write_)) return p->sequence();
  return 0;
}

bool RecordLayer::needs_key_update() const {
  auto* p = std::get_if<Tls13RecordProtection>(&write_);
  return p != nullptr && p->needs_key_update();
}

std::optional<std::size_t> RecordLayer::take_record_buffer(Bytes content,
                                                           std::vector<std::uint8_t>& spare) {
  if (!deframer_.buffer_holds(content)) return std::nullopt;
  const std::uint8_t* const at = content.data();
  if (!deframer_.exchange_buffer(spare)) return std::nullopt;
  // The vectors exchanged their heap blocks, so `content` now lies inside `spare`.
  return static_cast<std::size_t>(at - spare.data());
}

void RecordLayer::release_handshake_memory() {
  reassembler_.release_memory();
  if (fragmenter_.empty()) fragmenter_.release_memory();
}

namespace {
bool holds_aead(
    const std::variant<std::monostate, Tls13RecordProtection, Tls12RecordProtection>& p) {
  if (const auto* p13 = std::get_if<Tls13RecordProtection>(&p)) return p13->holds_aead();
  if (const auto* p12 = std::get_if<Tls12RecordProtection>(&p)) return p12->holds_aead();
  return false;
}
}  // namespace

bool RecordLayer::read_aead_held() const { return holds_aead(read_); }
bool RecordLayer::write_aead_held() const { return holds_aead(write_); }

void RecordLayer::release_memory() {
  for (Protection* p : {&read_, &write_}) {
    if (auto* p13 = std::get_if<Tls13RecordProtection>(p)) p13->release_aead();
    if (auto* p12 = std::get_if<Tls12RecordProtection>(p)) p12->release_aead();
  }
  deframer_.release_memory();
  reassembler_.release_memory();
  if (fragmenter_.empty()) fragmenter_.release_memory();
}

}  // namespace tlspp::record
