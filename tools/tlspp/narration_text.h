// The narration's words, one table per language (narration_en.cc, narration_ko.cc), rendered by
// the one text renderer in narration.cc. Patterns hold {0}, {1}, ... placeholders filled by
// format(). Names the library reports (message types as name_of() gives them, field names,
// checks, choices, secrets) are looked up in label lists; unknown ones are shown as they are.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "narration.h"
#include "tlspp/wire.h"

namespace tlspp::tool::narration {

// How a language shows one name the library reports.
struct Label {
  std::string_view name;   // "ClientHello", "cipher_suites", "host name", ...
  std::string_view shown;  // "클라이언트 헬로 (ClientHello)", ...
};
using Labels = std::span<const Label>;

// The shown text for `name`, or empty when `labels` has none.
std::string_view find_label(Labels labels, std::string_view name);

struct Messages {
  // Steps the tool reports.
  std::string_view tcp_connected;  // {0} peer
  std::string_view tcp_accepted;   // {0} peer
  std::string_view tcp_closed;
  std::string_view app_data_sent;      // {0} bytes, {1} first line
  std::string_view app_data_received;  // {0} bytes, {1} first line
  // What each message is for (shown under its line).
  std::string_view client_hello_about;
  std::string_view client_hello_about13;  // TLS 1.3 key share guess
  std::string_view server_hello_about;
  std::string_view encrypted_extensions_about;
  std::string_view certificate_about;
  std::string_view certificate_verify_about;
  std::string_view server_key_exchange_about;
  std::string_view server_hello_done_about;
  std::string_view client_key_exchange_rsa_about;
  std::string_view client_key_exchange_ecdhe_about;
  std::string_view certificate_request_about;
  std::string_view finished_about;
  std::string_view new_session_ticket_about;
  // Key exchange and secrets.
  std::string_view no_premaster_13;
  std::string_view premaster_rsa;
  std::string_view premaster_ecdhe;
  std::string_view master_secret_12;
  std::string_view session_keys;
  std::string_view secret_derived;  // {0} secret
  std::string_view secret_value;    // {0} key-log label, {1} hex
  std::string_view keys_sent;       // {0} epoch, {1} AEAD
  std::string_view keys_received;   // {0} epoch, {1} AEAD
  std::string_view ccs_13;
  std::string_view ccs_sent_12;
  std::string_view ccs_received_12;
  // Negotiation and checks.
  std::string_view chosen;        // {0} what, {1} chosen, {2} why
  std::string_view check_passed;  // {0} what, {1} detail
  std::string_view check_failed;  // {0} what, {1} detail
  std::string_view trust_warning;
  // End of the handshake and of the connection.
  std::string_view handshake_done;  // {0} version, {1} suite
  std::string_view resumed;
  // Resumption and 0-RTT (TLS 1.3).
  std::string_view early_data_sent;   // {0} bytes
  std::string_view early_data_about;  // replay warning under it
  std::string_view resumed_psk_dhe;   // PSK with a fresh (EC)DHE exchange
  std::string_view resumed_psk_ke;    // PSK only
  std::string_view no_certificate;    // the server authenticated by the PSK, not a certificate
  std::string_view early_data_accepted;
  std::string_view early_data_rejected;
  std::string_view close_notify_sent;
  std::string_view close_notify_received;
  std::string_view alert_sent;      // {0} level, {1} description, {2} reason
  std::string_view alert_received;  // {0} level, {1} description
  std::string_view keys_destroyed;
  std::string_view wire_totals;  // {0} C->S bytes, {1} records, {2} S->C bytes, {3} records
  std::string_view failed;       // {0} reason
  // Units and tags.
  std::string_view bytes;      // {0} count
  std::string_view encrypted;  // tag on encrypted messages
  // Name tables; a name without an entry is shown as the library reports it.
  Labels message_names;  // by name_of(HandshakeType)
  Labels field_labels;
  Labels check_labels;
  Labels choice_labels;
  Labels secret_labels;
};

const Messages& english();
const Messages& korean();
inline const Messages& messages(Lang lang) { return lang == Lang::ko ? korean() : english(); }

// `pattern` with {i} replaced by args[i].
std::string format(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace tlspp::tool::narration
