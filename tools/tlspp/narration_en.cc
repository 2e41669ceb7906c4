// The narration in English.
#include "narration_text.h"

namespace tlspp::tool::narration {
namespace {

constexpr std::span<const Label> kMessageNames;  // the library's own names

constexpr Label kFieldLabels[] = {
    {"supported_versions", "versions"},
    {"cipher_suites", "cipher suites"},
    {"supported_groups", "groups"},
    {"key_share", "key share"},
    {"signature_algorithms", "signature schemes"},
    {"server_name", "server name (SNI)"},
    {"alpn", "ALPN"},
    {"random", "random"},
    {"legacy_session_id", "session ID"},
    {"cipher_suite", "cipher suite"},
};

constexpr std::span<const Label> kCheckLabels;   // the library's own words
constexpr std::span<const Label> kChoiceLabels;  // the library's own words

constexpr Label kSecretLabels[] = {
    {"handshake_secret", "handshake secret (HKDF-Extract)"},
    {"master_secret", "master secret"},
    {"extended master_secret", "master secret (extended, RFC 7627)"},
};

}  // namespace

const Messages& english() {
  static const Messages m{
      .tcp_connected = "TCP connected to {0} (the TCP three-way handshake is done; TLS starts)",
      .tcp_accepted = "TCP connection accepted from {0}",
      .tcp_closed = "TCP connection closed (FIN)",
      .app_data_sent = "application data sent: {0}, encrypted with the session keys {1}",
      .app_data_received = "application data received: {0}, decrypted with the session keys {1}",
      .client_hello_about =
          "The client says hello in plain text: the versions, cipher suites, groups and signature "
          "schemes it supports, and a fresh random.",
      .client_hello_about13 =
          "TLS 1.3: it also guesses the key exchange group and sends its key share now, which "
          "saves a round trip.",
      .server_hello_about =
          "The server picks one of each from the client's lists and sends its own random.",
      .encrypted_extensions_about =
          "From here on the server's messages are encrypted with the handshake keys (TLS 1.3).",
      .certificate_about = "The certificate chain: the server's public key, signed by a CA.",
      .certificate_verify_about =
          "A signature over the handshake so far with the certificate's private key: proof "
          "that the server holds it.",
      .server_key_exchange_about =
          "The server's ephemeral ECDHE public key, signed with its certificate key.",
      .server_hello_done_about = "The server has sent everything for this flight.",
      .client_key_exchange_rsa_about =
          "The pre-master secret, encrypted with the server's RSA public key.",
      .client_key_exchange_ecdhe_about = "The client's ephemeral ECDHE public key.",
      .certificate_request_about = "The server asks for a client certificate.",
      .finished_about =
          "A MAC over the whole handshake with the new keys: proves nobody tampered with it.",
      .new_session_ticket_about = "A ticket to resume this session later without a full handshake.",
      .no_premaster_13 =
          "Key exchange: TLS 1.3 has no pre-master secret. Both sides compute the same ECDHE "
          "shared secret from the two key shares (it never crosses the wire); it goes straight "
          "into HKDF-Extract to make the handshake secret.",
      .premaster_rsa =
          "Key exchange (RSA): the client made a 48-byte pre-master secret and encrypted it "
          "with the server's RSA public key from the certificate; only the server's private key "
          "decrypts it. No forward secrecy: whoever gets that key later can decrypt a recording "
          "of this connection.",
      .premaster_ecdhe =
          "Key exchange (ECDHE): each side sent an ephemeral public key; both compute the same "
          "shared secret, the pre-master secret, which never crosses the wire.",
      .master_secret_12 =
          "pre-master secret + both randoms (or the handshake hash) -> master secret "
          "(the TLS 1.2 PRF) -> session keys.",
      .session_keys = "Session keys (symmetric) are ready: {0}",
      .secret_derived = "derived {0}",
      .secret_value = "{0} = {1}",
      .keys_sent = "sending now protected with {1} ({0} keys)",
      .keys_received = "receiving now protected with {1} ({0} keys)",
      .ccs_13 =
          "ChangeCipherSpec: in TLS 1.3 only for middlebox compatibility (RFC 8446 §D.4); it "
          "changes nothing.",
      .ccs_sent_12 =
          "ChangeCipherSpec: from now on everything this side sends is encrypted with the "
          "session keys.",
      .ccs_received_12 = "ChangeCipherSpec received: the peer switches to the session keys.",
      .chosen = "{0}: {1} ({2})",
      .check_passed = "ok   {0}: {1}",
      .check_failed = "FAIL {0}: {1}",
      .trust_warning =
          "WARNING: the certificate could not be verified. This server did not prove who it "
          "is; anyone on the path could be impersonating it. The connection is refused.",
      .handshake_done = "Handshake complete: {0}, {1}",
      .resumed = " (resumed)",
      .early_data_sent =
          "0-RTT early data sent right after the ClientHello: {0}, encrypted with the early "
          "traffic keys derived from the ticket's pre-shared key",
      .early_data_about =
          "It arrives before the handshake completes; an attacker could replay it, so only "
          "requests that are safe to repeat go here.",
      .resumed_psk_dhe =
          "Resumed: the server accepted the ticket from the earlier connection as a pre-shared key "
          "(PSK, psk_dhe_ke: with a fresh ECDHE exchange, so this connection has its own forward "
          "secrecy).",
      .resumed_psk_ke =
          "Resumed: the server accepted the ticket from the earlier connection as a pre-shared key "
          "(PSK, psk_ke: no fresh key exchange, no forward secrecy of its own).",
      .no_certificate =
          "No certificate was sent: knowing the PSK proves it is the server of the earlier, "
          "verified connection.",
      .early_data_accepted =
          "Early data accepted: the server got the request with the ClientHello, before the "
          "handshake completed.",
      .early_data_rejected =
          "Early data rejected: the server ignored it; it is sent again as ordinary application "
          "data.",
      .close_notify_sent = "close_notify sent: this side will send no more data",
      .close_notify_received = "close_notify received: the peer will send no more data",
      .alert_sent = "alert sent: {0} {1}: {2}",
      .alert_received = "alert received: {0} {1}",
      .keys_destroyed = "Session keys destroyed (wiped from memory).",
      .wire_totals = "TLS records on the wire: C → S {0} in {1} records, C ← S {2} in {3} records",
      .failed = "Connection failed: {0}. Keys destroyed.",
      .bytes = "{0} bytes",
      .encrypted = "encrypted",
      .message_names = kMessageNames,
      .field_labels = kFieldLabels,
      .check_labels = kCheckLabels,
      .choice_labels = kChoiceLabels,
      .secret_labels = kSecretLabels,
  };
  return m;
}

std::string_view find_label(Labels labels, std::string_view name) {
  for (const Label& l : labels) {
    if (l.name == name) return l.shown;
  }
  return {};
}

std::string format(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      const std::size_t n = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (n < args.size()) out += *(args.begin() + n);
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace tlspp::tool::narration
