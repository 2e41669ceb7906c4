// The server Machine: dispatch by state after checking the message type.
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/server/server_psk.h"
#include "handshake/server/server_states.h"

namespace tlspp::handshake {
namespace server {
namespace {

class ServerMachine final : public Machine {
 public:
  ServerMachine(std::shared_ptr<const ServerConfig> config, crypto::Provider& provider,
                HandshakeIo& io)
      : ctx_(std::move(config), provider, io) {
    const ServerConfig& cfg = *ctx_.config;
    ctx_.suites = effective_cipher_suites(cfg.cipher_suites, cfg.allow_legacy_rsa_key_exchange);
    ctx_.schemes =
        cfg.signature_schemes.empty() ? default_signature_schemes() : cfg.signature_schemes;
    // RFC 5246 §7.4.8: a TLS 1.2 client CertificateVerify signs the messages themselves.
    if (cfg.client_auth != ClientAuth::none) ctx_.transcript.keep_messages();
  }

  Status start() override { return {}; }

  Status on_handshake(const msgs::HandshakeMessageView& m) override {
    using T = HandshakeType;
    return std::visit(
        [&](auto& s) -> Status {
          using S = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<S, WaitClientHello>) {
            if (m.type != T::client_hello) return unexpected("start", {T::client_hello}, m.type);
            return advance(on_client_hello(ctx_, m));
          } else if constexpr (std::is_same_v<S, WaitSecondClientHello>) {
            if (m.type != T::client_hello) {
              return unexpected("HelloRetryRequest sent", {T::client_hello}, m.type);
            }
            return advance(on_second_client_hello(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitClientCertificate>) {
            // RFC 8446 §4.4.2: after a CertificateRequest the client's Certificate comes first.
            if (m.type != T::certificate)
              return unexpected("CertificateRequest sent", {T::certificate}, m.type);
            return advance(on_client_certificate(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitClientCertificateVerify>) {
            if (m.type != T::certificate_verify) {
              return unexpected("client Certificate received", {T::certificate_verify}, m.type);
            }
            return advance(on_client_certificate_verify(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitClientFinished>) {
            if (m.type != T::finished)
              return unexpected("server Finished sent", {T::finished}, m.type);
            return advance(on_client_finished(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitEndOfEarlyData>) {
            if (m.type != T::end_of_early_data) {
              return unexpected("0-RTT accepted", {T::end_of_early_data}, m.type);
            }
            return advance(on_end_of_early_data(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, Connected13>) {
            return on_post_handshake(ctx_, s, m);
          } else if constexpr (std::is_same_v<S, WaitClientCertificate12>) {
            // RFC 5246 §7.4.6: the client's Certificate is its first message after
            // ServerHelloDone when one was requested.
            if (m.type != T::certificate) {
              return unexpected("TLS 1.2 CertificateRequest sent", {T::certificate}, m.type);
            }
            return advance(on_client_certificate12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitClientKeyExchange12>) {
            if (m.type != T::client_key_exchange) {
              return unexpected("TLS 1.2 ServerHelloDone sent", {T::client_key_exchange}, m.type);
            }
            return advance(on_client_key_exchange12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitClientCertificateVerify12>) {
            if (m.type != T::certificate_verify) {
              return unexpected("TLS 1.2 ClientKeyExchange received", {T::certificate_verify},
                                m.type);
            }
            return advance(on_client_certificate_verify12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitClientCcs12>) {
            // RFC 5246 §7.1: the client's Finished must follow its ChangeCipherSpec.
            return unexpected("TLS 1.2 ClientKeyExchange received (ChangeCipherSpec expected)", {},
                              m.type);
          } else if constexpr (std::is_same_v<S, WaitClientFinished12>) {
            if (m.type != T::finished)
              return unexpected("TLS 1.2 ChangeCipherSpec received", {T::finished}, m.type);
            return advance(on_client_finished12(ctx_, std::move(s), m));
          } else if constexpr (std::is_same_v<S, WaitResumedClientCcs12>) {
            // RFC 5246 §7.1: the client's Finished must follow its ChangeCipherSpec.
            return unexpected("TLS 1.2 abbreviated handshake (ChangeCipherSpec expected)", {},
                              m.type);
          } else if constexpr (std::is_same_v<S, WaitResumedClientFinished12>) {
            if (m.type != T::finished) {
              return unexpected("TLS 1.2 ChangeCipherSpec received", {T::finished}, m.type);
            }
            return advance(on_resumed_client_finished12(ctx_, std::move(s), m));
          } else {
            return on_post_handshake12(ctx_, m);
          }
        },
        state_);
  }

  Status on_change_cipher_spec() override {
    // RFC 5246 §7.1: a ChangeCipherSpec is legal only where the peer switches to new keys.
    if (auto* s = std::get_if<WaitClientCcs12>(&state_)) {
      return advance(on_client_ccs12(ctx_, std::move(*s)));
    }
    if (auto* s = std::get_if<WaitResumedClientCcs12>(&state_)) {
      return advance(on_resumed_client_ccs12(ctx_, std::move(*s)));
    }
    return Error(ErrorCode::unexpected_message, "ChangeCipherSpec where none is expected");
  }

  bool compat_ccs_allowed() const override {
    // RFC 8446 §5: after the first ClientHello and before the client's Finished.
    return std::holds_alternative<WaitSecondClientHello>(state_) ||
           std::holds_alternative<WaitClientCertificate>(state_) ||
           std::holds_alternative<WaitClientCertificateVerify>(state_) ||
           std::holds_alternative<WaitClientFinished>(state_) ||
           std::holds_alternative<WaitEndOfEarlyData>(state_);
  }

  std::optional<std::size_t> early_data_limit() const override {
    if (const auto* s = std::get_if<WaitEndOfEarlyData>(&state_)) return s->max_early_data;
    return std::nullopt;
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
    return server::send_key_update(ctx_, *connected, request_peer_update);
  }

  const SessionInfo& info() const override { return ctx_.info; }

  std::unique_ptr<Machine> finish(SessionInfo& info) override {
    std::optional<ConnectedServerState> connected;
    if (auto* s = std::get_if<Connected13>(&state_)) connected.emplace(std::move(*s));
    if (auto* s = std::get_if<Connected12>(&state_)) connected.emplace(std::move(*s));
    if (!connected) return nullptr;
    info = std::move(ctx_.info);
    return make_connected_server(std::move(static_cast<ServerEndpoint&>(ctx_)), info,
                                 std::move(*connected));
  }

 private:
  Status advance(Result<ServerState> next) {
    if (!next.ok()) return std::move(next).error();
    state_ = std::move(next).value();
    return {};
  }

  ServerContext ctx_;
  ServerState state_;
};

}  // namespace
}  // namespace server

std::unique_ptr<Machine> make_server(std::shared_ptr<const ServerConfig> config,
                                     crypto::Provider& provider, HandshakeIo& io) {
  return std::make_unique<server::ServerMachine>(std::move(config), provider, io);
}

}  // namespace tlspp::handshake
