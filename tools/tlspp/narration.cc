// The text narration (and the language choice); the JSON renderer is in narration_json.cc.
#include "narration.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "handshake/negotiation.h"
#include "narration_text.h"

namespace tlspp::tool {

Lang lang_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(var);
    if (value == nullptr || *value == '\0') continue;
    return std::string_view(value).starts_with("ko") ? Lang::ko : Lang::en;
  }
  return Lang::en;
}

NarrationFlags read_narration_flags(Args& args, bool is_client, std::FILE* out) {
  NarrationFlags flags;
  const bool trace = args.flag("--trace");
  const bool json = args.flag("--json");
  const bool secrets = args.flag("--show-secrets");
  const auto lang = args.value("--lang");
  flags.enabled = trace || json || secrets;
  flags.options.json = json;
  flags.options.show_secrets = secrets;
  flags.options.is_client = is_client;
  flags.options.lang = lang_from_environment();
  if (lang) {
    if (*lang == "en") {
      flags.options.lang = Lang::en;
    } else if (*lang == "ko") {
      flags.options.lang = Lang::ko;
    } else {
      flags.error = "--lang must be en or ko";
    }
  }
  flags.options.color = !json && ::isatty(::fileno(out)) == 1 && std::getenv("NO_COLOR") == nullptr;
  return flags;
}

std::string first_line_of(std::string_view data) {
  const std::string_view line =
      data.substr(0, std::min(data.find_first_of("\r\n"), std::size_t{120}));
  for (const char c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return {};
  }
  return std::string(line);
}

KeyLogCallback Narration::key_log(KeyLogCallback next) {
  return [this, next = std::move(next)](std::string_view line) {
    secret_value(line);
    if (next) next(line);
  };
}

std::unique_ptr<Narration> make_json_narration(std::FILE* out, const NarrationOptions& options);

namespace {

using narration::format;
using narration::Messages;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kMagenta = "\x1b[35m";
constexpr std::string_view kCyan = "\x1b[36m";

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// `name` shown through `labels`, falling back to the library's own name.
std::string label(narration::Labels labels, std::string_view name) {
  const std::string_view shown = narration::find_label(labels, name);
  return std::string(shown.empty() ? name : shown);
}

class TextNarration final : public Narration {
 public:
  TextNarration(std::FILE* out, const NarrationOptions& options)
      : Narration(out, options), m_(narration::messages(options.lang)) {}

  void title(std::string_view text) override {
    std::lock_guard lock(mutex_);
    std::fprintf(out_, "\n%s== %.*s ==%s\n", on(kBold), static_cast<int>(text.size()), text.data(),
                 off());
    std::fflush(out_);
  }

  void tcp_connected(std::string_view peer) override {
    std::lock_guard lock(mutex_);
    new_connection();
    step("", kBold, format(options_.is_client ? m_.tcp_connected : m_.tcp_accepted, {peer}));
  }

  void tcp_closed() override {
    std::lock_guard lock(mutex_);
    flush_close_notify();
    step("", kBold, std::string(m_.tcp_closed));
  }

  void application_data(Direction direction, std::size_t bytes,
                        std::string_view first_line) override {
    std::lock_guard lock(mutex_);
    flush_close_notify(/*keep_close_notify=*/direction == Direction::received);
    const std::string quoted = first_line.empty() ? "" : "\"" + std::string(first_line) + "\"";
    step(arrow(direction), colour(direction),
         format(direction == Direction::sent ? m_.app_data_sent : m_.app_data_received,
                {format(m_.bytes, {std::to_string(bytes)}), quoted}));
  }

  void secret_value(std::string_view line) override {
    if (!options_.show_secrets) return;
    std::lock_guard lock(mutex_);
    // "LABEL <client random> <secret>"
    const auto first = line.find(' ');
    const auto last = line.rfind(' ');
    if (first == std::string_view::npos || last == first) return;
    detail(kMagenta, format(m_.secret_value, {line.substr(0, first), line.substr(last + 1)}));
  }

  void on_event(const Event& event) override {
    std::lock_guard lock(mutex_);
    std::visit([this](const auto& e) { render(e); }, event);
    std::fflush(out_);
  }

 private:
  const char* on(std::string_view code) const {
    return options_.color && !code.empty() ? code.data() : "";
  }
  const char* off() const { return options_.color ? kReset.data() : ""; }

  // "C → S" for what the client sends, "C ← S" for what the server sends.
  std::string_view arrow(Direction d) const {
    const bool from_client = (d == Direction::sent) == options_.is_client;
    return from_client ? "C → S" : "C ← S";
  }
  std::string_view colour(Direction d) const {
    return (d == Direction::sent) == options_.is_client ? kCyan : kYellow;
  }

  // A new connection: forget what the previous one negotiated.
  void new_connection() {
    close_notify_pending_ = false;
    tls13_ = false;
    version_known_ = false;
    client_wire_ = {};
    server_wire_ = {};
    suite_.clear();
    explained_key_exchange_ = false;
    announced_session_keys_ = false;
    group_chosen_ = false;
    server_certificate_ = false;
    early_data_sent_ = false;
  }

  // The library reports each received message before the checks made on it, so the narration
  // follows the wire. The peer's close_notify, though, is processed as soon as it arrives,
  // possibly before the tool reads the application data that preceded it on the wire (nothing may
  // follow close_notify): it is held and shown before the next other step.
  void flush_close_notify(bool keep_close_notify = false) {
    if (close_notify_pending_ && !keep_close_notify) {
      close_notify_pending_ = false;
      step(arrow(Direction::received), colour(Direction::received),
           std::string(m_.close_notify_received));
    }
  }

  // One step: elapsed time, direction (or blank), text.
  void step(std::string_view direction, std::string_view code, const std::string& text) {
    // The arrows are five columns wide (but more bytes): pad by hand.
    const std::string_view shown = direction.empty() ? std::string_view("     ") : direction;
    std::fprintf(out_, "%s%9.2f ms%s  %s%.*s  %s%s\n", on(kDim), elapsed_ms(), off(), on(code),
                 static_cast<int>(shown.size()), shown.data(), text.c_str(), off());
    std::fflush(out_);
  }
  // A line under the current step.
  void detail(std::string_view code, const std::string& text) {
    std::fprintf(out_, "%20s%s%s%s\n", "", on(code), text.c_str(), off());
  }

  void render(const MessageEvent& e) {
    std::string name = label(m_.message_names, name_of(e.type));
    if (name.empty()) name = "handshake message " + std::to_string(static_cast<int>(e.type));
    std::string size = format(m_.bytes, {std::to_string(e.length + 4)});
    if (e.encrypted) size += ", " + std::string(m_.encrypted);
    if (e.direction == Direction::sent) flush_close_notify();
    const bool from_server = (e.direction == Direction::sent) != options_.is_client;
    if (e.type == HandshakeType::certificate && from_server) server_certificate_ = true;
    step(arrow(e.direction), colour(e.direction), name + "  (" + size + ")");
    if (e.type == HandshakeType::client_hello) {
      detail(kDim, std::string(m_.client_hello_about));
      for (const Field& f : e.fields) {
        if (f.name == "supported_versions" && join(f.values).find("1.3") != std::string::npos) {
          detail(kDim, std::string(m_.client_hello_about13));
        }
      }
    } else if (std::string_view about = about_text(e.type); !about.empty()) {
      detail(kDim, std::string(about));
    }
    for (const Field& f : e.fields) {
      const std::string values = join(f.values);
      detail({}, label(m_.field_labels, f.name) + ": " + (values.empty() ? "-" : values));
    }
    flush_close_notify();
  }

  std::string_view about_text(HandshakeType type) const {
    switch (type) {
      case HandshakeType::server_hello: return m_.server_hello_about;
      case HandshakeType::encrypted_extensions: return m_.encrypted_extensions_about;
      case HandshakeType::certificate: return m_.certificate_about;
      case HandshakeType::certificate_verify: return m_.certificate_verify_about;
      case HandshakeType::server_key_exchange: return m_.server_key_exchange_about;
      case HandshakeType::server_hello_done: return m_.server_hello_done_about;
      case HandshakeType::client_key_exchange:
        return rsa_key_exchange() ? m_.client_key_exchange_rsa_about
                                  : m_.client_key_exchange_ecdhe_about;
      case HandshakeType::certificate_request: return m_.certificate_request_about;
      case HandshakeType::finished: return m_.finished_about;
      case HandshakeType::new_session_ticket: return m_.new_session_ticket_about;
      default: return {};
    }
  }

  bool rsa_key_exchange() const { return suite_.starts_with("TLS_RSA_"); }

  void render(const RecordEvent& e) {
    const bool from_client = (e.direction == Direction::sent) == options_.is_client;
    WireCount& count = from_client ? client_wire_ : server_wire_;
    ++count.records;
    count.bytes += e.wire_length;
    if (e.inner_type != ContentType::change_cipher_spec) return;
    flush_close_notify();
    // A client's ChangeCipherSpec before the version is known is TLS 1.3's compatibility one,
    // ahead of 0-RTT data (RFC 8446 §D.4): a TLS 1.2 client sends it only after ServerHelloDone.
    const bool before_version =
        !version_known_ && e.direction == Direction::sent && options_.is_client;
    step(arrow(e.direction), colour(e.direction),
         std::string(tls13_ || before_version         ? m_.ccs_13
                     : e.direction == Direction::sent ? m_.ccs_sent_12
                                                      : m_.ccs_received_12));
  }

  void render(const ChoiceEvent& e) {
    if (e.what == "version") {
      version_known_ = true;
      tls13_ = e.chosen == "TLS 1.3";
    }
    if (e.what == "cipher suite") suite_ = e.chosen;
    if (e.what == "key exchange group") group_chosen_ = true;
    detail(kGreen, format(m_.chosen, {label(m_.choice_labels, e.what), e.chosen, e.why}));
  }

  // Under the message it checks (reported just before).
  void render(const CheckEvent& e) {
    detail(e.passed ? kGreen : kRed, format(e.passed ? m_.check_passed : m_.check_failed,
                                            {label(m_.check_labels, e.what), e.detail}));
    const bool trust =
        e.what == "certificate chain" || e.what == "host name" || e.what == "validity";
    if (!e.passed && trust) detail(kRed, std::string(m_.trust_warning));
  }

  void render(const SecretEvent& e) {
    if (!explained_key_exchange_) {
      if (e.name == "handshake_secret") {
        explained_key_exchange_ = true;
        step("", kMagenta, std::string(m_.no_premaster_13));
      } else if (e.name == "master_secret" || e.name == "extended master_secret") {
        explained_key_exchange_ = true;
        step("", kMagenta, std::string(rsa_key_exchange() ? m_.premaster_rsa : m_.premaster_ecdhe));
        detail(kMagenta, std::string(m_.master_secret_12));
      }
    }
    detail(kMagenta, format(m_.secret_derived, {label(m_.secret_labels, e.name)}));
  }

  void render(const KeysEvent& e) {
    if (e.epoch == "application" && !announced_session_keys_) {
      announced_session_keys_ = true;
      step("", kMagenta, format(m_.session_keys, {e.aead}));
    }
    detail(kMagenta, format(e.direction == Direction::sent ? m_.keys_sent : m_.keys_received,
                            {e.epoch, e.aead}));
  }

  void render(const AlertEvent& e) {
    flush_close_notify();
    if (e.description == AlertDescription::close_notify && e.direction == Direction::received) {
      close_notify_pending_ = true;
      return;
    }
    if (e.description == AlertDescription::close_notify) {
      step(arrow(e.direction), colour(e.direction),
           std::string(e.direction == Direction::sent ? m_.close_notify_sent
                                                      : m_.close_notify_received));
      return;
    }
    const std::string level = e.level == AlertLevel::fatal ? "fatal" : "warning";
    const std::string description(name_of(e.description));
    step(arrow(e.direction), kRed,
         e.direction == Direction::sent ? format(m_.alert_sent, {level, description, e.reason})
                                        : format(m_.alert_received, {level, description}));
  }

  void render(const HandshakeDoneEvent& e) {
    flush_close_notify();
    std::string text = format(
        m_.handshake_done, {handshake::display_name(e.version), handshake::display_name(e.suite)});
    if (e.resumed) text += m_.resumed;
    step("", kGreen, text);
    if (e.resumed && tls13_) {
      detail(kGreen, std::string(group_chosen_ ? m_.resumed_psk_dhe : m_.resumed_psk_ke));
      if (!server_certificate_) detail(kGreen, std::string(m_.no_certificate));
    }
    if (e.early_data_accepted) {
      detail(kGreen, std::string(m_.early_data_accepted));
    } else if (early_data_sent_) {
      detail(kYellow, std::string(m_.early_data_rejected));
    }
  }

  void render(const ClosedEvent& e) {
    flush_close_notify();
    if (e.clean) {
      step("", kBold, std::string(m_.keys_destroyed));
    } else {
      step("", kRed, format(m_.failed, {e.reason}));
    }
    detail(kDim, format(m_.wire_totals, {format(m_.bytes, {std::to_string(client_wire_.bytes)}),
                                         std::to_string(client_wire_.records),
                                         format(m_.bytes, {std::to_string(server_wire_.bytes)}),
                                         std::to_string(server_wire_.records)}));
  }

  void render(const NoteEvent& e) {
    constexpr std::string_view kTcp = "TCP connected to ";
    if (e.text.starts_with(kTcp)) {
      new_connection();
      step("", kBold,
           format(options_.is_client ? m_.tcp_connected : m_.tcp_accepted,
                  {std::string_view(e.text).substr(kTcp.size())}));
    } else if (e.text.starts_with("ChangeCipherSpec received")) {
      // Shown from its RecordEvent.
    } else if (std::size_t bytes = early_data_bytes(e.text); bytes != 0) {
      early_data_sent_ = true;
      step(arrow(Direction::sent), colour(Direction::sent),
           format(m_.early_data_sent, {format(m_.bytes, {std::to_string(bytes)})}));
      detail(kDim, std::string(m_.early_data_about));
    } else if (e.text.starts_with("the server rejected our 0-RTT data") ||
               e.text.starts_with("0-RTT early data received")) {
      // Said by the handshake-complete step (early data accepted / rejected).
    } else if (!e.text.starts_with("the peer sent close_notify")) {
      detail(kDim, e.text);
    }
  }

  // The library's note "sent N bytes of 0-RTT early data": N, or 0 for any other note.
  static std::size_t early_data_bytes(std::string_view text) {
    constexpr std::string_view kSent = "sent ";
    constexpr std::string_view kEarly = " bytes of 0-RTT early data";
    if (!text.starts_with(kSent) || !text.ends_with(kEarly)) return 0;
    const std::string_view digits =
        text.substr(kSent.size(), text.size() - kSent.size() - kEarly.size());
    std::size_t n = 0;
    for (const char c : digits) {
      if (c < '0' || c > '9') return 0;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
  }

  const Messages& m_;
  std::mutex mutex_;  // the key-log callback may run on another thread than on_event
  bool close_notify_pending_ = false;
  bool tls13_ = false;
  bool version_known_ = false;
  struct WireCount {
    std::size_t records = 0;
    std::size_t bytes = 0;
  };
  WireCount client_wire_, server_wire_;  // RecordEvents of this connection, by sender
  std::string suite_;
  bool explained_key_exchange_ = false;
  bool announced_session_keys_ = false;
  bool group_chosen_ = false;        // an (EC)DHE group was negotiated (psk_dhe_ke when resumed)
  bool server_certificate_ = false;  // the server sent a Certificate on this connection
  bool early_data_sent_ = false;
};

}  // namespace

std::unique_ptr<Narration> Narration::create(std::FILE* out, const NarrationOptions& options) {
  if (options.json) return make_json_narration(out, options);
  return std::make_unique<TextNarration>(out, options);
}

}  // namespace tlspp::tool
