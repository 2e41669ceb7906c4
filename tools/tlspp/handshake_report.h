// What `tlspp serve` tells a visitor about the handshake their browser just made: an Observer that
// records one server connection's events with timings, the JA4 fingerprint of the ClientHello,
// and the same data as JSON (/handshake.json) and as an HTML page with an inline-SVG ladder
// diagram (/ and /handshake; handshake_page.cc). No external assets: the page works offline.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tlspp/connection.h"
#include "tlspp/events.h"

namespace tlspp::tool {

// One connection's handshake as the server saw it.
class HandshakeRecorder : public Observer {
 public:
  struct Message {
    Direction direction;  // from the server's point of view
    std::string name;     // "ClientHello"
    std::size_t length;   // body bytes
    bool encrypted;
    double at_ms;  // since the connection was accepted
    std::vector<Field> fields;
  };
  struct Keys {
    Direction direction;
    std::string epoch;
    std::string aead;
    double at_ms;
  };
  struct Bytes {
    std::size_t records = 0;
    std::size_t bytes = 0;
  };

  HandshakeRecorder() : start_(std::chrono::steady_clock::now()) {}
  void on_event(const Event& event) override;

  // The (last) ClientHello's field `name`, or an empty list.
  const std::vector<std::string>& client_hello(const std::string& name) const;
  bool saw_client_hello() const { return client_hello_index_ != 0; }
  // The (last) ClientHello received, or null.
  const Message* client_hello_message() const {
    return client_hello_index_ ? &messages_[client_hello_index_ - 1] : nullptr;
  }

  const std::vector<Message>& messages() const { return messages_; }
  const std::vector<ChoiceEvent>& choices() const { return choices_; }
  const std::vector<CheckEvent>& checks() const { return checks_; }
  const std::vector<Keys>& keys() const { return keys_; }
  const std::vector<std::string>& notes() const { return notes_; }
  std::optional<double> done_at_ms() const { return done_at_ms_; }
  bool resumed() const { return resumed_; }
  // Records on the wire (RecordEvent: header + fragment), over the whole connection so far and
  // until the handshake completed.
  const Bytes& sent() const { return sent_; }
  const Bytes& received() const { return received_; }
  const Bytes& handshake_sent() const { return handshake_sent_; }
  const Bytes& handshake_received() const { return handshake_received_; }

 private:
  double elapsed_ms() const;
  std::chrono::steady_clock::time_point start_;
  std::vector<Message> messages_;
  std::size_t client_hello_index_ = 0;  // 1-based into messages_; 0: none yet
  std::vector<ChoiceEvent> choices_;
  std::vector<CheckEvent> checks_;
  std::vector<Keys> keys_;
  std::vector<std::string> notes_;
  std::optional<double> done_at_ms_;
  bool resumed_ = false;
  Bytes sent_, received_;
  Bytes handshake_sent_, handshake_received_;
};

// The JA4 TLS client fingerprint (FoxIO, "JA4: TLS Client Fingerprint") of the recorded
// ClientHello: "t13d1516h2_8daaf6152771_02713d6af862". Empty when no ClientHello was recorded.
std::string ja4(const HandshakeRecorder& recorder);

// The "(GREASE)" marker display_names() appends (RFC 8701 values).
bool is_grease_name(const std::string& name);

// /handshake.json: the recorded handshake, what was negotiated, and the JA4 fingerprint.
std::string handshake_json(const HandshakeRecorder& recorder, const SessionInfo& info);
// / and /handshake: the same, explained as an HTML page.
std::string handshake_html(const HandshakeRecorder& recorder, const SessionInfo& info);

// Text escaped for HTML element content and attribute values.
std::string html_escape(const std::string& text);

}  // namespace tlspp::tool
