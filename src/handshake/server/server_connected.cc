// The server's side of the connected machine (handshake/connected_machine.h): what a server does
// with post-handshake messages and KeyUpdate once its handshake is done.
#include "handshake/common.h"
#include "handshake/connected_machine.h"
#include "handshake/server/server_states.h"

namespace tlspp::handshake {
namespace server {
namespace {

struct ServerSide {
  using Endpoint = ServerEndpoint;
  using Connected13 = server::Connected13;
  static constexpr const char* kName = "server";

  // The server's post-handshake steps need nothing from the SessionInfo.
  static Status post_handshake13(const Endpoint& ep, const SessionInfo&, Connected13& state,
                                 const msgs::HandshakeMessageView& m) {
    return on_post_handshake(ep, state, m);
  }
  static Status post_handshake12(const Endpoint& ep, const msgs::HandshakeMessageView& m) {
    return on_post_handshake12(ep, m);
  }
  static Status key_update(const Endpoint& ep, Connected13& state, bool request_peer_update) {
    return send_key_update(ep, state, request_peer_update);
  }
};

}  // namespace

std::unique_ptr<Machine> make_connected_server(ServerEndpoint ep, const SessionInfo& info,
                                               ConnectedServerState state) {
  return make_connected<ServerSide>(std::move(ep), info, std::move(state));
}

}  // namespace server
}  // namespace tlspp::handshake
