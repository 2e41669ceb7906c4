#include "record/deframer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "codec/hex.h"

namespace tlspp::record {

namespace {

std::string hex16(std::uint16_t v) {
  const std::array<std::uint8_t, 2> b = {static_cast<std::uint8_t>(v >> 8),
                                         static_cast<std::uint8_t>(v)};
  return "0x" + codec::to_hex(b);
}

// The first bytes of HTTP/1.x requests and responses and of the HTTP/2 preface: what a peer that
// speaks plaintext HTTP to a TLS port (or a plaintext HTTP server answering a TLS client) sends.
bool looks_like_http(Bytes header) {
  static constexpr std::array<std::string_view, 11> kPrefixes = {
      "GET ", "POST", "PUT ", "HEAD", "DELE", "OPTI", "CONN", "PATC", "TRAC", "PRI ", "HTTP"};
  const std::string_view start(reinterpret_cast<const char*>(header.data()), 4);
  return std::find(kPrefixes.begin(), kPrefixes.end(), start) != kPrefixes.end();
}

// An SSL 2.0 CLIENT-HELLO (RFC 6101 App. E.2): two-byte length with the top bit set, then
// msg_type 1 (CLIENT-HELLO).
bool looks_like_sslv2_client_hello(Bytes header) {
  return (header[0] & 0x80) != 0 && header[2] == 0x01;
}

}  // namespace

Status RecordDeframer::fail(Error e) {
  error_ = e;
  return e;
}

void RecordDeframer::start_next_record() {
  if (taken_) {
    filled_ = 0;
    body_length_ = 0;
    taken_ = false;
  }
  // The buffer grows to the largest record seen (check_header), never shrinks while in use: a
  // connection that only ever receives small records holds a small buffer, and steady-state
  // traffic allocates nothing.
  if (buf_.size() < kHeaderSize) buf_.resize(kHeaderSize);
}

std::size_t RecordDeframer::bytes_wanted() const {
  if (taken_) return kHeaderSize;
  if (!header_complete()) return kHeaderSize - filled_;
  return kHeaderSize + body_length_ - filled_;
}

Status RecordDeframer::check_header() {
  // The header is a fixed 5 bytes, all buffered (header_complete()): read in place, no Reader
  // (it is checked once per record; the Reader's length checks cost more than the fields).
  const std::span<const std::uint8_t, kHeaderSize> header = Bytes(buf_).first<kHeaderSize>();
  const std::uint8_t type = header[0];
  const auto version = static_cast<std::uint16_t>((header[1] << 8) | header[2]);
  const auto length = static_cast<std::uint16_t>((header[3] << 8) | header[4]);

  if (!is_known_content_type(type)) {
    if (looks_like_http(header)) {
      return fail(Error(ErrorCode::plaintext_http,
                        "the peer sent plaintext HTTP (\"" +
                            std::string(reinterpret_cast<const char*>(header.data()), 4) +
                            "...\"), not TLS: is this a plain HTTP port or a plain HTTP client?"));
    }
    if (looks_like_sslv2_client_hello(header)) {
      return fail(Error(ErrorCode::protocol_version,
                        "the peer sent an SSL 2.0-format ClientHello; SSL 2.0 records are not "
                        "supported (RFC 8446 §D.5, RFC 6176)"));
    }
    // RFC 8446 §5: an unexpected record type MUST be answered with unexpected_message.
    return fail(Error(ErrorCode::unexpected_message, "record with unknown content type " +
                                                         std::to_string(type) + " (header " +
                                                         codec::to_hex(header) + ")"));
  }
  if ((version >> 8) != 0x03) {
    // Every TLS record carries major version 3 (RFC 5246 App. E, RFC 8446 §5.1); anything else is
    // not TLS at all.
    return fail(Error(ErrorCode::protocol_version, "record version " + hex16(version) +
                                                       " is not a TLS version (header " +
                                                       codec::to_hex(header) + ")"));
  }
  if (length > kMaxTls12Ciphertext) {
    // RFC 5246 §6.2.3 / RFC 8446 §5.2: no state accepts more than 2^14 + 2048 bytes.
    return fail(Error(ErrorCode::record_overflow,
                      "record length " + std::to_string(length) + " exceeds the maximum of " +
                          std::to_string(kMaxTls12Ciphertext) + " (RFC 5246 §6.2.3)"));
  }
  body_length_ = length;
  if (buf_.size() < kHeaderSize + body_length_) buf_.resize(kHeaderSize + body_length_);
  return ok_status();
}

Result<std::size_t> RecordDeframer::feed(Bytes input) {
  if (error_) return *error_;
  start_next_record();
  std::size_t taken = 0;
  while (taken < input.size() && !complete()) {
    const std::size_t n = std::min(bytes_wanted(), input.size() - taken);
    std::memcpy(buf_.data() + filled_, input.data() + taken, n);
    const bool had_header = header_complete();
    filled_ += n;
    taken += n;
    if (!had_header && header_complete()) TLSPP_TRY(check_header());
  }
  return taken;
}

MutableBytes RecordDeframer::input_space() {
  if (error_) return {};
  start_next_record();
  if (complete()) return {};
  return MutableBytes(buf_).subspan(filled_, bytes_wanted());
}

Status RecordDeframer::commit(std::size_t n) {
  if (error_) return *error_;
  if (taken_ || n > bytes_wanted()) {
    return Error(ErrorCode::invalid_argument, "RecordDeframer::commit: " + std::to_string(n) +
                                                  " bytes exceed the input_space() of " +
                                                  std::to_string(bytes_wanted()));
  }
  const bool had_header = header_complete();
  filled_ += n;
  if (!had_header && header_complete()) TLSPP_TRY(check_header());
  return ok_status();
}

std::optional<RawRecord> RecordDeframer::next_record() {
  if (error_ || taken_ || !complete()) return std::nullopt;
  taken_ = true;
  const MutableBytes record = MutableBytes(buf_).first(kHeaderSize + body_length_);
  return RawRecord{
      .type = static_cast<ContentType>(record[0]),
      .version = static_cast<std::uint16_t>((record[1] << 8) | record[2]),
      .header = record.first(kHeaderSize),
      .fragment = record.subspan(kHeaderSize),
  };
}

void RecordDeframer::release_memory() {
  if (filled_ > 0 && !taken_) return;  // a record is in progress: keep it
  filled_ = 0;
  body_length_ = 0;
  taken_ = false;
  std::vector<std::uint8_t>().swap(buf_);
}

bool RecordDeframer::exchange_buffer(std::vector<std::uint8_t>& spare) {
  if (error_ || !taken_) return false;
  buf_.swap(spare);
  filled_ = 0;
  body_length_ = 0;
  taken_ = false;
  return true;
}

bool RecordDeframer::buffer_holds(Bytes bytes) const {
  if (bytes.empty() || buf_.empty()) return false;
  const std::less_equal<const std::uint8_t*> le;
  return le(buf_.data(), bytes.data()) &&
         le(bytes.data() + bytes.size(), buf_.data() + buf_.size());
}

}  // namespace tlspp::record
