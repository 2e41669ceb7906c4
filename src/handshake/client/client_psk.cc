// TLS 1.3 resumption and 0-RTT, client side: offering a session's ticket as a PSK with its binder
// (RFC 8446 §4.2.9, §4.2.11), 0-RTT early data and EndOfEarlyData (§4.2.10, §4.5), the resumed
// handshake's end (§2.2), and storing the server's NewSessionTickets (§4.6.1).
#include <algorithm>

#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/session/session_state.h"
#include "msgs/client_hello.h"
#include "msgs/end_of_early_data.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_pre_shared_key.h"
#include "msgs/new_session_ticket.h"

namespace tlspp::handshake::client {
namespace {

// The TLS 1.3 session this handshake offers, or null.
const ClientSession::Impl* offered13(const ClientContext& ctx) {
  if (!ctx.offered_session || ctx.offered_session->version() != ProtocolVersion::tls1_3) {
    return nullptr;
  }
  return &SessionAccess::impl(*ctx.offered_session);
}

// RFC 8446 §4.2.11.2: binder = HMAC(finished_key(binder_key), transcript_hash).
Result<SecretBytes> compute_binder(ClientContext& ctx, const SessionState& state, Bytes truncated) {
  const SuiteInfo* suite = suite_info(state.suite);
  if (suite == nullptr) return Error(ErrorCode::internal, "session with an unknown suite");
  TLSPP_ASSIGN_OR_RETURN(Digest hash, ctx.transcript.hash_with(suite->hash, truncated));
  TLSPP_ASSIGN_OR_RETURN(EarlySecret early,
                         EarlySecret::derive(*ctx.provider, suite->hash, state.secret.span()));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes binder_key, early.binder_key(true));
  return finished_verify_data(*ctx.provider, suite->hash, binder_key, hash);
}

}  // namespace

Status add_psk_extensions(ClientContext& ctx, msgs::Extensions& ext, bool retry) {
  const ClientSession::Impl* session = offered13(ctx);
  if (session == nullptr) return {};
  const SessionState& state = session->state;
  const SuiteInfo* suite = suite_info(state.suite);
  if (suite == nullptr) return Error(ErrorCode::internal, "session with an unknown suite");
  auto add = [&](ExtensionType type, const auto& body) -> Status {
    TLSPP_ASSIGN_OR_RETURN(msgs::Extension e, msgs::make_extension(type, body));
    ext.entries.push_back(std::move(e));
    return {};
  };
  // RFC 8446 §4.2.9: psk_dhe_ke by default; psk_ke (no forward secrecy) only when allowed.
  msgs::PskKeyExchangeModes modes;
  modes.modes.push_back(msgs::PskKeyExchangeMode::psk_dhe_ke);
  if (ctx.config->allow_psk_ke) modes.modes.push_back(msgs::PskKeyExchangeMode::psk_ke);
  TLSPP_TRY(add(ExtensionType::psk_key_exchange_modes, modes));
  // RFC 8446 §4.2.10: early data only in the first ClientHello, within the ticket's limit, and
  // with the session's ALPN protocol among those offered.
  const auto& alpn = ctx.config->alpn;
  const bool alpn_ok =
      state.alpn.empty() || std::find(alpn.begin(), alpn.end(), state.alpn) != alpn.end();
  if (!retry && !ctx.early_data.empty() && state.max_early_data >= ctx.early_data.size() &&
      alpn_ok) {
    TLSPP_TRY(add(ExtensionType::early_data, msgs::EmptyExtension{}));
    ctx.early_data_sent = true;
  }
  // RFC 8446 §4.2.11.1: obfuscated_ticket_age = (age in ms + ticket_age_add) mod 2^32.
  const std::int64_t age_ms = std::max<std::int64_t>(0, ctx.io->now_ms() - state.created_ms);
  msgs::OfferedPsks psks;
  psks.identities.push_back(
      {session->ticket, static_cast<std::uint32_t>(static_cast<std::uint64_t>(age_ms) +
                                                   static_cast<std::uint64_t>(state.age_add))});
  // A placeholder of the binder's length; fill_binders() computes it over the final encoding.
  psks.binders.emplace_back(crypto::digest_size(suite->hash), 0);
  return add(ExtensionType::pre_shared_key, psks);
}

Status fill_binders(ClientContext& ctx, msgs::ClientHello& ch) {
  const ClientSession::Impl* session = offered13(ctx);
  if (session == nullptr || !ch.extensions || ch.extensions->entries.empty()) return {};
  msgs::Extension& last = ch.extensions->entries.back();
  if (last.type != ExtensionType::pre_shared_key) {
    // The extension editor (a test hook) removed it, or moved it: then nothing is offered.
    return ch.extensions->contains(ExtensionType::pre_shared_key)
               ? Status(Error(ErrorCode::internal, "pre_shared_key is not the last extension"))
               : Status();
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::OfferedPsks psks, msgs::OfferedPsks::decode(last.body));
  TLSPP_ASSIGN_OR_RETURN(msgs::ByteVector encoded, msgs::encode_handshake(ch));
  TLSPP_ASSIGN_OR_RETURN(Bytes truncated, msgs::truncate_client_hello(encoded, psks));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes binder, compute_binder(ctx, session->state, truncated));
  psks.binders.front().assign(binder.span().begin(), binder.span().end());
  TLSPP_ASSIGN_OR_RETURN(last, msgs::make_extension(ExtensionType::pre_shared_key, psks));
  return {};
}

Status send_early_data(ClientContext& ctx) {
  const ClientSession::Impl* session = offered13(ctx);
  if (session == nullptr || !ctx.early_data_sent) return {};
  const SuiteInfo* suite = suite_info(session->state.suite);
  crypto::Provider& p = *ctx.provider;
  // RFC 8446 §D.4: in compatibility mode the ChangeCipherSpec precedes the early data.
  if (ctx.config->middlebox_compatibility && !ctx.sent_change_cipher_spec) {
    TLSPP_TRY(ctx.io->send_change_cipher_spec());
    ctx.sent_change_cipher_spec = true;
  }
  // RFC 8446 §7.1: client_early_traffic_secret = Derive-Secret(early, "c e traffic", ClientHello).
  TLSPP_ASSIGN_OR_RETURN(Digest hello_hash, ctx.transcript.hash_with(suite->hash, {}));
  TLSPP_ASSIGN_OR_RETURN(EarlySecret early,
                         EarlySecret::derive(p, suite->hash, session->state.secret.span()));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes early_traffic, early.client_early_traffic_secret(hello_hash));
  log_secret(*ctx.io, "CLIENT_EARLY_TRAFFIC_SECRET", ctx.client_random, early_traffic);
  if (ctx.io->observed()) ctx.io->emit(SecretEvent{"client_early_traffic_secret"});
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, *suite, early_traffic, true, "early"));
  TLSPP_TRY(ctx.io->send_early_data(ctx.early_data));
  if (ctx.io->observed()) {
    ctx.io->emit(
        NoteEvent{"sent " + std::to_string(ctx.early_data.size()) + " bytes of 0-RTT early data"});
  }
  return {};
}

Result<std::optional<PskSelected>> accept_server_psk(ClientContext& ctx,
                                                     const msgs::ServerHello& sh,
                                                     const SuiteInfo& suite) {
  TLSPP_ASSIGN_OR_RETURN(auto selected, find_extension<msgs::PreSharedKeyServerHello>(
                                            *sh.extensions, ExtensionType::pre_shared_key));
  const ClientSession::Impl* session = offered13(ctx);
  if (!selected) {
    if (session != nullptr && ctx.io->observed()) {
      ctx.io->emit(NoteEvent{"the server did not resume the offered session: full handshake"});
    }
    return std::optional<PskSelected>();
  }
  if (session == nullptr) {
    return Error(ErrorCode::unsolicited_extension,
                 "the ServerHello selects a PSK, but this ClientHello offered none");
  }
  TLSPP_ASSIGN_OR_RETURN(PskSelected psk, accept_selected_identity(selected->selected_identity, 1));
  // RFC 8446 §4.2.11: the selected suite must use the PSK's hash.
  const SuiteInfo* psk_suite = suite_info(session->state.suite);
  if (psk_suite == nullptr || psk_suite->hash != suite.hash) {
    return Error(ErrorCode::illegal_parameter,
                 "the server resumed the session with a suite of another hash");
  }
  ctx.info.resumed = true;
  ctx.info.peer_chain = session->state.peer_chain;
  return std::optional<PskSelected>(psk);
}

Status accept_early_data(ClientContext& ctx, Bytes body) {
  TLSPP_TRY(msgs::EmptyExtension::decode(body));
  if (!ctx.early_data_sent) {
    return Error(ErrorCode::unsolicited_extension,
                 "the server accepted early data, but we sent none");
  }
  // RFC 8446 §4.2.10: early data is accepted only with the first PSK and its cipher suite.
  const ClientSession::Impl* session = offered13(ctx);
  if (!ctx.info.resumed || session == nullptr || ctx.info.cipher_suite != session->state.suite) {
    return Error(ErrorCode::illegal_parameter,
                 "the server accepted early data without resuming with the session's suite");
  }
  ctx.info.early_data_accepted = true;
  return {};
}

Status end_early_data(ClientContext& ctx, const HandshakeSecrets13& secrets) {
  if (!ctx.early_data_sent) return {};
  if (ctx.info.early_data_accepted) {
    // RFC 8446 §4.5: EndOfEarlyData, under the early traffic keys.
    TLSPP_TRY(send_message(*ctx.io, ctx.transcript, msgs::EndOfEarlyData{}, true));
  } else if (ctx.io->observed()) {
    ctx.io->emit(NoteEvent{"the server rejected our 0-RTT data; the application may resend it"});
  }
  return install_traffic_keys13(*ctx.io, *ctx.provider, *secrets.suite, secrets.client_traffic,
                                true, "handshake");
}

Result<ClientState> on_server_finished_psk(ClientContext& ctx, WaitFinishedPsk&& state,
                                           const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(FinishedVerified finished,
                         check_server_finished(ctx, state.secrets, message));
  // RFC 8446 §4.2.10: accepted early data was sent for the session's ALPN protocol.
  const ClientSession::Impl* session = offered13(ctx);
  if (ctx.info.early_data_accepted && session != nullptr && ctx.info.alpn != session->state.alpn) {
    return Error(ErrorCode::illegal_parameter,
                 "the server accepted early data but selected another ALPN protocol");
  }
  return send_client_flight13(ctx, std::move(state.secrets), std::nullopt,
                              PskAuthenticated{state.psk, std::move(finished)});
}

Status store_ticket(const ClientEndpoint& ep, const SessionInfo& info, const Connected13& state,
                    const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::NewSessionTicketTls13 nst,
                         msgs::NewSessionTicketTls13::decode(message.body));
  TLSPP_TRY(check_extension_count(nst.extensions, ep.config->limits, "NewSessionTicket"));
  TLSPP_ASSIGN_OR_RETURN(std::optional<std::uint32_t> max_early, nst.max_early_data_size());
  report_received(*ep.io, message, true,
                  {{"ticket_lifetime", {std::to_string(nst.ticket_lifetime) + " s"}},
                   {"ticket", {std::to_string(nst.ticket.size()) + " bytes"}},
                   {"max_early_data", {std::to_string(max_early.value_or(0))}}});
  // RFC 8446 §4.6.1: a lifetime of zero means the ticket must not be used.
  if (!ep.config->session_store || nst.ticket_lifetime == 0) return {};
  const SuiteInfo& suite = *state.suite;
  ClientSession::Impl impl;
  TLSPP_ASSIGN_OR_RETURN(
      impl.state.secret,
      resumption_psk(*ep.provider, suite.hash, state.resumption_master_secret, nst.ticket_nonce));
  impl.state.version = ProtocolVersion::tls1_3;
  impl.state.suite = suite.suite;
  impl.state.server_name = ep.server_name;
  impl.state.alpn = info.alpn;
  impl.state.created_ms = ep.io->now_ms();
  impl.state.lifetime_s = std::min(nst.ticket_lifetime, kMaxTicketLifetimeSeconds);
  impl.state.age_add = nst.ticket_age_add;
  impl.state.max_early_data = max_early.value_or(0);
  impl.state.peer_chain = info.peer_chain;
  impl.ticket.assign(nst.ticket.begin(), nst.ticket.end());
  ep.config->session_store->put(ep.session_key,
                                SessionAccess::make_client_session(std::move(impl)));
  return {};
}

}  // namespace tlspp::handshake::client
