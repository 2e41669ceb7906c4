// TLS 1.2 session resumption, server side: finding the session a ClientHello offers (RFC 5077
// ticket or RFC 5246 session ID) and deciding whether it may be resumed; the abbreviated handshake
// (RFC 5246 §7.3); and, after a full handshake, the session ID in the cache and the
// NewSessionTicket (RFC 5077 §3.3).
#include <algorithm>

#include "codec/hex.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/server/server_states.h"
#include "msgs/ext_misc.h"
#include "msgs/finished.h"
#include "msgs/new_session_ticket.h"

namespace tlspp::handshake::server {
namespace {

template <class T>
bool contains(const std::vector<T>& list, T v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Reports why a session the client offered is not resumed (the handshake goes on in full).
void refuse(ServerContext& ctx, const std::string& reason) {
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"session resumption", false, "resumption refused: " + reason});
  }
}

std::uint32_t lifetime_seconds(const ServerConfig& cfg) {
  const auto s = std::max<std::int64_t>(cfg.ticket_lifetime.count(), 0);
  return static_cast<std::uint32_t>(std::min<std::int64_t>(s, kMaxTicketLifetimeSeconds));
}

Status add_empty_session_ticket(msgs::ServerHello& sh) {
  TLSPP_ASSIGN_OR_RETURN(msgs::Extension e, msgs::make_extension(ExtensionType::session_ticket,
                                                                 msgs::SessionTicketExtension{}));
  if (!sh.extensions) sh.extensions.emplace();
  sh.extensions->entries.push_back(std::move(e));
  return {};
}

// RFC 5077 §3.3: seals `state` and sends it in a NewSessionTicket whose hint is `lifetime_s`. A
// ticket that cannot be sealed is sent empty ("the server ... sends a zero-length ticket").
Status send_new_session_ticket(ServerContext& ctx, const SessionState& state,
                               std::uint32_t lifetime_s) {
  msgs::NewSessionTicketTls12 nst;
  nst.ticket_lifetime_hint = lifetime_s;
  auto sealed = SessionAccess::seal(*ctx.config->ticket_keys, state, ctx.io->now_ms());
  if (sealed.ok()) {
    nst.ticket = std::move(sealed).value();
  } else if (ctx.io->observed()) {
    ctx.io->emit(NoteEvent{"no ticket issued: " + sealed.error().reason});
  }
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, nst, false,
                         {{"ticket_lifetime_hint", {std::to_string(lifetime_s) + " s"}},
                          {"ticket", {std::to_string(nst.ticket.size()) + " bytes"}}}));
  return {};
}

}  // namespace

Result<std::optional<Resumable12>> find_session12(ServerContext& ctx, const msgs::ClientHello& ch,
                                                  const Offer& offer) {
  const ServerConfig& cfg = *ctx.config;
  const std::int64_t now = ctx.io->now_ms();
  std::optional<SessionState> found;
  bool by_ticket = false;
  bool key_current = false;
  if (offer.session_ticket && !offer.session_ticket->ticket.empty()) {
    // RFC 5077 §3.4: a ticket decides; one that does not open means a full handshake.
    by_ticket = true;
    if (!cfg.ticket_keys) {
      refuse(ctx, "the client offers a ticket, but tickets are not enabled here");
      return std::optional<Resumable12>();
    }
    found = SessionAccess::open(*cfg.ticket_keys, offer.session_ticket->ticket, now, &key_current);
    if (!found) {
      refuse(ctx, "the ticket does not open (unknown or retired key, tampered or malformed)");
      return std::optional<Resumable12>();
    }
  } else if (!ch.legacy_session_id.empty() && cfg.session_cache) {
    found = SessionAccess::get(*cfg.session_cache, ch.legacy_session_id, now);
    if (!found) {
      refuse(ctx, "unknown session ID " + codec::to_hex(ch.legacy_session_id) +
                      " (never issued here, evicted or expired)");
      return std::optional<Resumable12>();
    }
  } else {
    return std::optional<Resumable12>();
  }
  const SessionState& s = *found;
  if (s.version != ProtocolVersion::tls1_2) {
    refuse(ctx, "the session is not a TLS 1.2 session");
    return std::optional<Resumable12>();
  }
  if (s.expires_ms() <= now) {
    refuse(ctx, "the session expired");
    return std::optional<Resumable12>();
  }
  // RFC 5246 §7.4.1.2: the ClientHello "MUST include the cipher_suite from that session".
  if (!contains(ch.cipher_suites, s.suite)) {
    refuse(ctx, "suite differs: the client no longer offers " + display_name(s.suite));
    return std::optional<Resumable12>();
  }
  if (!contains(ctx.suites, s.suite)) {
    refuse(ctx, "suite differs: " + display_name(s.suite) + " is not enabled here");
    return std::optional<Resumable12>();
  }
  // RFC 7627 §5.3: "If the original session used the "extended_master_secret" extension but the
  // new ClientHello does not contain it, the server MUST abort the abbreviated handshake."
  if (s.extended_master_secret && !offer.extended_master_secret) {
    return Error(ErrorCode::missing_extended_master_secret,
                 "the client resumes a session that used the extended master secret without "
                 "offering it (RFC 7627 §5.3)");
  }
  // RFC 7627 §5.3: "If the original session did not use the "extended_master_secret" extension
  // but the new ClientHello contains the extension, then the server MUST NOT perform the
  // abbreviated handshake. Instead, it SHOULD continue with a full handshake".
  if (!s.extended_master_secret && offer.extended_master_secret) {
    refuse(ctx, "the session has no extended master secret, the new ClientHello offers it");
    return std::optional<Resumable12>();
  }
  // RFC 6066 §3: the session belongs to the name it was established for.
  const std::string sni = offer.server_name.value_or("");
  if (s.server_name != sni) {
    refuse(ctx, "SNI differs: the session is for \"" + s.server_name +
                    "\", the client asks for \"" + sni + "\"");
    return std::optional<Resumable12>();
  }
  return std::optional<Resumable12>(Resumable12{std::move(found).value(), by_ticket, key_current});
}

Result<ServerState> resume_session12(ServerContext& ctx, const msgs::ClientHello& ch,
                                     const Offer& offer, Resumable12 session,
                                     bool secure_renegotiation) {
  const ServerConfig& cfg = *ctx.config;
  crypto::Provider& p = *ctx.provider;
  const SessionState& state = session.state;
  const SuiteInfo& suite = *suite_info(state.suite);
  TLSPP_ASSIGN_OR_RETURN(std::optional<std::string> alpn, negotiate_alpn(cfg, offer));
  ctx.info.version = ProtocolVersion::tls1_2;
  ctx.info.cipher_suite = suite.suite;
  ctx.info.alpn = alpn.value_or("");
  ctx.info.server_name = offer.server_name.value_or("");
  ctx.info.peer_chain = state.peer_chain;
  ctx.info.resumed = true;
  if (ctx.io->observed()) {
    ctx.io->emit(ChoiceEvent{"version", "TLS 1.2", "the session's version",
                             display_names<ProtocolVersion>(offer.versions)});
    ctx.io->emit(
        ChoiceEvent{"resumption",
                    session.by_ticket ? "session resumed by ticket" : "session resumed by ID",
                    "suite " + display_name(suite.suite) + ", extended master secret " +
                        (state.extended_master_secret ? "yes" : "no") + ", SNI \"" +
                        state.server_name + "\": all match",
                    {}});
  }

  TLSPP_ASSIGN_OR_RETURN(msgs::ServerHello sh,
                         build_server_hello12(ctx, ch, offer, suite, state.extended_master_secret,
                                              secure_renegotiation, alpn));
  // RFC 5246 §7.4.1.3 / RFC 5077 §3.4: echoing the client's session ID says "resumed".
  sh.legacy_session_id_echo = ch.legacy_session_id;
  // RFC 6066 §3: "When resuming a session, the server MUST NOT include a server_name extension in
  // the server hello."
  if (sh.extensions) {
    std::erase_if(sh.extensions->entries,
                  [](const msgs::Extension& e) { return e.type == ExtensionType::server_name; });
  }
  // RFC 5077 §3.3: renewing the ticket is the server's choice. A client that resumed by session ID
  // but sent an empty SessionTicket asks for a first ticket and gets one; a ticket gets renewed
  // when its key is no longer the current one (so that the client moves on before the key's grace
  // period ends), or always with renew_tls12_tickets. The renewed ticket would hold the same
  // session with its original expiry, so a ticket under the current key gains nothing from it.
  const bool renew = offer.session_ticket.has_value() && cfg.ticket_keys != nullptr &&
                     (!session.by_ticket || !session.ticket_key_current || cfg.renew_tls12_tickets);
  if (renew) TLSPP_TRY(add_empty_session_ticket(sh));
  TLSPP_TRY(ctx.transcript.choose_hash(suite.hash));
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, sh, false,
                         {{"version", {"TLS 1.2"}},
                          {"cipher_suite", {display_name(suite.suite)}},
                          {"session_id", {codec::to_hex(sh.legacy_session_id_echo)}},
                          {"resumed", {"yes"}}}));
  if (renew) {
    // The renewed ticket holds the same session, which keeps its original expiry.
    const std::int64_t left_ms = state.expires_ms() - ctx.io->now_ms();
    TLSPP_TRY(send_new_session_ticket(ctx, state, static_cast<std::uint32_t>(left_ms / 1000)));
  }

  // RFC 5246 §7.3: the session's master secret with the new randoms gives the keys; our
  // ChangeCipherSpec and Finished come first.
  SecretBytes master = state.secret.clone();
  if (ctx.io->observed()) ctx.io->emit(SecretEvent{"master_secret (resumed)"});
  log_secret(*ctx.io, "CLIENT_RANDOM", ctx.client_random, master);
  TLSPP_ASSIGN_OR_RETURN(SessionKeys12 keys, session_keys12(p, suite, master.span(),
                                                            ctx.client_random, ctx.server_random));
  TLSPP_TRY(ctx.io->send_change_cipher_spec());
  TLSPP_TRY(install_keys12(*ctx.io, suite, std::move(keys.server_write), true));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes verify_data,
                         finished12(p, suite, master.span(), false, ctx.transcript));
  msgs::Finished ours;
  ours.verify_data.assign(verify_data.span().begin(), verify_data.span().end());
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, ours, true));
  Handshake12 hs{&suite, state.extended_master_secret, ch.legacy_version};
  return ServerState(WaitResumedClientCcs12{hs, std::move(master), std::move(keys.client_write)});
}

Result<ServerState> on_resumed_client_ccs12(ServerContext& ctx, WaitResumedClientCcs12&& state) {
  TLSPP_TRY(install_keys12(*ctx.io, *state.hs.suite, std::move(state.client_write), false));
  return ServerState(WaitResumedClientFinished12{state.hs, std::move(state.master_secret)});
}

Result<ServerState> on_resumed_client_finished12(ServerContext& ctx,
                                                 WaitResumedClientFinished12&& state,
                                                 const msgs::HandshakeMessageView& message) {
  const SuiteInfo& suite = *state.hs.suite;
  // RFC 5246 §7.4.9: the client's Finished covers the transcript through our Finished.
  TLSPP_ASSIGN_OR_RETURN(
      FinishedVerified finished,
      receive_finished12(*ctx.provider, *ctx.io, ctx.transcript, suite, state.master_secret.span(),
                         true, message, "client Finished",
                         "matches our transcript: the client holds the session"));
  if (ctx.io->observed()) {
    ctx.io->emit(HandshakeDoneEvent{ProtocolVersion::tls1_2, suite.suite, true, false});
  }
  return ServerState(Connected12{&suite, ClientFinished{std::move(finished)}});
}

Result<Handshake12> offer_new_session12(ServerContext& ctx, const Offer& offer,
                                        msgs::ServerHello& sh, Handshake12 hs) {
  const ServerConfig& cfg = *ctx.config;
  if (cfg.session_cache) {
    // RFC 5246 §7.4.1.3: a session ID the client may offer to resume this session.
    hs.session_id.resize(32);
    TLSPP_TRY(ctx.provider->random(hs.session_id));
    sh.legacy_session_id_echo = hs.session_id;
  }
  // RFC 5077 §3.2: an empty SessionTicket extension promises a NewSessionTicket.
  if (offer.session_ticket && cfg.ticket_keys) {
    TLSPP_TRY(add_empty_session_ticket(sh));
    hs.send_ticket = true;
  }
  return hs;
}

Status issue_session12(ServerContext& ctx, const Handshake12& hs,
                       const SecretBytes& master_secret) {
  const ServerConfig& cfg = *ctx.config;
  if (hs.session_id.empty() && !hs.send_ticket) return {};
  SessionState state;
  state.version = ProtocolVersion::tls1_2;
  state.suite = hs.suite->suite;
  state.secret = master_secret.clone();
  state.extended_master_secret = hs.extended_master_secret;
  state.server_name = ctx.info.server_name;
  state.alpn = ctx.info.alpn;
  state.created_ms = ctx.io->now_ms();
  state.lifetime_s = lifetime_seconds(cfg);
  state.peer_chain = ctx.info.peer_chain;
  if (!hs.session_id.empty() && cfg.session_cache) {
    SessionAccess::put(*cfg.session_cache, hs.session_id, state, state.created_ms);
  }
  if (hs.send_ticket) TLSPP_TRY(send_new_session_ticket(ctx, state, state.lifetime_s));
  return {};
}

}  // namespace tlspp::handshake::server
