// The Machine of an established connection, one template for both sides. ClientMachine::finish()
// and ServerMachine::finish() hand over to it once the handshake is done: it keeps the side's
// endpoint, the connected state (traffic secrets for KeyUpdate, the client's resumption secret for
// NewSessionTickets, the proofs) and a reference to the connection's SessionInfo; the transcript
// and everything the handshake offered or negotiated along the way are freed with the handshake
// machine.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "handshake/machine.h"

namespace tlspp::handshake {

// `Side` supplies the side's types and post-handshake steps:
//   using Endpoint; using Connected13;       (the side's endpoint and TLS 1.3 connected state)
//   static constexpr const char* kName;      ("client" / "server", for error reasons)
//   static Status post_handshake13(const Endpoint&, const SessionInfo&, Connected13&,
//                                  const msgs::HandshakeMessageView&);
//   static Status post_handshake12(const Endpoint&, const msgs::HandshakeMessageView&);
//   static Status key_update(const Endpoint&, Connected13&, bool request_peer_update);
// `State` is the side's Connected13 or Connected12: each version's machine holds only its own.
template <typename Side, typename State>
class ConnectedMachine final : public Machine {
 public:
  static constexpr bool kTls13 = std::is_same_v<State, typename Side::Connected13>;
  using Endpoint = typename Side::Endpoint;

  // `info` is the connection's SessionInfo, which must outlive the machine.
  ConnectedMachine(Endpoint ep, const SessionInfo& info, State state)
      : ep_(std::move(ep)), info_(&info), state_(std::move(state)) {}

  Status start() override {
    return Error(ErrorCode::internal, std::string(Side::kName) + ": start() after the handshake");
  }

  Status on_handshake(const msgs::HandshakeMessageView& m) override {
    if constexpr (kTls13) {
      return Side::post_handshake13(ep_, *info_, state_, m);
    } else {
      return Side::post_handshake12(ep_, m);
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
      return Side::key_update(ep_, state_, request_peer_update);
    } else {
      return Error(ErrorCode::invalid_argument, "KeyUpdate is a TLS 1.3 message; this is TLS 1.2");
    }
  }

  const SessionInfo& info() const override { return *info_; }

  std::unique_ptr<Machine> finish(SessionInfo&) override { return nullptr; }

 private:
  Endpoint ep_;
  const SessionInfo* info_;
  State state_;
};

// The connected machine for `state`, a std::variant of the side's connected states.
template <typename Side, typename Variant>
std::unique_ptr<Machine> make_connected(typename Side::Endpoint ep, const SessionInfo& info,
                                        Variant state) {
  return std::visit(
      [&](auto&& s) -> std::unique_ptr<Machine> {
        using S = std::decay_t<decltype(s)>;
        return std::make_unique<ConnectedMachine<Side, S>>(std::move(ep), info, std::move(s));
      },
      std::move(state));
}

}  // namespace tlspp::handshake
