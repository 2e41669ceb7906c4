// The --json renderer: one JSON object per line and per event, with stable field names:
//   {"t_ms":1.25,"side":"client","event":"message","direction":"sent","type":"client_hello",
//    "length":512,"encrypted":false,"fields":{"cipher_suites":["TLS_AES_128_GCM_SHA256",...]}}
// Events: tcp_connected {peer}, message, record, choice {what,chosen,why,offered},
// check {what,passed,detail}, secret {name}, secret_value {label,value} (only with
// --show-secrets), keys {direction,epoch,aead}, alert {direction,level,description,reason},
// handshake_done {version,suite,resumed,early_data_accepted}, application_data
// {direction,bytes,first_line}, closed {clean,reason}, note {text}, tcp_closed, title {text}.
#include <algorithm>
#include <cstdio>
#include <mutex>

#include "handshake/negotiation.h"
#include "narration.h"

namespace tlspp::tool {
namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string quote_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + quote(values[i]);
  return out + "]";
}

std::string_view direction_name(Direction d) { return d == Direction::sent ? "sent" : "received"; }
std::string_view boolean(bool b) { return b ? "true" : "false"; }

// A name for an enum value without a table entry: its number.
template <class E>
std::string wire_name(E value) {
  const std::string_view name = name_of(value);
  return name.empty() ? std::to_string(static_cast<unsigned>(value)) : std::string(name);
}

// "ClientHello" -> "client_hello": handshake message types in the snake_case of RFC 8446 §4.
std::string snake_case(std::string_view camel) {
  std::string out;
  for (const char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

class JsonNarration final : public Narration {
 public:
  JsonNarration(std::FILE* out, const NarrationOptions& options) : Narration(out, options) {}

  void title(std::string_view text) override { line("title", ",\"text\":" + quote(text)); }
  void tcp_connected(std::string_view peer) override {
    line("tcp_connected", ",\"peer\":" + quote(peer));
  }
  void tcp_closed() override { line("tcp_closed", ""); }
  void application_data(Direction d, std::size_t bytes, std::string_view first_line) override {
    line("application_data", ",\"direction\":" + quote(direction_name(d)) + ",\"bytes\":" +
                                 std::to_string(bytes) + ",\"first_line\":" + quote(first_line));
  }
  void secret_value(std::string_view key_log_line) override {
    if (!options_.show_secrets) return;
    const auto first = key_log_line.find(' ');
    const auto last = key_log_line.rfind(' ');
    if (first == std::string_view::npos || last == first) return;
    line("secret_value", ",\"label\":" + quote(key_log_line.substr(0, first)) +
                             ",\"value\":" + quote(key_log_line.substr(last + 1)));
  }

  void on_event(const Event& event) override {
    std::visit([this](const auto& e) { render(e); }, event);
  }

 private:
  void line(std::string_view event, const std::string& rest) {
    std::lock_guard lock(mutex_);
    std::fprintf(out_, "{\"t_ms\":%.3f,\"side\":\"%s\",\"event\":\"%.*s\"%s}\n", elapsed_ms(),
                 options_.is_client ? "client" : "server", static_cast<int>(event.size()),
                 event.data(), rest.c_str());
    std::fflush(out_);
  }

  void render(const MessageEvent& e) {
    // Fields as an object; a name that repeats collects all its values.
    std::vector<std::pair<std::string, std::vector<std::string>>> fields;
    for (const Field& f : e.fields) {
      auto it = std::find_if(fields.begin(), fields.end(),
                             [&](const auto& p) { return p.first == f.name; });
      if (it == fields.end()) {
        fields.emplace_back(f.name, f.values);
      } else {
        it->second.insert(it->second.end(), f.values.begin(), f.values.end());
      }
    }
    std::string object = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      object += (i ? "," : "") + quote(fields[i].first) + ":" + quote_list(fields[i].second);
    }
    object += "}";
    line("message", ",\"direction\":" + quote(direction_name(e.direction)) +
                        ",\"type\":" + quote(snake_case(wire_name(e.type))) +
                        ",\"length\":" + std::to_string(e.length) + ",\"encrypted\":" +
                        std::string(boolean(e.encrypted)) + ",\"fields\":" + object);
  }
  void render(const RecordEvent& e) {
    line("record", ",\"direction\":" + quote(direction_name(e.direction)) +
                       ",\"outer_type\":" + quote(wire_name(e.outer_type)) +
                       ",\"inner_type\":" + quote(wire_name(e.inner_type)) +
                       ",\"wire_length\":" + std::to_string(e.wire_length));
  }
  void render(const ChoiceEvent& e) {
    line("choice", ",\"what\":" + quote(e.what) + ",\"chosen\":" + quote(e.chosen) +
                       ",\"why\":" + quote(e.why) + ",\"offered\":" + quote_list(e.offered));
  }
  void render(const CheckEvent& e) {
    line("check", ",\"what\":" + quote(e.what) + ",\"passed\":" + std::string(boolean(e.passed)) +
                      ",\"detail\":" + quote(e.detail));
  }
  void render(const SecretEvent& e) { line("secret", ",\"name\":" + quote(e.name)); }
  void render(const KeysEvent& e) {
    line("keys", ",\"direction\":" + quote(direction_name(e.direction)) +
                     ",\"epoch\":" + quote(e.epoch) + ",\"aead\":" + quote(e.aead));
  }
  void render(const AlertEvent& e) {
    line("alert", ",\"direction\":" + quote(direction_name(e.direction)) +
                      ",\"level\":" + quote(e.level == AlertLevel::fatal ? "fatal" : "warning") +
                      ",\"description\":" + quote(wire_name(e.description)) +
                      ",\"reason\":" + quote(e.reason));
  }
  void render(const HandshakeDoneEvent& e) {
    line("handshake_done",
         ",\"version\":" + quote(handshake::display_name(e.version)) +
             ",\"suite\":" + quote(handshake::display_name(e.suite)) +
             ",\"resumed\":" + std::string(boolean(e.resumed)) +
             ",\"early_data_accepted\":" + std::string(boolean(e.early_data_accepted)));
  }
  void render(const ClosedEvent& e) {
    line("closed",
         ",\"clean\":" + std::string(boolean(e.clean)) + ",\"reason\":" + quote(e.reason));
  }
  void render(const NoteEvent& e) { line("note", ",\"text\":" + quote(e.text)); }

  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Narration> make_json_narration(std::FILE* out, const NarrationOptions& options) {
  return std::make_unique<JsonNarration>(out, options);
}

}  // namespace tlspp::tool
