// Capturing and rewriting what one tlspp Connection sends another, for the hostile-input tables
// (TLS 1.3 and 1.2): record framing, handshake message splitting, re-protection of TLS 1.3
// encrypted flights with keys learned from the sender's key log (CommonConfig::key_log), so nothing
// in src/ is needed for the interception, and the check both tables make of the receiver's alert.
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

// All that `c` has to send, taken out of it.
Bytes drain(Connection& c);

// How a receiver's alert leaves it.
enum class AlertWire {
  plaintext,  // the record 21 03 03 00 02 02 <desc> (no write keys yet)
  encrypted,  // one protected record, which the peer opens and reports as ErrorCode::peer_alert
  none,       // no record: the hostile input was itself a fatal alert (ErrorCode::peer_alert)
};
// The shape of a protected alert record: its outer content type and fragment length.
struct ProtectedAlert {
  ContentType type;
  std::size_t fragment_size;
};
// Hands `hostile` to `receiver` and asserts that it refuses it with `alert`, and that the alert
// leaves it as `wire` says (for `encrypted`, as the last record, of `shape`, read back by `peer`).
void expect_refused(Connection& receiver, Connection& peer, const Bytes& hostile,
                    AlertDescription alert, AlertWire wire, ProtectedAlert shape);

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
