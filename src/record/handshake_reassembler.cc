#include "record/handshake_reassembler.h"

#include <string>

#include "codec/reader.h"

namespace tlspp::record {

Status HandshakeReassembler::add(Bytes record_content) {
  if (error_) return *error_;
  // Drop the messages already returned; only a partial message (or untaken ones) moves down.
  if (consumed_ > 0) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(consumed_));
    consumed_ = 0;
  }
  const std::size_t cap = kHandshakeHeaderSize + max_message_size_ + kMaxTls13InnerPlaintext;
  if (buf_.size() + record_content.size() > cap) {
    return Error(ErrorCode::buffer_full,
                 "handshake reassembly: " + std::to_string(buf_.size()) +
                     " bytes still buffered; drain next() after each record");
  }
  buf_.insert(buf_.end(), record_content.begin(), record_content.end());
  return ok_status();
}

Result<std::optional<HandshakeMessage>> HandshakeReassembler::next() {
  if (error_) return *error_;
  codec::Reader r(Bytes(buf_).subspan(consumed_), "handshake message");
  auto header = r.take(kHandshakeHeaderSize);
  if (!header.ok()) return std::optional<HandshakeMessage>();  // header incomplete
  codec::Reader h(*header, "handshake header");
  TLSPP_ASSIGN_OR_RETURN(const std::uint8_t type, h.u8());
  TLSPP_ASSIGN_OR_RETURN(const std::uint32_t length, h.u24());
  if (length > max_message_size_) {
    // RFC 8446 names no alert for a message over a local size cap. The message is not malformed
    // (decode_error would blame its encoding) and no field is inconsistent (illegal_parameter); it
    // is a message this endpoint is not prepared to accept here, which is what unexpected_message
    // covers (kErrorTable maps handshake_message_too_large to it). OpenSSL sends illegal_parameter.
    error_ = Error(ErrorCode::handshake_message_too_large,
                   "handshake message type " + std::to_string(type) + " announces " +
                       std::to_string(length) + " bytes, over the limit of " +
                       std::to_string(max_message_size_));
    return *error_;
  }
  auto body = r.take(length);
  if (!body.ok()) return std::optional<HandshakeMessage>();  // body incomplete
  const std::size_t size = kHandshakeHeaderSize + length;
  HandshakeMessage msg{.type = static_cast<HandshakeType>(type),
                       .body = *body,
                       .encoded = Bytes(buf_).subspan(consumed_, size)};
  consumed_ += size;
  return std::optional<HandshakeMessage>(msg);
}

Status HandshakeReassembler::check_key_change() const {
  if (empty()) return ok_status();
  return Error(ErrorCode::unexpected_message,
               std::to_string(buffered()) +
                   " handshake bytes precede a key change without ending on a record boundary: "
                   "handshake messages MUST NOT span key changes (RFC 8446 §5.1)");
}

Status HandshakeReassembler::check_other_record(ContentType type) const {
  if (empty()) return ok_status();
  const std::string_view name = name_of(type);
  return Error(ErrorCode::unexpected_message,
               "a " + (name.empty() ? std::to_string(static_cast<int>(type)) : std::string(name)) +
                   " record arrived while " + std::to_string(buffered()) +
                   " handshake bytes were pending: handshake messages MUST NOT be interleaved "
                   "with other record types (RFC 8446 §5.1)");
}

void HandshakeReassembler::release_memory() {
  if (!empty()) return;
  consumed_ = 0;
  std::vector<std::uint8_t>().swap(buf_);
}

}  // namespace tlspp::record
