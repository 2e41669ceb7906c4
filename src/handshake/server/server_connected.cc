// The server Machine of an established connection. ServerMachine::finish() hands over to it once
// the handshake is done: it keeps the ServerEndpoint, the connected state (traffic secrets for
// KeyUpdate, the proofs) and a reference to the connection's SessionInfo; the transcript and
// everything the handshake used along the way are freed with the handshake machine.
#include "handshake/common.h"
#include "handshake/server/server_states.h"

namespace tlspp::handshake {
namespace server {
namespace {

class ConnectedServer final : public Machine {
 public:
  ConnectedServer(ServerEndpoint ep, const SessionInfo& info, ConnectedServerState state)
      : ep_(std::move(ep)), info_(&info), state_(std::move(state)) {}

  Status start() override {
    return Error(ErrorCode::internal, "server: start() after the handshake");
  }

  Status on_handshake(const msgs::HandshakeMessageView& m) override {
    if (auto* s = std::get_if<Connected13>(&state_)) return on_post_handshake(ep_, *s, m);
    return on_post_handshake12(ep_, m);
  }

  Status on_change_cipher_spec() override {
    // RFC 5246 §7.1: a ChangeCipherSpec is legal only where the peer switches to new keys.
    return Error(ErrorCode::unexpected_message, "ChangeCipherSpec where none is expected");
  }

  bool compat_ccs_allowed() const override { return false; }
  bool handshake_done() const override { return true; }

  Status send_key_update(bool request_peer_update) override {
    auto* connected = std::get_if<Connected13>(&state_);
    if (connected == nullptr) {
      return Error(ErrorCode::invalid_argument, "KeyUpdate is a TLS 1.3 message; this is TLS 1.2");
    }
    return server::send_key_update(ep_, *connected, request_peer_update);
  }

  const SessionInfo& info() const override { return *info_; }

  std::unique_ptr<Machine> finish(SessionInfo&) override { return nullptr; }

 private:
  ServerEndpoint ep_;
  const SessionInfo* info_;
  ConnectedServerState state_;
};

}  // namespace

std::unique_ptr<Machine> make_connected_server(ServerEndpoint ep, const SessionInfo& info,
                                               ConnectedServerState state) {
  return std::make_unique<ConnectedServer>(std::move(ep), info, std::move(state));
}

}  // namespace server
}  // namespace tlspp::handshake
