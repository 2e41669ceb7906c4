// The TLS 1.3 server after its flight: the client's Finished (RFC 8446 §4.4.4) and the
// post-handshake KeyUpdate (§4.6.3).
#include "handshake/common.h"
#include "handshake/server/server_states.h"
#include "msgs/finished.h"
#include "msgs/key_update.h"

namespace tlspp::handshake::server {

Result<ServerState> on_client_finished(ServerContext& ctx, WaitClientFinished&& state,
                                       const msgs::HandshakeMessageView& message) {
  crypto::Provider& p = *ctx.provider;
  const SuiteInfo& suite = *state.suite;
  TLSPP_ASSIGN_OR_RETURN(msgs::Finished fin,
                         msgs::Finished::decode(message.body, crypto::digest_size(suite.hash)));
  TLSPP_ASSIGN_OR_RETURN(Digest before, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(
      SecretBytes expected,
      finished_verify_data(p, suite.hash, state.client_handshake_traffic, before));
  auto finished = verify_finished(expected, fin.verify_data);
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"client Finished", finished.ok(),
                            finished.ok() ? "matches our transcript" : finished.error().reason});
  }
  if (!finished.ok()) return std::move(finished).error();
  ctx.transcript.add(message.encoded);
  report_received(*ctx.io, message, true);
  state.client_handshake_traffic.wipe();
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, state.client_traffic, false, "application"));
  TLSPP_ASSIGN_OR_RETURN(Digest client_finished_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes resumption,
                         state.master.resumption_master_secret(client_finished_hash));
  if (ctx.io->observed()) {
    ctx.io->emit(HandshakeDoneEvent{ProtocolVersion::tls1_3, suite.suite, false, false});
  }
  return ServerState(Connected13{&suite, ClientFinished{std::move(finished).value()},
                                 std::move(state.client_traffic), std::move(state.server_traffic),
                                 std::move(resumption)});
}

Status send_key_update(ServerContext& ctx, Connected13& state, bool request_peer_update) {
  msgs::KeyUpdate ku;
  ku.request_update = request_peer_update ? msgs::KeyUpdateRequest::update_requested
                                          : msgs::KeyUpdateRequest::update_not_requested;
  TLSPP_ASSIGN_OR_RETURN(msgs::ByteVector encoded, msgs::encode_handshake(ku));
  TLSPP_TRY(ctx.io->send_handshake(encoded));
  if (ctx.io->observed()) {
    ctx.io->emit(MessageEvent{Direction::sent,
                              HandshakeType::key_update,
                              1,
                              true,
                              {{"request_update", {request_peer_update ? "yes" : "no"}}}});
  }
  TLSPP_ASSIGN_OR_RETURN(SecretBytes next, next_traffic_secret(*ctx.provider, state.suite->hash,
                                                               state.server_traffic));
  state.server_traffic = std::move(next);
  return install_traffic_keys13(*ctx.io, *ctx.provider, *state.suite, state.server_traffic, true,
                                "application (updated)");
}

Result<ServerState> on_post_handshake(ServerContext& ctx, Connected13&& state,
                                      const msgs::HandshakeMessageView& message) {
  if (message.type != HandshakeType::key_update) {
    return unexpected("connected", {HandshakeType::key_update}, message.type);
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::KeyUpdate ku, msgs::KeyUpdate::decode(message.body));
  const bool requested = ku.request_update == msgs::KeyUpdateRequest::update_requested;
  report_received(*ctx.io, message, true, {{"request_update", {requested ? "yes" : "no"}}});
  TLSPP_ASSIGN_OR_RETURN(SecretBytes next, next_traffic_secret(*ctx.provider, state.suite->hash,
                                                               state.client_traffic));
  state.client_traffic = std::move(next);
  TLSPP_TRY(install_traffic_keys13(*ctx.io, *ctx.provider, *state.suite, state.client_traffic,
                                   false, "application (updated)"));
  if (requested) TLSPP_TRY(send_key_update(ctx, state, false));
  return ServerState(std::move(state));
}

}  // namespace tlspp::handshake::server
