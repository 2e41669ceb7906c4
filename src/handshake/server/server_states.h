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
#include "handshake/tls12_steps.h"
#include "handshake/transcript.h"
#include "msgs/client_hello.h"
#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/handshake_header.h"
#include "tlspp/config.h"

namespace tlspp::handshake::server {

// What the ClientHello asks for, decoded once (server_hello.cc).
struct Offer {
  std::vector<ProtocolVersion> versions;
  std::vector<NamedGroup> groups;
  std::optional<msgs::KeyShareClientHello> shares;
  std::vector<SignatureScheme> schemes;
  std::optional<std::string> server_name;
  std::vector<std::string> alpn;
  std::optional<msgs::ByteVector> cookie;
  // TLS 1.2
  bool extended_master_secret = false;
  std::optional<msgs::RenegotiationInfo> renegotiation_info;
  std::optional<msgs::EcPointFormats> point_formats;
  std::optional<msgs::SessionTicketExtension> session_ticket;
};

// Decodes the extensions of `ch` that negotiation reads. Decode failures propagate.
Result<Offer> read_offer(const msgs::ClientHello& ch);
// The certificate to present for the client's server_name; invalid_argument when none is set.
Result<std::shared_ptr<const CertifiedKey>> choose_certificate(const ServerConfig& cfg,
                                                               const Offer& offer);
// RFC 7301 §3.2 through the config's chooser or list; nullopt when the client offered none.
Result<std::optional<std::string>> negotiate_alpn(const ServerConfig& cfg, const Offer& offer);

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

// 0-RTT accepted (RFC 8446 §4.2.10): the client's early data, then its EndOfEarlyData, come
// under the early traffic keys before its Finished.
struct WaitEndOfEarlyData {
  WaitClientFinished next;
  std::size_t max_early_data;
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

// ---- TLS 1.2 (server_tls12.cc) ----

// What the TLS 1.2 states share once the ServerHello is sent.
struct Handshake12 {
  const SuiteInfo* suite;
  bool extended_master_secret;     // RFC 7627: both sides use it
  ProtocolVersion client_version;  // ClientHello.legacy_version, checked in an RSA pre-master
};

// ECDHE: our ephemeral key pair, whose public value the ServerKeyExchange carried.
struct EcdheKeyExchange12 {
  std::unique_ptr<crypto::KeyShare> share;
};
// Static RSA (legacy): the certificate whose key decrypts the pre-master secret.
struct RsaKeyExchange12 {
  std::shared_ptr<const CertifiedKey> certificate;
};

// ServerHelloDone sent: the client's ClientKeyExchange is next (tlspp does not ask TLS 1.2
// clients for certificates).
struct WaitClientKeyExchange12 {
  Handshake12 hs;
  std::variant<EcdheKeyExchange12, RsaKeyExchange12> kex;
};

// The master secret is known: the client's ChangeCipherSpec is next.
struct WaitClientCcs12 {
  Handshake12 hs;
  SecretBytes master_secret;
  SessionKeys12 keys;
};

// The client's ChangeCipherSpec switched the read keys: its Finished is next.
struct WaitClientFinished12 {
  Handshake12 hs;
  SecretBytes master_secret;
  PendingKeys12 server_write;
};

// TLS 1.2 traffic: the client's Finished verified (with static RSA, a client that sent a bad
// pre-master secret fails exactly there). A ClientHello (renegotiation) gets a no_renegotiation
// warning.
struct Connected12 {
  const SuiteInfo* suite;
  ClientFinished proof;
};

using ServerState = std::variant<WaitClientHello, WaitSecondClientHello, WaitClientFinished,
                                 WaitEndOfEarlyData, Connected13, WaitClientKeyExchange12,
                                 WaitClientCcs12, WaitClientFinished12, Connected12>;

// Transitions (server_hello.cc, server_tls13.cc).
Result<ServerState> on_client_hello(ServerContext& ctx, const msgs::HandshakeMessageView& message);
Result<ServerState> on_second_client_hello(ServerContext& ctx, WaitSecondClientHello&& state,
                                           const msgs::HandshakeMessageView& message);
Result<ServerState> on_client_finished(ServerContext& ctx, WaitClientFinished&& state,
                                       const msgs::HandshakeMessageView& message);
Result<ServerState> on_post_handshake(ServerContext& ctx, Connected13&& state,
                                      const msgs::HandshakeMessageView& message);
Status send_key_update(ServerContext& ctx, Connected13& state, bool request_peer_update);

// TLS 1.2 transitions (server_tls12.cc). answer_client_hello12 negotiates from a ClientHello for
// which TLS 1.2 was chosen (`why` says why) and sends the server's first flight.
Result<ServerState> answer_client_hello12(ServerContext& ctx, msgs::ClientHello&& ch,
                                          const Offer& offer, const std::string& why);
Result<ServerState> on_client_key_exchange12(ServerContext& ctx, WaitClientKeyExchange12&& state,
                                             const msgs::HandshakeMessageView& message);
Result<ServerState> on_client_ccs12(ServerContext& ctx, WaitClientCcs12&& state);
Result<ServerState> on_client_finished12(ServerContext& ctx, WaitClientFinished12&& state,
                                         const msgs::HandshakeMessageView& message);
Result<ServerState> on_post_handshake12(ServerContext& ctx, Connected12&& state,
                                        const msgs::HandshakeMessageView& message);

}  // namespace tlspp::handshake::server
