// Observability as an API: a Connection reports what it does as typed events, in order. The tool's
// narration, its JSON output, the browser page and the key log are renderers of these events;
// nothing parses log text. Secret values never appear in events (only their names); the key log
// has its own callback (see config.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "tlspp/wire.h"

namespace tlspp {

enum class Direction : std::uint8_t { sent, received };

// One decoded field of a message, for display: name and one or more values, e.g.
// {"cipher_suites", {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"}}.
struct Field {
  std::string name;
  std::vector<std::string> values;
};

// A handshake message crossed the wire (after reassembly / before fragmentation).
struct MessageEvent {
  Direction direction;
  HandshakeType type;
  std::size_t length;  // body length in bytes, without the 4-byte header
  bool encrypted;      // protected by handshake or application keys
  std::vector<Field> fields;
};

// A record crossed the wire (outer view: what an observer of the TCP stream sees).
struct RecordEvent {
  Direction direction;
  ContentType outer_type;   // application_data for every protected TLS 1.3 record
  ContentType inner_type;   // the real content type
  std::size_t wire_length;  // header + fragment
};

// A negotiated choice and why it was made: what = "cipher suite", chosen =
// "TLS_AES_128_GCM_SHA256", why = "server preference; the client offered it second".
struct ChoiceEvent {
  std::string what;
  std::string chosen;
  std::string why;
  std::vector<std::string> offered;
};

// A check on what the peer sent: what = "certificate chain", "host name", "CertificateVerify
// signature", "Finished", "downgrade sentinel"...; detail explains (e.g. the verifier's reason).
struct CheckEvent {
  std::string what;
  bool passed;
  std::string detail;
};

// A secret was derived (name only: "client_handshake_traffic_secret", "master_secret").
struct SecretEvent {
  std::string name;
};

// New record protection in one direction ("handshake", "application", "application (updated)").
struct KeysEvent {
  Direction direction;
  std::string epoch;
  std::string aead;  // "AES-128-GCM"
};

struct AlertEvent {
  Direction direction;
  AlertLevel level;
  AlertDescription description;
  std::string reason;  // for sent alerts: the local error's explanation
};

// The handshake completed; summary of the session.
struct HandshakeDoneEvent {
  ProtocolVersion version;
  CipherSuite suite;
  bool resumed;
  bool early_data_accepted;
};

// The connection ended: by close_notify (clean) or an error; keys have been wiped.
struct ClosedEvent {
  bool clean;
  std::string reason;
};

// Free text for steps without a structure of their own ("keys wiped").
struct NoteEvent {
  std::string text;
};

using Event = std::variant<MessageEvent, RecordEvent, ChoiceEvent, CheckEvent, SecretEvent,
                           KeysEvent, AlertEvent, HandshakeDoneEvent, ClosedEvent, NoteEvent>;

// Receives a connection's events synchronously, on the thread driving the connection.
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_event(const Event& event) = 0;
};

}  // namespace tlspp
