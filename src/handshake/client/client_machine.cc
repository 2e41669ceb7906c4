// The client Machine: dispatches each message to the current state's transition after checking
// that the state expects its type (STYLE.md: type before body).
#include "handshake/client/client_states.h"
#include "handshake/common.h"

namespace tlspp::handshake {
namespace client {
namespace {

class ClientMachine final : public Machine {
 public:
  ClientMachine(std::shared_ptr<const ClientConfig> config, crypto::Provider& provider,
                HandshakeIo& io, ClientParams params)
      : ctx_(std::move(config), provider, io, std::move(params)) {
    // RFC 5246 §7.4.8: a TLS 1.2 CertificateVerify signs the handshake messages themselves.
    if (ctx_.config->client_certificate || ctx_.config->client_certificate_for) {
      ctx_.transcript.keep_messages();
    }
  }

  Status start() override {
    if (!std::holds_alternative<Start>(state_)) {
      return Error(ErrorCode::internal, "client: start() called twice");
    }
    return advance(send_client_hello(ctx_));
  }

  Status on_handshake(const msgs::HandshakeMessageView& m) override {
    using T = HandshakeType;
    if (m.type == T::hello_request && negotiating12()) {
      // RFC 5246 §7.4.1.1: "This message will be ignored by the client if the client is currently
      // negotiating a session." (It is not part of the transcript.)
      if (ctx_.io->observed()) {
        ctx_.io->emit(NoteEvent{"HelloRequest during the handshake: ignored (RFC 5246 §7.4.1.1)"});
      }
      return {};
    }
    return std::visit(
        [&](auto& s) -> Status {
          using S = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<S, Start>) {
            return unexpected("before ClientHello", {}, m.type);
          } else if constexpr (std::is_same_v<S, WaitServerHello>) {
            if (m.type != T::server_hello)
              return unexpected("ClientHello sent", {T::server_hello}, m.type);
            return advance(on_server_hello(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitEncryptedExtensions>) {
            if (m.type != T::encrypted_extensions) {
              return unexpected("ServerHello received", {T::encrypted_extensions}, m.type);
            }
            return advance(on_encrypted_extensions(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitCertificate>) {
            if (m.type != T::certificate && m.type != T::certificate_request) {
              return unexpected("EncryptedExtensions received",
                                {T::certificate_request, T::certificate}, m.type);
            }
            return advance(on_certificate(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitCertificateVerify>) {
            if (m.type != T::certificate_verify) {
              return unexpected("Certificate received", {T::certificate_verify}, m.type);
            }
            return advance(on_certificate_verify(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitFinished>) {
            if (m.type != T::finished)
              return unexpected("CertificateVerify received", {T::finished}, m.type);
            return advance(on_server_finished(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitFinishedPsk>) {
            if (m.type != T::finished) {
              return unexpected("EncryptedExtensions received (resumed)", {T::finished}, m.type);
            }
            return advance(on_server_finished_psk(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, Connected13>) {
            return on_post_handshake(ctx_, ctx_.info, s, m);
          } else if constexpr (std::is_same_v<S, WaitCertificate12>) {
            if (m.type != T::certificate)
              return unexpected("TLS 1.2 ServerHello received", {T::certificate}, m.type);
            return advance(on_certificate12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitServerKeyExchange12>) {
            if (m.type != T::server_key_exchange) {
              return unexpected("TLS 1.2 Certificate received", {T::server_key_exchange}, m.type);
            }
            return advance(on_server_key_exchange12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitServerHelloDone12>) {
            if (m.type != T::server_hello_done && m.type != T::certificate_request) {
              return unexpected("TLS 1.2 server key exchange received",
                                {T::certificate_request, T::server_hello_done}, m.type);
            }
            return advance(on_server_hello_done12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitServerCcs12>) {
            // RFC 5246 §7.1: the server's Finished must follow its ChangeCipherSpec.
            return unexpected("TLS 1.2 client Finished sent (ChangeCipherSpec expected)", {},
                              m.type);
          } else if constexpr (std::is_same_v<S, WaitNewSessionTicket12>) {
            if (m.type != T::new_session_ticket) {
              return unexpected("TLS 1.2 SessionTicket echoed", {T::new_session_ticket}, m.type);
            }
            return advance(on_new_session_ticket12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitServerFinished12>) {
            if (m.type != T::finished)
              return unexpected("TLS 1.2 ChangeCipherSpec received", {T::finished}, m.type);
            return advance(on_server_finished12(ctx_, std::move(s), m));
          } else {
            return on_post_handshake12(ctx_, m);
          }
        },
        state_);
  }

  Status on_change_cipher_spec() override {
    // RFC 5246 §7.1: a ChangeCipherSpec is legal only where the peer switches to new keys.
    if (auto* s = std::get_if<WaitServerCcs12>(&state_)) {
      return advance(on_server_ccs12(ctx_, std::move(*s)));
    }
    return Error(ErrorCode::unexpected_message, "ChangeCipherSpec where none is expected");
  }

  bool compat_ccs_allowed() const override {
    // RFC 8446 §5: after our ClientHello and before the server's Finished.
    return std::holds_alternative<WaitServerHello>(state_) ||
           std::holds_alternative<WaitEncryptedExtensions>(state_) ||
           std::holds_alternative<WaitCertificate>(state_) ||
           std::holds_alternative<WaitCertificateVerify>(state_) ||
           std::holds_alternative<WaitFinished>(state_) ||
           std::holds_alternative<WaitFinishedPsk>(state_);
  }

  bool handshake_done() const override {
    return std::holds_alternative<Connected13>(state_) ||
           std::holds_alternative<Connected12>(state_);
  }

  Status send_key_update(bool request_peer_update) override {
    auto* connected = std::get_if<Connected13>(&state_);
    if (connected == nullptr) {
      return Error(ErrorCode::invalid_argument, "KeyUpdate before the handshake completed");
    }
    return client::send_key_update(ctx_, *connected, request_peer_update);
  }

  const SessionInfo& info() const override { return ctx_.info; }

  std::unique_ptr<Machine> finish(SessionInfo& info) override {
    std::optional<ConnectedClientState> connected;
    if (auto* s = std::get_if<Connected13>(&state_)) connected.emplace(std::move(*s));
    if (auto* s = std::get_if<Connected12>(&state_)) connected.emplace(std::move(*s));
    if (!connected) return nullptr;
    info = std::move(ctx_.info);
    return make_connected_client(std::move(static_cast<ClientEndpoint&>(ctx_)), info,
                                 std::move(*connected));
  }

 private:
  // A TLS 1.2 handshake is under way (after the ServerHello, before the server's Finished).
  bool negotiating12() const {
    return std::holds_alternative<WaitCertificate12>(state_) ||
           std::holds_alternative<WaitServerKeyExchange12>(state_) ||
           std::holds_alternative<WaitServerHelloDone12>(state_) ||
           std::holds_alternative<WaitServerCcs12>(state_) ||
           std::holds_alternative<WaitNewSessionTicket12>(state_) ||
           std::holds_alternative<WaitServerFinished12>(state_);
  }

  Status advance(Result<ClientState> next) {
    if (!next.ok()) return std::move(next).error();
    state_ = std::move(next).value();
    return {};
  }

  ClientContext ctx_;
  ClientState state_;
};

}  // namespace
}  // namespace client

std::unique_ptr<Machine> make_client(std::shared_ptr<const ClientConfig> config,
                                     crypto::Provider& provider, HandshakeIo& io,
                                     ClientParams params) {
  return std::make_unique<client::ClientMachine>(std::move(config), provider, io,
                                                 std::move(params));
}

}  // namespace tlspp::handshake
