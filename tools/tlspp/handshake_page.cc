// The HTML page of `tlspp serve`: the visitor's own handshake, explained (handshake_report.h).
#include <cstdio>

#include "handshake/negotiation.h"
#include "handshake_report.h"

namespace tlspp::tool {
namespace {

std::string fmt_ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f ms", ms);
  return buf;
}

// A list whose GREASE entries are marked as such and whose negotiated entry is highlighted.
std::string value_list(const std::string& id, const std::vector<std::string>& values,
                       const std::string& chosen = "") {
  if (values.empty()) return "<p class=\"none\">(none offered)</p>\n";
  std::string out = "<ol id=\"" + id + "\">";
  for (const auto& v : values) {
    std::string cls;
    std::string note;
    if (is_grease_name(v)) {
      cls = "grease";
      note =
          " <span class=\"tag\">GREASE: a reserved value (RFC 8701) sent to keep servers "
          "tolerant of values they do not know; ignored</span>";
    } else if (!chosen.empty() && v == chosen) {
      cls = "chosen";
      note = " <span class=\"tag\">chosen</span>";
    }
    out += "<li" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + "><code>" +
           html_escape(v) + "</code>" + note + "</li>";
  }
  return out + "</ol>\n";
}

// The message sequence as a ladder diagram: client on the left, server on the right, one arrow
// per handshake message, dashed when it travelled encrypted.
std::string ladder_svg(const HandshakeRecorder& r) {
  constexpr int kLeft = 90, kRight = 530, kTop = 50, kStep = 44;
  const int height = kTop + static_cast<int>(r.messages().size()) * kStep + 30;
  std::string svg =
      "<svg id=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" width=\"620\" height=\"" +
      std::to_string(height) + "\" viewBox=\"0 0 620 " + std::to_string(height) +
      "\" role=\"img\" aria-label=\"handshake ladder diagram\">\n"
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
      "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">"
      "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#334\"/></marker></defs>\n";
  svg += "<text x=\"" + std::to_string(kLeft) +
         "\" y=\"24\" text-anchor=\"middle\" font-weight=\"bold\">your browser</text>";
  svg += "<text x=\"" + std::to_string(kRight) +
         "\" y=\"24\" text-anchor=\"middle\" font-weight=\"bold\">tlspp serve</text>\n";
  for (int x : {kLeft, kRight}) {
    svg += "<line x1=\"" + std::to_string(x) + "\" y1=\"34\" x2=\"" + std::to_string(x) +
           "\" y2=\"" + std::to_string(height - 10) + "\" stroke=\"#888\" stroke-width=\"2\"/>\n";
  }
  int y = kTop;
  for (const auto& m : r.messages()) {
    const bool to_server = m.direction == Direction::received;
    const int from = to_server ? kLeft : kRight;
    const int to = to_server ? kRight : kLeft;
    svg += "<line x1=\"" + std::to_string(from) + "\" y1=\"" + std::to_string(y) + "\" x2=\"" +
           std::to_string(to) + "\" y2=\"" + std::to_string(y + 14) +
           "\" stroke=\"#334\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"" +
           (m.encrypted ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
    svg += "<text x=\"310\" y=\"" + std::to_string(y - 4) + "\" text-anchor=\"middle\">" +
           html_escape(m.name) + " (" + std::to_string(m.length) + " B" +
           (m.encrypted ? ", encrypted" : "") + ")</text>";
    svg += "<text x=\"" + std::to_string(to_server ? 12 : 608) + "\" y=\"" + std::to_string(y + 4) +
           "\" text-anchor=\"" + (to_server ? "start" : "end") +
           "\" font-size=\"11\" fill=\"#666\">" + fmt_ms(m.at_ms) + "</text>\n";
    y += kStep;
  }
  return svg + "</svg>\n";
}

// "0x002b supported_versions", "0x1a1a (GREASE)" for the 4-hex-digit codes of the ClientHello.
std::vector<std::string> extension_names(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& code : codes) {
    const auto value = static_cast<std::uint16_t>(std::stoul(code, nullptr, 16));
    std::string item = "0x" + code;
    if ((value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff)) {
      item += " (GREASE)";  // RFC 8701
    } else if (auto name = name_of(static_cast<ExtensionType>(value)); !name.empty()) {
      item += " " + std::string(name);
    }
    out.push_back(std::move(item));
  }
  return out;
}

const char* kStyle =
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45;color:#222}h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid "
    "#ddd}table{border-collapse:collapse}td,th{padding:.25rem .6rem;border:1px solid #ddd;"
    "text-align:left;vertical-align:top}code{font-size:.9em}li.grease{color:#888}li.chosen{"
    "font-weight:bold;color:#064}.tag{font-size:.8em;color:#666;font-weight:normal}"
    ".none{color:#888}svg text{font-family:system-ui,sans-serif;font-size:13px}";

}  // namespace

std::string handshake_html(const HandshakeRecorder& r, const SessionInfo& info) {
  const std::string version = handshake::display_name(info.version);
  const std::string suite = handshake::display_name(info.cipher_suite);
  const std::string group = info.group ? handshake::display_name(*info.group) : "";
  const std::string scheme =
      info.signature_scheme ? handshake::display_name(*info.signature_scheme) : "";
  std::string h =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>Your TLS handshake</title><style>" +
      std::string(kStyle) + "</style></head><body>\n";
  h += "<h1>The TLS handshake your browser just made</h1>\n";
  h += "<p>This page was sent over the very connection it describes. tlspp recorded every "
       "handshake message as it arrived or left; nothing here is guessed.</p>\n";
  h += "<h2>What was agreed</h2>\n<table>";
  h += "<tr><th>protocol version</th><td id=\"negotiated-version\">" + html_escape(version) +
       "</td></tr>";
  h += "<tr><th>cipher suite</th><td id=\"negotiated-suite\">" + html_escape(suite) + "</td></tr>";
  h += "<tr><th>key exchange group</th><td id=\"negotiated-group\">" +
       html_escape(group.empty() ? "(none)" : group) + "</td></tr>";
  h += "<tr><th>server signature</th><td>" + html_escape(scheme) + "</td></tr>";
  if (info.client_signature_scheme) {
    h += "<tr><th>client signature</th><td>" +
         html_escape(handshake::display_name(*info.client_signature_scheme)) + "</td></tr>";
  }
  h += "<tr><th>application protocol (ALPN)</th><td>" +
       html_escape(info.alpn.empty() ? "(none)" : info.alpn) + "</td></tr>";
  h += "<tr><th>server name (SNI)</th><td>" +
       html_escape(info.server_name.empty() ? "(none sent)" : info.server_name) + "</td></tr>";
  h += std::string("<tr><th>resumed</th><td id=\"resumed\">") +
       (r.resumed() ? "yes: a pre-shared key from an earlier session" : "no: a full handshake") +
       "</td></tr>";
  h += "<tr><th>JA4 fingerprint</th><td><code id=\"ja4\">" + html_escape(ja4(r)) +
       "</code></td></tr></table>\n";

  h += "<h2>What your browser offered (ClientHello)</h2>\n";
  h += "<h3>Protocol versions</h3>" +
       value_list("offered-versions", r.client_hello("supported_versions"), version);
  h += "<h3>Cipher suites, in the browser's order of preference</h3>" +
       value_list("offered-suites", r.client_hello("cipher_suites"), suite);
  h += "<h3>Key exchange groups</h3>" +
       value_list("offered-groups", r.client_hello("supported_groups"), group);
  h += "<h3>Key shares sent in advance</h3><p>Public keys the browser generated before knowing "
       "what the server would pick, so a TLS 1.3 handshake takes one round trip.</p>" +
       value_list("offered-key-shares", r.client_hello("key_share"), group);
  h += "<h3>Signature schemes</h3>" +
       value_list("offered-signature-schemes", r.client_hello("signature_algorithms"), scheme);
  h += "<h3>Application protocols (ALPN)</h3>" +
       value_list("offered-alpn", r.client_hello("alpn"), info.alpn);
  h += "<h3>Server name (SNI)</h3>" + value_list("offered-sni", r.client_hello("server_name"));
  h += "<h3>Extensions, in wire order</h3>" +
       value_list("offered-extensions", extension_names(r.client_hello("extension_codes")));

  h += "<h2>What the server chose, and why</h2>\n<table><tr><th>what</th><th>chosen</th>"
       "<th>why</th></tr>";
  for (const auto& c : r.choices()) {
    h += "<tr><td>" + html_escape(c.what) + "</td><td><code>" + html_escape(c.chosen) +
         "</code></td><td>" + html_escape(c.why) + "</td></tr>";
  }
  h += "</table>\n";

  h += "<h2>The messages, in order</h2>\n<p>Solid arrows travelled in the clear; dashed ones "
       "were encrypted with keys derived from the key exchange.</p>\n" +
       ladder_svg(r);
  const auto wire = [](const HandshakeRecorder::Bytes& b) {
    return std::to_string(b.bytes) + " bytes in " + std::to_string(b.records) + " records";
  };
  h += "<p id=\"wire-bytes\">On the wire until the handshake completed: browser to server " +
       wire(r.handshake_received()) + ", server to browser " + wire(r.handshake_sent()) +
       " (record headers, encryption overhead and all). The whole connection so far: " +
       wire(r.received()) + " and " + wire(r.sent()) + ".</p>\n";
  h += "<h2>Keys and timings</h2>\n<table><tr><th>at</th><th>direction</th><th>keys</th></tr>";
  for (const auto& k : r.keys()) {
    h += "<tr><td>" + fmt_ms(k.at_ms) + "</td><td>" +
         (k.direction == Direction::sent ? "server to browser" : "browser to server") +
         "</td><td>" + html_escape(k.epoch) + " (" + html_escape(k.aead) + ")</td></tr>";
  }
  h += "</table>\n<p>Handshake complete after <strong id=\"handshake-ms\">" +
       (r.done_at_ms() ? fmt_ms(*r.done_at_ms()) : std::string("?")) +
       "</strong>, counted from the moment the TCP connection was accepted.</p>\n";
  h += "<p>The same data as JSON: <a href=\"/handshake.json\">/handshake.json</a>.</p>\n";
  return h + "</body></html>\n";
}

}  // namespace tlspp::tool
