// The client state machine's states and the data they share. One state, one type: each struct
// holds only what is valid in that state; a transition consumes the state and returns the next.
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
#include "msgs/handshake_header.h"
#include "msgs/vectors.h"
#include "tlspp/config.h"

namespace tlspp::handshake::client {

// What every client state shares; moved along, never copied.
struct ClientContext {
  std::shared_ptr<const ClientConfig> config;
  crypto::Provider* provider;
  HandshakeIo* io;
  std::string server_name;
  bool send_sni = false;  // server_name is a DNS name (not an IP literal)
  Transcript transcript;
  msgs::Random client_random{};
  msgs::ByteVector session_id;
  // What the ClientHello offered.
  std::vector<CipherSuite> suites;
  std::vector<NamedGroup> groups;
  std::vector<SignatureScheme> schemes;
  // The extension types of the last ClientHello sent (after the configured editor ran).
  std::vector<ExtensionType> offered_extensions;
  bool offer_tls13 = false;
  bool offer_tls12 = false;
  bool sent_change_cipher_spec = false;
  SessionInfo info;

  ClientContext(std::shared_ptr<const ClientConfig> c, crypto::Provider& p, HandshakeIo& i,
                std::string name)
      : config(std::move(c)), provider(&p), io(&i), server_name(std::move(name)), transcript(p) {}
};

// Before start().
struct Start {};

// ClientHello sent; waiting for ServerHello (or HelloRetryRequest).
struct WaitServerHello {
  std::vector<std::unique_ptr<crypto::KeyShare>> shares;
  // Set after a HelloRetryRequest: the suite it named (the ServerHello must match, RFC 8446 §4.1.4)
  // and so a second one is refused.
  std::optional<CipherSuite> retry_suite;
};

// The TLS 1.3 handshake secrets once ServerHello is processed.
struct HandshakeSecrets13 {
  const SuiteInfo* suite;
  HandshakeSecret handshake_secret;
  SecretBytes client_traffic;  // client_handshake_traffic_secret
  SecretBytes server_traffic;  // server_handshake_traffic_secret
};

struct WaitEncryptedExtensions {
  HandshakeSecrets13 secrets;
};

// A TLS 1.3 CertificateRequest from the server, kept until our Certificate is sent.
struct CertificateRequested {
  msgs::ByteVector context;
  std::vector<SignatureScheme> schemes;
};

struct WaitCertificate {
  HandshakeSecrets13 secrets;
  std::optional<CertificateRequested> request;  // a CertificateRequest may precede Certificate
};

struct WaitCertificateVerify {
  HandshakeSecrets13 secrets;
  std::optional<CertificateRequested> request;
  ChainVerified chain;
};

struct WaitFinished {
  HandshakeSecrets13 secrets;
  std::optional<CertificateRequested> request;
  ChainVerified chain;
  SignatureVerified signature;
};

// The server is authenticated: its chain, its CertificateVerify and its Finished all verified.
struct ServerAuthenticated {
  ChainVerified chain;
  SignatureVerified signature;
  FinishedVerified finished;
};

// TLS 1.3 traffic: application data flows; NewSessionTicket and KeyUpdate may arrive.
struct Connected13 {
  const SuiteInfo* suite;
  ServerAuthenticated proof;
  SecretBytes client_traffic;  // client_application_traffic_secret_N
  SecretBytes server_traffic;  // server_application_traffic_secret_N
  SecretBytes resumption_master_secret;
};

using ClientState = std::variant<Start, WaitServerHello, WaitEncryptedExtensions, WaitCertificate,
                                 WaitCertificateVerify, WaitFinished, Connected13>;

// Transitions (client_hello.cc, client_tls13.cc). Each consumes its state.
Result<ClientState> send_client_hello(ClientContext& ctx);
Result<ClientState> on_server_hello(ClientContext& ctx, WaitServerHello&& state,
                                    const msgs::HandshakeMessageView& message);
Result<ClientState> on_encrypted_extensions(ClientContext& ctx, WaitEncryptedExtensions&& state,
                                            const msgs::HandshakeMessageView& message);
Result<ClientState> on_certificate(ClientContext& ctx, WaitCertificate&& state,
                                   const msgs::HandshakeMessageView& message);
Result<ClientState> on_certificate_verify(ClientContext& ctx, WaitCertificateVerify&& state,
                                          const msgs::HandshakeMessageView& message);
Result<ClientState> on_server_finished(ClientContext& ctx, WaitFinished&& state,
                                       const msgs::HandshakeMessageView& message);
Result<ClientState> on_post_handshake(ClientContext& ctx, Connected13&& state,
                                      const msgs::HandshakeMessageView& message);
Status send_key_update(ClientContext& ctx, Connected13& state, bool request_peer_update);

}  // namespace tlspp::handshake::client
