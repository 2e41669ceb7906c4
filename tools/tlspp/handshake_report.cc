#include "handshake_report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <span>

#include "crypto/provider.h"
#include "handshake/negotiation.h"
#include "tls_setup.h"

namespace tlspp::tool {
namespace {

const std::vector<std::string> kNone;

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string json_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_string(items[i]);
  return out + "]";
}

std::string json_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// The first 12 hex digits of SHA-256 over `text` (JA4's truncated hashes).
std::string sha256_12(const std::string& text) {
  std::uint8_t digest[32];
  auto s = provider()->hash(crypto::HashAlg::sha256,
                            std::span<const std::uint8_t>(
                                reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
                            digest);
  if (!s.ok()) return "000000000000";
  std::string out;
  char buf[3];
  for (int i = 0; i < 6; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    out += buf;
  }
  return out;
}

bool is_grease_code(const std::string& hex4) {
  // RFC 8701: 0x?a?a with both bytes equal.
  return hex4.size() == 4 && hex4[1] == 'a' && hex4[3] == 'a' && hex4[0] == hex4[2];
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string two_digits(std::size_t n) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02zu", std::min<std::size_t>(n, 99));
  return buf;
}

std::string direction_name(Direction d) { return d == Direction::sent ? "sent" : "received"; }

}  // namespace

bool is_grease_name(const std::string& name) {
  return name.size() > 9 && name.compare(name.size() - 9, 9, "(GREASE)") == 0;
}

double HandshakeRecorder::elapsed_ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
      .count();
}

void HandshakeRecorder::on_event(const Event& event) {
  const double t = elapsed_ms();
  if (const auto* m = std::get_if<MessageEvent>(&event)) {
    std::string name(name_of(m->type));
    if (name.empty()) name = "handshake message " + std::to_string(static_cast<int>(m->type));
    messages_.push_back({m->direction, std::move(name), m->length, m->encrypted, t, m->fields});
    if (m->type == HandshakeType::client_hello && m->direction == Direction::received) {
      client_hello_index_ = messages_.size();  // 1-based, 0 = none
    }
  } else if (const auto* c = std::get_if<ChoiceEvent>(&event)) {
    choices_.push_back(*c);
  } else if (const auto* k = std::get_if<CheckEvent>(&event)) {
    checks_.push_back(*k);
  } else if (const auto* k = std::get_if<KeysEvent>(&event)) {
    keys_.push_back({k->direction, k->epoch, k->aead, t});
  } else if (const auto* r = std::get_if<RecordEvent>(&event)) {
    for (Bytes* b : {r->direction == Direction::sent ? &sent_ : &received_,
                     done_at_ms_                       ? nullptr
                     : r->direction == Direction::sent ? &handshake_sent_
                                                       : &handshake_received_}) {
      if (b == nullptr) continue;
      ++b->records;
      b->bytes += r->wire_length;
    }
    // ChangeCipherSpec is a record of its own, not a handshake message: a rung of the ladder too.
    if (r->inner_type == ContentType::change_cipher_spec) {
      messages_.push_back({r->direction, "ChangeCipherSpec", 1, false, t, {}});
    }
  } else if (const auto* d = std::get_if<HandshakeDoneEvent>(&event)) {
    if (!done_at_ms_) done_at_ms_ = t;
    resumed_ = d->resumed;
  } else if (const auto* n = std::get_if<NoteEvent>(&event)) {
    notes_.push_back(n->text);
  }
}

const std::vector<std::string>& HandshakeRecorder::client_hello(const std::string& name) const {
  if (client_hello_index_ == 0) return kNone;
  for (const auto& f : messages_[client_hello_index_ - 1].fields) {
    if (f.name == name) return f.values;
  }
  return kNone;
}

std::string ja4(const HandshakeRecorder& r) {
  if (!r.saw_client_hello()) return "";
  // JA4_a: protocol, version, SNI, counts, ALPN.
  std::string version = "00";
  const auto& versions = r.client_hello("supported_versions");
  const auto has = [&](const char* v) {
    return std::find(versions.begin(), versions.end(), v) != versions.end();
  };
  if (has("TLS 1.3")) {
    version = "13";
  } else if (has("TLS 1.2") ||
             r.client_hello("legacy_version") == std::vector<std::string>{"0303"}) {
    version = "12";
  } else if (has("TLS 1.1")) {
    version = "11";
  } else if (has("TLS 1.0")) {
    version = "10";
  }
  std::vector<std::string> suites, extensions;
  for (const auto& s : r.client_hello("cipher_suite_codes")) {
    if (!is_grease_code(s)) suites.push_back(s);
  }
  for (const auto& e : r.client_hello("extension_codes")) {
    if (!is_grease_code(e)) extensions.push_back(e);
  }
  const bool sni = !r.client_hello("server_name").empty();
  std::string alpn = "00";
  if (const auto& list = r.client_hello("alpn"); !list.empty() && !list.front().empty()) {
    const std::string& first = list.front();
    const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if (alnum(first.front()) && alnum(first.back())) {
      alpn = std::string{first.front(), first.back()};
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%02x%02x", static_cast<unsigned char>(first.front()),
                    static_cast<unsigned char>(first.back()));
      alpn = std::string{buf[0], buf[3]};
    }
  }
  const std::string a = std::string("t") + version + (sni ? "d" : "i") + two_digits(suites.size()) +
                        two_digits(extensions.size()) + alpn;
  // JA4_b: the sorted cipher suites; JA4_c: the sorted extensions without SNI and ALPN, then the
  // signature algorithms in the order sent.
  std::sort(suites.begin(), suites.end());
  const std::string b = suites.empty() ? "000000000000" : sha256_12(join(suites, ","));
  std::vector<std::string> sorted_ext;
  for (const auto& e : extensions) {
    if (e != "0000" && e != "0010") sorted_ext.push_back(e);
  }
  std::sort(sorted_ext.begin(), sorted_ext.end());
  std::vector<std::string> schemes;
  for (const auto& s : r.client_hello("signature_algorithm_codes")) {
    if (!is_grease_code(s)) schemes.push_back(s);
  }
  std::string c_input = join(sorted_ext, ",");
  if (!schemes.empty()) c_input += "_" + join(schemes, ",");
  const std::string c = sorted_ext.empty() ? "000000000000" : sha256_12(c_input);
  return a + "_" + b + "_" + c;
}

std::string handshake_json(const HandshakeRecorder& r, const SessionInfo& info) {
  std::string out = "{";
  out += "\"negotiated\":{";
  out += "\"version\":" + json_string(handshake::display_name(info.version));
  out += ",\"cipher_suite\":" + json_string(handshake::display_name(info.cipher_suite));
  out += ",\"group\":" + json_string(info.group ? handshake::display_name(*info.group) : "");
  out += ",\"signature_scheme\":" +
         json_string(info.signature_scheme ? handshake::display_name(*info.signature_scheme) : "");
  out += ",\"client_signature_scheme\":" +
         json_string(info.client_signature_scheme
                         ? handshake::display_name(*info.client_signature_scheme)
                         : "");
  out += ",\"alpn\":" + json_string(info.alpn);
  out += ",\"server_name\":" + json_string(info.server_name);
  out += std::string(",\"resumed\":") + (r.resumed() ? "true" : "false");
  out += "},\"client_hello\":{";
  bool first = true;
  if (const auto* hello = r.client_hello_message()) {
    for (const auto& f : hello->fields) {
      out += (first ? "" : ",") + json_string(f.name) + ":" + json_list(f.values);
      first = false;
    }
  }
  out += "},\"ja4\":" + json_string(ja4(r));
  out += ",\"choices\":[";
  first = true;
  for (const auto& c : r.choices()) {
    out += std::string(first ? "" : ",") + "{\"what\":" + json_string(c.what) +
           ",\"chosen\":" + json_string(c.chosen) + ",\"why\":" + json_string(c.why) +
           ",\"offered\":" + json_list(c.offered) + "}";
    first = false;
  }
  out += "],\"messages\":[";
  first = true;
  for (const auto& m : r.messages()) {
    out +=
        std::string(first ? "" : ",") + "{\"direction\":" +
        json_string(m.direction == Direction::received ? "client_to_server" : "server_to_client") +
        ",\"type\":" + json_string(m.name) + ",\"length\":" + std::to_string(m.length) +
        ",\"encrypted\":" + (m.encrypted ? "true" : "false") +
        ",\"at_ms\":" + json_number(m.at_ms) + "}";
    first = false;
  }
  out += "],\"keys\":[";
  first = true;
  for (const auto& k : r.keys()) {
    out += std::string(first ? "" : ",") +
           "{\"direction\":" + json_string(direction_name(k.direction)) +
           ",\"epoch\":" + json_string(k.epoch) + ",\"aead\":" + json_string(k.aead) +
           ",\"at_ms\":" + json_number(k.at_ms) + "}";
    first = false;
  }
  out += "],\"timings\":{\"handshake_ms\":" +
         (r.done_at_ms() ? json_number(*r.done_at_ms()) : std::string("null")) + "}";
  out += ",\"bytes\":{\"received\":" + std::to_string(r.received().bytes) +
         ",\"sent\":" + std::to_string(r.sent().bytes) +
         ",\"records_received\":" + std::to_string(r.received().records) +
         ",\"records_sent\":" + std::to_string(r.sent().records) +
         ",\"handshake_received\":" + std::to_string(r.handshake_received().bytes) +
         ",\"handshake_sent\":" + std::to_string(r.handshake_sent().bytes) + "}";
  return out + "}\n";
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace tlspp::tool
