// The client Machine of an established connection. ClientMachine::finish() hands over to it once
// the handshake is done: it keeps the ClientEndpoint, the connected state (traffic secrets for
// KeyUpdate, the resumption secret for NewSessionTickets, the proofs) and a reference to the
// connection's SessionInfo; the transcript and everything the handshake offered or negotiated
// along the way are freed with the handshake machine.
#include "handshake/client/client_states.h"
#include "handshake/common.h"

namespace tlspp::handshake {
namespace client {
namespace {

// `State` is Connected13 or Connected12: each version's machine holds only its own state.
template <typename State>
class ConnectedClient final : public Machine {
 public:
  static constexpr bool kTls13 = std::is_same_v<State, Connected13>;

  ConnectedClient(ClientEndpoint ep, const SessionInfo& info, State state)
      : ep_(std::move(ep)), info_(&info), state_(std::move(state)) {}

  Status start() override {
    return Error(ErrorCode::internal, "client: start() after the handshake");
  }

  Status on_handshake(const msgs::HandshakeMessageView& m) override {
    if constexpr (kTls13) {
      return on_post_handshake(ep_, *info_, state_, m);
    } else {
      return on_post_handshake12(ep_, m);
    }
  }

  Status on_change_cipher_spec() override {
    // RFC 5246 §7.1: a ChangeCipherSpec is legal only where the peer switches to new keys.
    return Error(ErrorCode::unexpected_message, "ChangeCipherSpec where none is expected");
  }

  bool compat_ccs_allowed() const override { return false; }
  bool handshake_done() const override { return true; }

  Status send_key_update(bool request_peer_update) override {
    if constexpr (kTls13) {
      return client::send_key_update(ep_, state_, request_peer_update);
    } else {
      return Error(ErrorCode::invalid_argument, "KeyUpdate is a TLS 1.3 message; this is TLS 1.2");
    }
  }

  const SessionInfo& info() const override { return *info_; }

  std::unique_ptr<Machine> finish(SessionInfo&) override { return nullptr; }

 private:
  ClientEndpoint ep_;
  const SessionInfo* info_;
  State state_;
};

}  // namespace

std::unique_ptr<Machine> make_connected_client(ClientEndpoint ep, const SessionInfo& info,
                                               ConnectedClientState state) {
  return std::visit(
      [&](auto&& s) -> std::unique_ptr<Machine> {
        using S = std::decay_t<decltype(s)>;
        return std::make_unique<ConnectedClient<S>>(std::move(ep), info, std::move(s));
      },
      std::move(state));
}

}  // namespace client
}  // namespace tlspp::handshake
