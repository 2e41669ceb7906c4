// TLS 1.3 NewSessionTicket issuance (RFC 8446 §4.6.1) and the end of accepted 0-RTT data
// (EndOfEarlyData, §4.5).
#include <algorithm>

#include "handshake/common.h"
#include "handshake/server/server_psk.h"
#include "msgs/end_of_early_data.h"
#include "msgs/ext_pre_shared_key.h"
#include "msgs/new_session_ticket.h"

namespace tlspp::handshake::server {
namespace {

// Stateless tickets are sealed state; stateful ones are random IDs into the session cache.
constexpr std::size_t kTicketIdSize = 32;

}  // namespace

Status send_session_tickets(ServerContext& ctx, const SuiteInfo& suite,
                            const SecretBytes& resumption_master_secret) {
  const ServerConfig& cfg = *ctx.config;
  const std::size_t count = ctx.info.resumed
                                ? std::min(cfg.tickets_per_resumption, cfg.tickets_per_handshake)
                                : cfg.tickets_per_handshake;
  if (count == 0 || (!cfg.ticket_keys && !cfg.session_cache)) return {};
  crypto::Provider& p = *ctx.provider;
  const std::int64_t now = ctx.io->now_ms();
  // RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds".
  const auto lifetime = static_cast<std::uint32_t>(std::clamp<std::int64_t>(
      cfg.ticket_lifetime.count(), 0, static_cast<std::int64_t>(kMaxTicketLifetimeSeconds)));
  if (lifetime == 0) return {};
  const std::uint32_t max_early_data = cfg.replay_guard ? cfg.max_early_data : 0;
  for (std::size_t i = 0; i < count && i < 0x10000; ++i) {
    msgs::NewSessionTicketTls13 nst;
    nst.ticket_lifetime = lifetime;
    std::uint8_t add[4];
    TLSPP_TRY(p.random(add));
    nst.ticket_age_add = static_cast<std::uint32_t>(add[0]) << 24 |
                         static_cast<std::uint32_t>(add[1]) << 16 |
                         static_cast<std::uint32_t>(add[2]) << 8 | add[3];
    // A nonce per ticket, so each ticket stands for its own PSK.
    nst.ticket_nonce = {static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    SessionState session;
    session.version = ProtocolVersion::tls1_3;
    session.suite = suite.suite;
    TLSPP_ASSIGN_OR_RETURN(
        session.secret, resumption_psk(p, suite.hash, resumption_master_secret, nst.ticket_nonce));
    session.server_name = ctx.info.server_name;
    session.alpn = ctx.info.alpn;
    session.created_ms = now;
    session.lifetime_s = lifetime;
    session.age_add = nst.ticket_age_add;
    session.max_early_data = max_early_data;
    session.peer_chain = ctx.info.peer_chain;
    if (cfg.ticket_keys) {
      TLSPP_ASSIGN_OR_RETURN(nst.ticket, SessionAccess::seal(*cfg.ticket_keys, session, now));
    } else {
      nst.ticket.resize(kTicketIdSize);
      TLSPP_TRY(p.random(nst.ticket));
      SessionAccess::put(*cfg.session_cache, nst.ticket, session, now);
    }
    if (max_early_data > 0) {
      TLSPP_ASSIGN_OR_RETURN(msgs::Extension e,
                             msgs::make_extension(ExtensionType::early_data,
                                                  msgs::EarlyDataNewSessionTicket{max_early_data}));
      nst.extensions.entries.push_back(std::move(e));
    }
    edit_extensions(cfg, HandshakeType::new_session_ticket, nst.extensions);
    // Post-handshake: the transcript is complete, so a scratch one takes the message.
    Transcript scratch(p);
    TLSPP_TRY(send_message(*ctx.io, scratch, nst, true,
                           {{"ticket_lifetime", {std::to_string(lifetime) + " s"}},
                            {"ticket", {std::to_string(nst.ticket.size()) + " bytes"}},
                            {"max_early_data", {std::to_string(max_early_data)}}}));
  }
  return {};
}

Result<ServerState> on_end_of_early_data(ServerContext& ctx, WaitEndOfEarlyData&& state,
                                         const msgs::HandshakeMessageView& message) {
  TLSPP_TRY(msgs::EndOfEarlyData::decode(message.body));
  ctx.transcript.add(message.encoded);
  report_received(*ctx.io, message, true);
  // RFC 8446 §4.5: the client's handshake keys replace its early traffic keys.
  TLSPP_TRY(install_traffic_keys13(*ctx.io, *ctx.provider, *state.next.suite,
                                   state.next.client_handshake_traffic, false, "handshake"));
  return ServerState(std::move(state.next));
}

}  // namespace tlspp::handshake::server
