// TLS 1.3 resumption and 0-RTT, server side (server_psk.cc, server_tickets.cc): choosing and
// verifying the client's PSK (RFC 8446 §4.2.9, §4.2.11), deciding on its early data (§4.2.10, §8),
// EndOfEarlyData (§4.5), and issuing NewSessionTickets (§4.6.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "handshake/server/server_states.h"
#include "handshake/session/session_state.h"

namespace tlspp::handshake::server {

// A PSK the server resumes with.
struct PskChoice {
  SessionState state;   // what the ticket stood for
  std::uint16_t index;  // its position in the client's identities (selected_identity)
  bool dhe;             // psk_dhe_ke (else psk_ke: no key_share)
  bool early_data;      // the client's 0-RTT data is accepted
  BinderVerified binder;
};

// True when the ClientHello offers a PSK with psk_ke and the config would pick psk_ke (it is the
// only mode offered, or ServerConfig::prefer_psk_ke): such a client may resume without any (EC)DHE
// key share. Decode failures propagate.
Result<bool> psk_ke_only(const ServerContext& ctx, const msgs::ClientHello& ch);

// Chooses the first offered PSK that opens (ticket_keys) or is found (session_cache, taken: single
// use), is a TLS 1.3 session of `suite`'s hash, unexpired, for the same server name; then verifies
// its binder over `encoded` (the ClientHello as received) and the transcript so far (which must
// not yet hold this ClientHello). nullopt: no usable PSK, full handshake. Errors: missing_extension
// (pre_shared_key without psk_key_exchange_modes), bad_binder (decrypt_error). `dhe_possible`:
// the ClientHello has a key share we can use; `after_retry`: this is the second ClientHello.
Result<std::optional<PskChoice>> choose_psk(ServerContext& ctx, const msgs::ClientHello& ch,
                                            Bytes encoded, const SuiteInfo& suite,
                                            bool dhe_possible, bool after_retry,
                                            const std::optional<std::string>& alpn);

// RFC 8446 §4.2.10: the ClientHello offers early data (which the server then rejects unless
// choose_psk accepted it).
bool offers_early_data(const msgs::ClientHello& ch);
// How many bytes of rejected early data to skip at most.
std::size_t early_data_skip_limit(const ServerConfig& cfg);

// RFC 8446 §4.6.1: sends config.tickets_per_handshake (after a resumption:
// config.tickets_per_resumption, at most as many) NewSessionTickets after the client's Finished
// (none when neither ticket_keys nor session_cache is configured), each for a PSK derived from
// `resumption_master_secret` under `suite`.
Status send_session_tickets(ServerContext& ctx, const SuiteInfo& suite,
                            const SecretBytes& resumption_master_secret);

// RFC 8446 §4.5: the client's EndOfEarlyData ends its 0-RTT data; its handshake keys follow.
Result<ServerState> on_end_of_early_data(ServerContext& ctx, WaitEndOfEarlyData&& state,
                                         const msgs::HandshakeMessageView& message);

}  // namespace tlspp::handshake::server
