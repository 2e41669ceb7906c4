// The TLS 1.3 server after its flight: the client's Finished (RFC 8446 §4.4.4) and the
// post-handshake KeyUpdate (§4.6.3).
#include "handshake/common.h"
#include "handshake/server/server_psk.h"
#include "handshake/server/server_states.h"
#include "msgs/finished.h"

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
  report_received(*ctx.io, message, true);  // the message, then the check on it
  auto finished = verify_finished(expected, fin.verify_data);
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"client Finished", finished.ok(),
                            finished.ok() ? "matches our transcript" : finished.error().reason});
  }
  if (!finished.ok()) return std::move(finished).error();
  ctx.transcript.add(message.encoded);
  state.client_handshake_traffic.wipe();
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, state.client_traffic, false, "application"));
  TLSPP_ASSIGN_OR_RETURN(Digest client_finished_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes resumption,
                         state.master.resumption_master_secret(client_finished_hash));
  if (ctx.io->observed()) {
    ctx.io->emit(HandshakeDoneEvent{ProtocolVersion::tls1_3, suite.suite, ctx.info.resumed,
                                    ctx.info.early_data_accepted});
  }
  TLSPP_TRY(send_session_tickets(ctx, suite, resumption));
  // Every signature under the client's leaf key is checked: keep the proof, not the imported key.
  if (state.client_certificate) state.client_certificate->chain.drop_leaf_key();
  return ServerState(Connected13{&suite, ClientFinished{std::move(finished).value()},
                                 std::move(state.client_traffic), std::move(state.server_traffic),
                                 std::move(state.client_certificate)});
}

Status send_key_update(const ServerEndpoint& ep, Connected13& state, bool request_peer_update) {
  return send_key_update13(*ep.io, *ep.provider, *state.suite, state.server_traffic,
                           request_peer_update);
}

Status on_post_handshake(const ServerEndpoint& ep, Connected13& state,
                         const msgs::HandshakeMessageView& message) {
  if (message.type != HandshakeType::key_update) {
    return unexpected("connected", {HandshakeType::key_update}, message.type);
  }
  return receive_key_update13(*ep.io, *ep.provider, *state.suite, message, state.client_traffic,
                              state.server_traffic);
}

}  // namespace tlspp::handshake::server
