// Capturing and rewriting what one tlspp Connection sends another, for the TLS 1.3 hostile-input
// table: record framing, handshake message splitting, and re-protection of encrypted flights with
// keys learned from the sender's key log (CommonConfig::key_log), so nothing in src/ is needed for
// the interception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tlspp/config.h"
#include "tlspp/connection.h"
#include "tlspp/result.h"

namespace tlspp::test {

using Bytes = std::vector<std::uint8_t>;

// One record as framed on the wire (the fragment is not deprotected).
struct RawRecord {
  ContentType type;
  std::uint16_t version;
  Bytes fragment;
};

// Splits `wire` into records (the input must end on a record boundary).
std::vector<RawRecord> split_records(const Bytes& wire);
// A record header and `fragment` (the length is fragment.size(), whatever it is).
Bytes frame(ContentType type, const Bytes& fragment, std::uint16_t version = 0x0303);
// Splits concatenated handshake messages (4-byte headers) into messages.
std::vector<Bytes> split_messages(const Bytes& handshake_bytes);
Bytes join(const std::vector<Bytes>& parts);
// A handshake message: type, 24-bit length, body.
Bytes handshake_message(HandshakeType type, const Bytes& body);

// Traffic secrets by NSS key log label ("SERVER_HANDSHAKE_TRAFFIC_SECRET", ...), filled by the
// callback installed with record_keys().
struct KeyLog {
  std::map<std::string, Bytes> secrets;
  const Bytes& operator[](const std::string& label) const;
};
// Installs a key_log callback on `config` that fills the returned log.
std::shared_ptr<KeyLog> record_keys(CommonConfig& config);

// TLS 1.3 record protection for TLS_AES_128_GCM_SHA256 under a traffic secret, starting at
// sequence number 0 (the tables restrict both sides to that suite).
class Protector {
 public:
  explicit Protector(const Bytes& traffic_secret);
  ~Protector();
  Protector(Protector&&) noexcept;
  // A protected record of inner type `type` holding `content` and `padding` zero bytes.
  Bytes seal(ContentType type, const Bytes& content, std::size_t padding = 0);
  // The inner type and content of a protected record; nullopt when it does not open.
  std::optional<std::pair<ContentType, Bytes>> open(const RawRecord& record);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tlspp::test
