// TLS 1.2 session resumption, client side: offering a session by its ID (RFC 5246 §7.4.1.2) or
// its RFC 5077 ticket, the abbreviated handshake (RFC 5246 §7.3: ServerHello, [NewSessionTicket],
// ChangeCipherSpec, Finished from the server; our ChangeCipherSpec and Finished), the
// NewSessionTicket of either handshake, and keeping the session in the config's store.
#include <algorithm>

#include "codec/hex.h"
#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/session/session_state.h"
#include "msgs/ext_misc.h"
#include "msgs/finished.h"
#include "msgs/new_session_ticket.h"

namespace tlspp::handshake::client {
namespace {

// How long a session may be offered when the server gives no ticket lifetime hint (a session ID,
// or a hint of 0: RFC 5077 §3.3 "the lifetime is unspecified").
constexpr std::uint32_t kDefaultLifetimeSeconds = 2 * 3600;

const ClientSession::Impl& impl_of(const ClientSession& s) { return SessionAccess::impl(s); }

}  // namespace

std::shared_ptr<const ClientSession> offered_session12(const ClientContext& ctx) {
  const auto& s = ctx.offered_session;
  if (!s || s->version() != ProtocolVersion::tls1_2 || !ctx.offer_tls12) return nullptr;
  return s;
}

Status prepare_session_offer12(ClientContext& ctx) {
  std::shared_ptr<const ClientSession> s = offered_session12(ctx);
  if (!s) return {};
  // The session's chain was verified for the name it was established with; resuming it under
  // another name would take that verification for this server's (RFC 6066 §3: the same
  // server_name when resuming).
  if (s->server_name() != ctx.server_name) {
    if (ctx.io->observed()) {
      ctx.io->emit(CheckEvent{"session resumption", false,
                              "the stored session was established with \"" + s->server_name() +
                                  "\", not \"" + ctx.server_name + "\": not offered"});
    }
    ctx.offered_session = nullptr;
    return {};
  }
  const ClientSession::Impl& impl = impl_of(*s);
  if (!impl.session_id.empty()) {
    // Replaces the random RFC 8446 §D.4 compatibility ID: a TLS 1.3 server echoes it just the same.
    ctx.session_id = impl.session_id;
  } else {
    // RFC 5077 §3.4: with a ticket, the client "MAY generate and include a Session ID"; a server
    // accepting the ticket echoes it, which is how the client recognises the resumption.
    ctx.session_id.resize(32);
    TLSPP_TRY(ctx.provider->random(ctx.session_id));
  }
  if (ctx.io->observed()) {
    ctx.io->emit(ChoiceEvent{
        "session offered",
        impl.ticket.empty() ? "TLS 1.2 session ID" : "TLS 1.2 session ticket",
        "a stored session for " + ctx.session_key + " with " + display_name(s->cipher_suite()),
        {}});
  }
  return {};
}

Status add_session_ticket_extension12(const ClientContext& ctx, msgs::Extensions& extensions) {
  msgs::SessionTicketExtension body;
  if (auto s = offered_session12(ctx); s && !impl_of(*s).ticket.empty()) {
    body.ticket = impl_of(*s).ticket;  // RFC 5077 §3.2: the ticket to resume
  } else if (!ctx.config->session_store) {
    return {};  // no ticket to offer, and nowhere to keep a new one
  }
  // RFC 5077 §3.2: an empty extension asks the server for a ticket.
  TLSPP_ASSIGN_OR_RETURN(msgs::Extension e,
                         msgs::make_extension(ExtensionType::session_ticket, body));
  extensions.entries.push_back(std::move(e));
  return {};
}

Result<ClientState> on_resumed_server_hello12(ClientContext& ctx, const msgs::ServerHello& sh,
                                              const msgs::HandshakeMessageView& message,
                                              Handshake12 hs, std::vector<Field> fields) {
  std::shared_ptr<const ClientSession> session = offered_session12(ctx);
  if (!session) return Error(ErrorCode::internal, "resumption without an offered session");
  const SessionState& state = impl_of(*session).state;
  // RFC 5246 §7.4.1.3: "For resumed sessions, this field [cipher_suite] is the value from the
  // state of the session being resumed."
  if (sh.cipher_suite != state.suite) {
    return Error(ErrorCode::illegal_parameter,
                 "the server resumed our session with " + display_name(sh.cipher_suite) +
                     ", but it was established with " + display_name(state.suite));
  }
  // RFC 7627 §5.3: "If the original session used the "extended_master_secret" extension but the
  // new ServerHello does not contain the extension, the client MUST abort the handshake." And the
  // other way round: "If the original session did not use the extension but the new ServerHello
  // contains the extension, the client MUST abort the handshake."
  if (state.extended_master_secret && !hs.extended_master_secret) {
    return Error(ErrorCode::missing_extended_master_secret,
                 "the server resumes a session that used the extended master secret without it "
                 "(RFC 7627 §5.3)");
  }
  if (!state.extended_master_secret && hs.extended_master_secret) {
    return Error(ErrorCode::extended_master_secret_mismatch,
                 "the server resumes a session without the extended master secret but echoes it "
                 "(RFC 7627 §5.3)");
  }
  const SuiteInfo& suite = *hs.suite;
  const bool by_ticket = !impl_of(*session).ticket.empty();
  ctx.server_random = sh.random;
  TLSPP_TRY(ctx.transcript.choose_hash(suite.hash));
  ctx.transcript.add(message.encoded);
  ctx.io->set_version(ProtocolVersion::tls1_2);
  ctx.info.version = ProtocolVersion::tls1_2;
  ctx.info.cipher_suite = suite.suite;
  ctx.info.server_name = ctx.server_name;
  ctx.info.peer_chain = state.peer_chain;
  ctx.info.resumed = true;
  report_received(*ctx.io, message, false, std::move(fields));
  if (ctx.io->observed()) {
    ctx.io->emit(ChoiceEvent{"version", "TLS 1.2", "the server's ServerHello.version", {}});
    ctx.io->emit(ChoiceEvent{
        "resumption",
        by_ticket ? "session resumed by ticket" : "session resumed by session ID",
        "the server echoed our session ID: abbreviated handshake with " + display_name(suite.suite),
        {}});
  }
  // RFC 5246 §7.3: the resumed session's master secret with the new randoms gives the keys.
  SecretBytes master = state.secret.clone();
  if (ctx.io->observed()) ctx.io->emit(SecretEvent{"master_secret (resumed)"});
  log_secret(*ctx.io, "CLIENT_RANDOM", ctx.client_random, master);
  TLSPP_ASSIGN_OR_RETURN(SessionKeys12 keys, session_keys12(*ctx.provider, suite, master.span(),
                                                            ctx.client_random, ctx.server_random));
  WaitServerCcs12 next{std::move(hs), std::move(master), std::move(keys.server_write),
                       ResumedServerAuth12{std::move(session), std::move(keys.client_write)}};
  if (next.hs.ticket_expected) return ClientState(WaitNewSessionTicket12{std::move(next)});
  return ClientState(std::move(next));
}

Result<ClientState> on_new_session_ticket12(ClientContext& ctx, WaitNewSessionTicket12&& state,
                                            const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::NewSessionTicketTls12 nst,
                         msgs::NewSessionTicketTls12::decode(message.body));
  // RFC 5077 §3.3: the message is part of the Finished hash. An empty ticket means the server
  // decided not to issue one after all.
  ctx.transcript.add(message.encoded);
  report_received(*ctx.io, message, false,
                  {{"ticket_lifetime_hint", {std::to_string(nst.ticket_lifetime_hint) + " s"}},
                   {"ticket", {std::to_string(nst.ticket.size()) + " bytes"}}});
  state.next.hs.ticket = std::move(nst.ticket);
  state.next.hs.ticket_lifetime_hint = nst.ticket_lifetime_hint;
  return ClientState(std::move(state.next));
}

Status send_resumed_finished12(ClientContext& ctx, const SuiteInfo& suite, Bytes master_secret,
                               PendingKeys12 client_write) {
  TLSPP_TRY(ctx.io->send_change_cipher_spec());
  TLSPP_TRY(install_keys12(*ctx.io, suite, std::move(client_write), true));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes verify_data,
                         finished12(*ctx.provider, suite, master_secret, true, ctx.transcript));
  msgs::Finished fin;
  fin.verify_data.assign(verify_data.span().begin(), verify_data.span().end());
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, fin, true));
  return {};
}

void remember_session12(ClientContext& ctx, const Handshake12& hs, const SecretBytes& master_secret,
                        const ServerAuthPending12& auth) {
  if (!ctx.config->session_store) return;
  ClientSession::Impl impl;
  if (const auto* resumed = std::get_if<ResumedServerAuth12>(&auth)) {
    // The same session, with the renewed ticket if the server sent one (RFC 5077 §3.1).
    const ClientSession::Impl& old = impl_of(*resumed->session);
    impl.state = old.state.clone();
    impl.session_id = old.session_id;
    impl.ticket = hs.ticket.empty() ? old.ticket : hs.ticket;
  } else {
    SessionState& s = impl.state;
    s.version = ProtocolVersion::tls1_2;
    s.suite = hs.suite->suite;
    s.secret = master_secret.clone();
    s.extended_master_secret = hs.extended_master_secret;
    s.server_name = ctx.server_name;
    s.alpn = ctx.info.alpn;
    s.created_ms = ctx.io->now_ms();
    s.lifetime_s = hs.ticket_lifetime_hint == 0
                       ? kDefaultLifetimeSeconds
                       : std::min(hs.ticket_lifetime_hint, kMaxTicketLifetimeSeconds);
    s.peer_chain = ctx.info.peer_chain;
    impl.session_id = hs.session_id;
    impl.ticket = hs.ticket;
  }
  // Neither a session ID nor a ticket: the server will not resume this session.
  if (impl.session_id.empty() && impl.ticket.empty()) return;
  ctx.config->session_store->put(ctx.session_key,
                                 SessionAccess::make_client_session(std::move(impl)));
}

}  // namespace tlspp::handshake::client
