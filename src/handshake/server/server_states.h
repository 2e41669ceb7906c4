// The server state machine's states and the data they share (one state, one type).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crypto/provider.h"
#include "handshake/key_schedule13.h"
#include "handshake/machine.h"
#include "handshake/proofs.h"
#include "handshake/suites.h"
#include "handshake/transcript.h"
#include "msgs/client_hello.h"
#include "msgs/handshake_header.h"
#include "tlspp/config.h"

namespace tlspp::handshake::server {

struct ServerContext {
  std::shared_ptr<const ServerConfig> config;
  crypto::Provider* provider;
  HandshakeIo* io;
  Transcript transcript;
  msgs::Random client_random{};
  msgs::Random server_random{};
  std::vector<CipherSuite> suites;  // ours, in preference order
  std::vector<SignatureScheme> schemes;
  SessionInfo info;

  ServerContext(std::shared_ptr<const ServerConfig> c, crypto::Provider& p, HandshakeIo& i)
      : config(std::move(c)), provider(&p), io(&i), transcript(p) {}
};

// Waiting for the first ClientHello.
struct WaitClientHello {};

// HelloRetryRequest sent; waiting for the second ClientHello, which must repeat the first except
// for what RFC 8446 §4.1.2 allows to change.
struct WaitSecondClientHello {
  msgs::ClientHello first;
  CipherSuite suite;
  NamedGroup group;
  msgs::ByteVector cookie;
};

// Our flight is sent; the client's Finished (TLS 1.3) is next.
struct WaitClientFinished {
  const SuiteInfo* suite;
  MasterSecret master;
  SecretBytes client_handshake_traffic;
  SecretBytes client_traffic;  // client_application_traffic_secret_0
  SecretBytes server_traffic;  // server_application_traffic_secret_0
};

// The client proved it holds the handshake keys: its Finished matched.
struct ClientFinished {
  FinishedVerified finished;
};

struct Connected13 {
  const SuiteInfo* suite;
  ClientFinished proof;
  SecretBytes client_traffic;
  SecretBytes server_traffic;
  SecretBytes resumption_master_secret;
};

using ServerState =
    std::variant<WaitClientHello, WaitSecondClientHello, WaitClientFinished, Connected13>;

// Transitions (server_hello.cc, server_tls13.cc).
Result<ServerState> on_client_hello(ServerContext& ctx, const msgs::HandshakeMessageView& message);
Result<ServerState> on_second_client_hello(ServerContext& ctx, WaitSecondClientHello&& state,
                                           const msgs::HandshakeMessageView& message);
Result<ServerState> on_client_finished(ServerContext& ctx, WaitClientFinished&& state,
                                       const msgs::HandshakeMessageView& message);
Result<ServerState> on_post_handshake(ServerContext& ctx, Connected13&& state,
                                      const msgs::HandshakeMessageView& message);
Status send_key_update(ServerContext& ctx, Connected13& state, bool request_peer_update);

}  // namespace tlspp::handshake::server
