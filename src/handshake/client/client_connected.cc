// The client's side of the connected machine (handshake/connected_machine.h): what a client does
// with post-handshake messages and KeyUpdate once its handshake is done.
#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/connected_machine.h"

namespace tlspp::handshake {
namespace client {
namespace {

struct ClientSide {
  using Endpoint = ClientEndpoint;
  using Connected13 = client::Connected13;
  static constexpr const char* kName = "client";

  static Status post_handshake13(const Endpoint& ep, const SessionInfo& info, Connected13& state,
                                 const msgs::HandshakeMessageView& m) {
    return on_post_handshake(ep, info, state, m);
  }
  static Status post_handshake12(const Endpoint& ep, const msgs::HandshakeMessageView& m) {
    return on_post_handshake12(ep, m);
  }
  static Status key_update(const Endpoint& ep, Connected13& state, bool request_peer_update) {
    return send_key_update(ep, state, request_peer_update);
  }
};

}  // namespace

std::unique_ptr<Machine> make_connected_client(ClientEndpoint ep, const SessionInfo& info,
                                               ConnectedClientState state) {
  return make_connected<ClientSide>(std::move(ep), info, std::move(state));
}

}  // namespace client
}  // namespace tlspp::handshake
