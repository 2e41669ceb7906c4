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
#include "handshake/session/session_state.h"
#include "handshake/suites.h"
#include "handshake/tls12_steps.h"
#include "handshake/transcript.h"
#include "msgs/client_hello.h"
#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/handshake_header.h"
#include "msgs/server_hello.h"
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

// What the server needs during and after the handshake: all that the connected server keeps
// besides its Connected13 / Connected12 state and the SessionInfo (server_connected.cc).
struct ServerEndpoint {
  std::shared_ptr<const ServerConfig> config;
  crypto::Provider* provider;
  HandshakeIo* io;
};

// What every server state shares during the handshake.
struct ServerContext : ServerEndpoint {
  Transcript transcript;
  msgs::Random client_random{};
  msgs::Random server_random{};
  std::vector<CipherSuite> suites;  // ours, in preference order
  std::vector<SignatureScheme> schemes;
  SessionInfo info;

  ServerContext(std::shared_ptr<const ServerConfig> c, crypto::Provider& p, HandshakeIo& i)
      : ServerEndpoint{std::move(c), &p, &i}, transcript(p) {}
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

// The client's certificate is authenticated (mutual TLS): its chain verified against the
// client_trust_store for clientAuth, and its CertificateVerify signature under the chain's key.
struct ClientCertificateVerified {
  ChainVerified chain;
  SignatureVerified signature;
};

// Our flight is sent; the client's Finished (TLS 1.3) is next.
struct WaitClientFinished {
  const SuiteInfo* suite;
  MasterSecret master;
  SecretBytes client_handshake_traffic;
  SecretBytes client_traffic;  // client_application_traffic_secret_0
  SecretBytes server_traffic;  // server_application_traffic_secret_0
  // Set when the client authenticated with a certificate (server_client_auth.cc).
  std::optional<ClientCertificateVerified> client_certificate = std::nullopt;
};

// Our flight included a CertificateRequest: the client's Certificate is next (RFC 8446 §4.4.2).
struct WaitClientCertificate {
  WaitClientFinished next;
};

// The client's chain verified: its CertificateVerify is next (RFC 8446 §4.4.3).
struct WaitClientCertificateVerify {
  WaitClientFinished next;
  ChainVerified chain;
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

// TLS 1.3 traffic: the tickets are sent (with the resumption secret, which is not kept); KeyUpdate
// may arrive. Once the connection is established, this state, the ServerEndpoint and the
// SessionInfo are all the server keeps (make_connected_server).
struct Connected13 {
  const SuiteInfo* suite;
  ClientFinished proof;
  SecretBytes client_traffic;
  SecretBytes server_traffic;
  std::optional<ClientCertificateVerified> client_certificate = std::nullopt;
};

// ---- TLS 1.2 (server_tls12.cc) ----

// What the TLS 1.2 states share once the ServerHello is sent.
struct Handshake12 {
  const SuiteInfo* suite;
  bool extended_master_secret;     // RFC 7627: both sides use it
  ProtocolVersion client_version;  // ClientHello.legacy_version, checked in an RSA pre-master
  // Full handshake (server_resume12.cc): the session ID our ServerHello assigned (empty: the
  // session is not cached), and whether a NewSessionTicket goes before our ChangeCipherSpec.
  msgs::ByteVector session_id = {};
  bool send_ticket = false;
};

// ECDHE: our ephemeral key pair, whose public value the ServerKeyExchange carried.
struct EcdheKeyExchange12 {
  std::unique_ptr<crypto::KeyShare> share;
};
// Static RSA (legacy): the certificate whose key decrypts the pre-master secret.
struct RsaKeyExchange12 {
  std::shared_ptr<const CertifiedKey> certificate;
};

using KeyExchange12 = std::variant<EcdheKeyExchange12, RsaKeyExchange12>;

// ServerHelloDone sent after a CertificateRequest: the client's Certificate is next (RFC 5246
// §7.4.6).
struct WaitClientCertificate12 {
  Handshake12 hs;
  KeyExchange12 kex;
};

// ServerHelloDone sent (and the client's Certificate received, if requested): the client's
// ClientKeyExchange is next. `client_chain` holds the client's verified chain when it sent one;
// its CertificateVerify then follows the ClientKeyExchange.
struct WaitClientKeyExchange12 {
  Handshake12 hs;
  KeyExchange12 kex;
  std::optional<ChainVerified> client_chain = std::nullopt;
};

// The master secret is known and the client sent a certificate: its CertificateVerify is next
// (RFC 5246 §7.4.8).
struct WaitClientCertificateVerify12 {
  Handshake12 hs;
  SecretBytes master_secret;
  SessionKeys12 keys;
  ChainVerified chain;
};

// The master secret is known: the client's ChangeCipherSpec is next.
struct WaitClientCcs12 {
  Handshake12 hs;
  SecretBytes master_secret;
  SessionKeys12 keys;
  std::optional<ClientCertificateVerified> client_certificate = std::nullopt;
};

// The client's ChangeCipherSpec switched the read keys: its Finished is next.
struct WaitClientFinished12 {
  Handshake12 hs;
  SecretBytes master_secret;
  PendingKeys12 server_write;
  std::optional<ClientCertificateVerified> client_certificate = std::nullopt;
};

// TLS 1.2 traffic: the client's Finished verified (with static RSA, a client that sent a bad
// pre-master secret fails exactly there). A ClientHello (renegotiation) gets a no_renegotiation
// warning.
struct Connected12 {
  const SuiteInfo* suite;
  ClientFinished proof;
  std::optional<ClientCertificateVerified> client_certificate = std::nullopt;
};

// Abbreviated handshake (RFC 5246 §7.3, server_resume12.cc): our ServerHello, [NewSessionTicket],
// ChangeCipherSpec and Finished are sent; the client's ChangeCipherSpec is next.
struct WaitResumedClientCcs12 {
  Handshake12 hs;
  SecretBytes master_secret;
  PendingKeys12 client_write;
};

// Abbreviated handshake: the client's ChangeCipherSpec switched the read keys; its Finished (over
// the transcript through our Finished) is next.
struct WaitResumedClientFinished12 {
  Handshake12 hs;
  SecretBytes master_secret;
};

using ServerState =
    std::variant<WaitClientHello, WaitSecondClientHello, WaitClientCertificate,
                 WaitClientCertificateVerify, WaitClientFinished, WaitEndOfEarlyData, Connected13,
                 WaitClientCertificate12, WaitClientKeyExchange12, WaitClientCertificateVerify12,
                 WaitClientCcs12, WaitClientFinished12, WaitResumedClientCcs12,
                 WaitResumedClientFinished12, Connected12>;

// Transitions (server_hello.cc, server_tls13.cc).
Result<ServerState> on_client_hello(ServerContext& ctx, const msgs::HandshakeMessageView& message);
Result<ServerState> on_second_client_hello(ServerContext& ctx, WaitSecondClientHello&& state,
                                           const msgs::HandshakeMessageView& message);
Result<ServerState> on_client_finished(ServerContext& ctx, WaitClientFinished&& state,
                                       const msgs::HandshakeMessageView& message);
// After the handshake: KeyUpdate; any other message is unexpected_message.
Status on_post_handshake(const ServerEndpoint& ep, Connected13& state,
                         const msgs::HandshakeMessageView& message);
Status send_key_update(const ServerEndpoint& ep, Connected13& state, bool request_peer_update);

// TLS 1.2 transitions (server_tls12.cc). answer_client_hello12 negotiates from a ClientHello for
// which TLS 1.2 was chosen (`why` says why) and sends the server's first flight.
Result<ServerState> answer_client_hello12(ServerContext& ctx, msgs::ClientHello&& ch,
                                          const Offer& offer, const std::string& why);
Result<ServerState> on_client_key_exchange12(ServerContext& ctx, WaitClientKeyExchange12&& state,
                                             const msgs::HandshakeMessageView& message);
Result<ServerState> on_client_ccs12(ServerContext& ctx, WaitClientCcs12&& state);
Result<ServerState> on_client_finished12(ServerContext& ctx, WaitClientFinished12&& state,
                                         const msgs::HandshakeMessageView& message);
// After a TLS 1.2 handshake: a ClientHello (renegotiation) is answered with a no_renegotiation
// warning; any other message is unexpected_message.
Status on_post_handshake12(const ServerEndpoint& ep, const msgs::HandshakeMessageView& message);

// The machine of an established server connection (server_connected.cc): it holds `ep`, the
// connected state and a reference to `info` (which must outlive it), and nothing of the handshake.
using ConnectedServerState = std::variant<Connected13, Connected12>;
std::unique_ptr<Machine> make_connected_server(ServerEndpoint ep, const SessionInfo& info,
                                               ConnectedServerState state);
// The TLS 1.2 ServerHello with the extensions the client offered and we use (server_tls12.cc);
// its session ID is left empty.
Result<msgs::ServerHello> build_server_hello12(ServerContext& ctx, const msgs::ClientHello& ch,
                                               const Offer& offer, const SuiteInfo& suite, bool ems,
                                               bool secure_renegotiation,
                                               const std::optional<std::string>& alpn);

// TLS 1.2 resumption (server_resume12.cc).
// A session the ClientHello asks to resume that may be resumed: by its RFC 5077 ticket (opened
// with config.ticket_keys) or else its session ID (config.session_cache).
struct Resumable12 {
  SessionState state;
  bool by_ticket;
  // By ticket: the ticket's key is the current one (see ServerConfig::renew_tls12_tickets).
  bool ticket_key_current = false;
};
// Looks up and checks the session the ClientHello offers: nullopt (full handshake) when there is
// none or it may not be resumed (version, suite, expiry, SNI, or RFC 7627 §5.3 a new EMS). Error
// missing_extended_master_secret (handshake_failure) when the session used the extended master
// secret and the ClientHello does not offer it (RFC 7627 §5.3).
Result<std::optional<Resumable12>> find_session12(ServerContext& ctx, const msgs::ClientHello& ch,
                                                  const Offer& offer);
// The abbreviated handshake's server flight: ServerHello echoing the client's session ID,
// NewSessionTicket (a renewed ticket, when the client sent SessionTicket and tickets are on),
// ChangeCipherSpec, Finished.
Result<ServerState> resume_session12(ServerContext& ctx, const msgs::ClientHello& ch,
                                     const Offer& offer, Resumable12 session,
                                     bool secure_renegotiation);
// Full handshake: gives the ServerHello a fresh session ID when a session cache is configured,
// and an empty SessionTicket extension when the client asked for a ticket and ticket keys are
// configured; returns `hs` with both recorded.
Result<Handshake12> offer_new_session12(ServerContext& ctx, const Offer& offer,
                                        msgs::ServerHello& sh, Handshake12 hs);
// Full handshake, the client's Finished verified: stores the session in the cache under its ID,
// and sends NewSessionTicket (RFC 5077 §3.3) when the ServerHello promised one.
Status issue_session12(ServerContext& ctx, const Handshake12& hs, const SecretBytes& master_secret);
Result<ServerState> on_resumed_client_ccs12(ServerContext& ctx, WaitResumedClientCcs12&& state);
Result<ServerState> on_resumed_client_finished12(ServerContext& ctx,
                                                 WaitResumedClientFinished12&& state,
                                                 const msgs::HandshakeMessageView& message);

// Client authentication (server_client_auth.cc).
// RFC 8446 §4.3.2: sends a CertificateRequest (empty context, signature_algorithms,
// certificate_authorities) when the config asks for client certificates; returns whether it did.
// ErrorCode::invalid_argument when client_auth is set without a client_trust_store.
Result<bool> send_certificate_request13(ServerContext& ctx);
// RFC 5246 §7.4.4: the same before a TLS 1.2 ServerHelloDone (certificate_types ecdsa_sign and
// rsa_sign, supported_signature_algorithms, certificate_authorities).
Result<bool> send_certificate_request12(ServerContext& ctx);
// RFC 8446 §4.4.2: the client's Certificate. Empty: certificate_required when required, else on
// to the Finished unauthenticated. Otherwise the chain is verified for clientAuth (its errors and
// alerts: unknown_ca, bad_certificate, ...) and the CertificateVerify is next.
Result<ServerState> on_client_certificate(ServerContext& ctx, WaitClientCertificate&& state,
                                          const msgs::HandshakeMessageView& message);
// RFC 8446 §4.4.3: the client's signature over the transcript through its Certificate, with the
// client context string. bad_certificate_verify (decrypt_error) when it does not verify;
// illegal_parameter for a scheme we did not offer or that does not fit the key.
Result<ServerState> on_client_certificate_verify(ServerContext& ctx,
                                                 WaitClientCertificateVerify&& state,
                                                 const msgs::HandshakeMessageView& message);
// RFC 5246 §7.4.6: the client's TLS 1.2 Certificate. Empty: no_client_certificate
// (handshake_failure) when required; otherwise as in TLS 1.3.
Result<ServerState> on_client_certificate12(ServerContext& ctx, WaitClientCertificate12&& state,
                                            const msgs::HandshakeMessageView& message);
// RFC 5246 §7.4.8: the client's signature over every handshake message before it.
Result<ServerState> on_client_certificate_verify12(ServerContext& ctx,
                                                   WaitClientCertificateVerify12&& state,
                                                   const msgs::HandshakeMessageView& message);

}  // namespace tlspp::handshake::server
