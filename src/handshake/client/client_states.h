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
#include "handshake/tls12_steps.h"
#include "handshake/transcript.h"
#include "msgs/certificate_request.h"
#include "msgs/client_hello.h"
#include "msgs/handshake_header.h"
#include "msgs/server_hello.h"
#include "msgs/vectors.h"
#include "tlspp/config.h"

namespace tlspp::handshake::client {

// What the client needs during and after the handshake: all that the connected client keeps
// besides its Connected13 / Connected12 state and the SessionInfo (client_connected.cc).
struct ClientEndpoint {
  std::shared_ptr<const ClientConfig> config;
  crypto::Provider* provider;
  HandshakeIo* io;
  std::string server_name;
  // The key of this server in config->session_store (empty `key`: the server name).
  std::string session_key;

  ClientEndpoint(std::shared_ptr<const ClientConfig> c, crypto::Provider& p, HandshakeIo& i,
                 std::string name, std::string key)
      : config(std::move(c)),
        provider(&p),
        io(&i),
        server_name(std::move(name)),
        session_key(key.empty() ? server_name : std::move(key)) {}
};

// What every client state shares during the handshake; moved along, never copied.
struct ClientContext : ClientEndpoint {
  // A session the application asked to offer.
  std::shared_ptr<const ClientSession> resume;
  // The session this ClientHello offers (TLS 1.3 PSK, or TLS 1.2 session ID / ticket), if any.
  std::shared_ptr<const ClientSession> offered_session;
  bool send_sni = false;  // server_name is a DNS name (not an IP literal)
  Transcript transcript;
  msgs::Random client_random{};
  msgs::Random server_random{};  // TLS 1.2: from the ServerHello
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
  // TLS 1.3 resumption (client_psk.cc): 0-RTT data to send, and whether this handshake sent it.
  std::vector<std::uint8_t> early_data;
  bool early_data_sent = false;
  SessionInfo info;

  ClientContext(std::shared_ptr<const ClientConfig> c, crypto::Provider& p, HandshakeIo& i,
                ClientParams params)
      : ClientEndpoint(std::move(c), p, i, std::move(params.server_name),
                       std::move(params.session_key)),
        resume(std::move(params.resume)),
        transcript(p),
        early_data(std::move(params.early_data)) {}
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
  std::optional<PskSelected> psk;  // the server resumed our session (RFC 8446 §4.2.11)
};

// A resumed (PSK) handshake after EncryptedExtensions: no Certificate or CertificateVerify, the
// server's Finished is next (RFC 8446 §2.2).
struct WaitFinishedPsk {
  HandshakeSecrets13 secrets;
  PskSelected psk;
};

// A CertificateRequest from the server (TLS 1.3 or 1.2), kept until our Certificate is sent.
struct CertificateRequested {
  msgs::ByteVector context;                        // TLS 1.3; echoed in our Certificate
  std::vector<SignatureScheme> schemes;            // for our CertificateVerify
  std::vector<msgs::ByteVector> authorities;       // DER Names; empty: any CA
  std::vector<msgs::ClientCertificateType> types;  // TLS 1.2 certificate_types
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

// The server is authenticated by the PSK of a session it authenticated earlier: it selected the
// PSK we offered and its Finished, keyed from the PSK, verified.
struct PskAuthenticated {
  PskSelected psk;
  FinishedVerified finished;
};
using ServerProof13 = std::variant<ServerAuthenticated, PskAuthenticated>;

// TLS 1.3 traffic: application data flows; NewSessionTicket and KeyUpdate may arrive. Once the
// connection is established, this state, the ClientEndpoint and the SessionInfo are all the client
// keeps (make_connected_client).
struct Connected13 {
  const SuiteInfo* suite;
  ServerProof13 proof;
  SecretBytes client_traffic;  // client_application_traffic_secret_N
  SecretBytes server_traffic;  // server_application_traffic_secret_N
  SecretBytes resumption_master_secret;
};

// ---- TLS 1.2 (client_tls12.cc) ----

// What the TLS 1.2 states share once the ServerHello is processed.
struct Handshake12 {
  const SuiteInfo* suite;
  bool extended_master_secret;  // RFC 7627: the server echoed the extension
  // Resumption (client_resume12.cc): the session ID of the ServerHello (empty: the server will not
  // cache the session), whether it echoed SessionTicket (RFC 5077 §3.2: a NewSessionTicket comes
  // before its ChangeCipherSpec), and the ticket that message carried.
  msgs::ByteVector session_id = {};
  bool ticket_expected = false;
  msgs::ByteVector ticket = {};
  std::uint32_t ticket_lifetime_hint = 0;
};

// Full handshake: the server's Certificate is next.
struct WaitCertificate12 {
  Handshake12 hs;
};

// ECDHE: the server's signed ServerKeyExchange is next.
struct WaitServerKeyExchange12 {
  Handshake12 hs;
  ChainVerified chain;
};

// ECDHE: the server's ephemeral public value, whose ServerKeyExchange signature verified.
struct EcdheServerAuth12 {
  ChainVerified chain;
  SignatureVerified signature;
  NamedGroup group;
  msgs::ByteVector server_point;
};
// Static RSA (legacy): no ServerKeyExchange. The pre-master secret is encrypted to the chain's
// leaf key, so the server proves it holds the certificate's private key only by a Finished that
// matches (it needed the decrypted pre-master secret to compute it).
struct RsaServerAuth12 {
  ChainVerified chain;
};
// Full handshake: how the server authenticates in the key exchange.
using KeyExchangeAuth12 = std::variant<EcdheServerAuth12, RsaServerAuth12>;
// Abbreviated handshake (RFC 5246 §7.3): the server resumed `session`, whose chain was verified
// when it was established; the server proves it holds the session's master secret by a Finished
// that matches. Our ChangeCipherSpec and Finished follow the server's (client_write).
struct ResumedServerAuth12 {
  std::shared_ptr<const ClientSession> session;
  PendingKeys12 client_write;
};
using ServerAuthPending12 = std::variant<EcdheServerAuth12, RsaServerAuth12, ResumedServerAuth12>;

// CertificateRequest (optional), then ServerHelloDone.
struct WaitServerHelloDone12 {
  Handshake12 hs;
  KeyExchangeAuth12 auth;
  std::optional<CertificateRequested> request;
};

// Our ClientKeyExchange, ChangeCipherSpec and Finished are sent: the server's ChangeCipherSpec is
// next.
struct WaitServerCcs12 {
  Handshake12 hs;
  SecretBytes master_secret;
  PendingKeys12 server_write;
  ServerAuthPending12 auth;
};

// RFC 5077 §3.3: the server echoed SessionTicket, so its NewSessionTicket comes before its
// ChangeCipherSpec (after our Finished in a full handshake, right after the ServerHello in an
// abbreviated one).
struct WaitNewSessionTicket12 {
  WaitServerCcs12 next;
};

// The server's ChangeCipherSpec switched the read keys: its Finished is next.
struct WaitServerFinished12 {
  Handshake12 hs;
  SecretBytes master_secret;
  ServerAuthPending12 auth;
};

// Proofs a TLS 1.2 connection holds (DESIGN.md: proofs as types).
struct ServerAuthenticatedEcdhe12 {
  ChainVerified chain;
  SignatureVerified signature;  // the ServerKeyExchange signature
  FinishedVerified finished;
};
// Static RSA: see RsaServerAuth12; the Finished is the proof of the private key.
struct ServerAuthenticatedRsa12 {
  ChainVerified chain;
  FinishedVerified finished;
};
// Resumption: the session's chain was verified when it was established; the Finished proves the
// server holds its master secret.
struct ServerAuthenticatedResumed12 {
  std::shared_ptr<const ClientSession> session;
  FinishedVerified finished;
};
using ServerProof12 = std::variant<ServerAuthenticatedEcdhe12, ServerAuthenticatedRsa12,
                                   ServerAuthenticatedResumed12>;

// TLS 1.2 traffic. A HelloRequest is answered with a no_renegotiation warning.
struct Connected12 {
  const SuiteInfo* suite;
  ServerProof12 proof;
};

using ClientState =
    std::variant<Start, WaitServerHello, WaitEncryptedExtensions, WaitCertificate,
                 WaitCertificateVerify, WaitFinished, WaitFinishedPsk, Connected13,
                 WaitCertificate12, WaitServerKeyExchange12, WaitServerHelloDone12, WaitServerCcs12,
                 WaitNewSessionTicket12, WaitServerFinished12, Connected12>;

// RFC 7301 §3.1: the server's ALPN answer (ServerHello in TLS 1.2, EncryptedExtensions in 1.3)
// names exactly one protocol, one that we offered. unsolicited_extension when we offered none,
// illegal_parameter for a protocol we did not offer.
Result<std::string> accept_server_alpn(const ClientContext& ctx, Bytes body);

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
// After the handshake (client_tls13.cc): NewSessionTicket (stored) and KeyUpdate; `info` is what
// was negotiated. Any other message is unexpected_message.
Status on_post_handshake(const ClientEndpoint& ep, const SessionInfo& info, Connected13& state,
                         const msgs::HandshakeMessageView& message);
Status send_key_update(const ClientEndpoint& ep, Connected13& state, bool request_peer_update);

// Client authentication (client_auth.cc).
// The certificate we answer a CertificateRequest with, and the scheme its key signs with.
struct ClientCredential {
  std::shared_ptr<const CertifiedKey> certificate;
  SignatureScheme scheme;
};
// Picks our certificate for `request` through the config (client_certificate_for, else
// client_certificate) and a scheme among the request's that fits the key and that we support;
// nullopt (with a ChoiceEvent saying why) when there is none, so an empty Certificate is sent.
std::optional<ClientCredential> choose_client_credential(ClientContext& ctx,
                                                         ProtocolVersion version,
                                                         const CertificateRequested& request);
// RFC 8446 §4.4.2-4.4.3: our Certificate (with the request's context; empty without a credential)
// and, with a credential, our CertificateVerify over the transcript hash.
Status send_client_certificate13(ClientContext& ctx, const CertificateRequested& request);
// RFC 5246 §7.4.6: our TLS 1.2 Certificate (empty without a credential); returns the credential
// whose CertificateVerify must follow the ClientKeyExchange.
Result<std::optional<ClientCredential>> send_client_certificate12(
    ClientContext& ctx, const CertificateRequested& request);
// RFC 5246 §7.4.8: our CertificateVerify over every handshake message so far.
Status send_certificate_verify12(ClientContext& ctx, const ClientCredential& credential);
// Shared by the full and the resumed handshake (client_tls13.cc): checks the server's Finished,
// then sends our flight (Certificate if requested, Finished) and enters Connected13 with `proof`.
Result<FinishedVerified> check_server_finished(ClientContext& ctx,
                                               const HandshakeSecrets13& secrets,
                                               const msgs::HandshakeMessageView& message);
Result<ClientState> send_client_flight13(ClientContext& ctx, HandshakeSecrets13&& secrets,
                                         const std::optional<CertificateRequested>& request,
                                         ServerProof13 proof);

// TLS 1.3 resumption and 0-RTT, client side (client_psk.cc).
// Adds psk_key_exchange_modes, early_data (when 0-RTT is sent) and pre_shared_key (last, with
// placeholder binders) for ctx.offered_session; nothing without one. `retry`: the second
// ClientHello (no early_data, RFC 8446 §4.2.10).
Status add_psk_extensions(ClientContext& ctx, msgs::Extensions& ext, bool retry);
// RFC 8446 §4.2.11.2: computes the binders of `ch` (whose pre_shared_key is last) over the
// transcript so far and Truncate(ch), and writes them into `ch`.
Status fill_binders(ClientContext& ctx, msgs::ClientHello& ch);
// After the first ClientHello is queued: derives the early traffic keys and sends the 0-RTT data
// (RFC 8446 §2.3), when add_psk_extensions offered it.
Status send_early_data(ClientContext& ctx);
// The ServerHello's pre_shared_key (RFC 8446 §4.2.11): nullopt when absent (full handshake);
// illegal_parameter when we offered none, or for an identity we did not offer or a suite whose
// hash differs from the session's.
Result<std::optional<PskSelected>> accept_server_psk(ClientContext& ctx,
                                                     const msgs::ServerHello& sh,
                                                     const SuiteInfo& suite);
// The EncryptedExtensions early_data extension: the server accepted our 0-RTT data.
// unsolicited_extension when we sent none.
Status accept_early_data(ClientContext& ctx, Bytes body);
// Before our second flight: EndOfEarlyData when 0-RTT was accepted, then the client handshake
// write keys (deferred while early data was being sent).
Status end_early_data(ClientContext& ctx, const HandshakeSecrets13& secrets);
Result<ClientState> on_server_finished_psk(ClientContext& ctx, WaitFinishedPsk&& state,
                                           const msgs::HandshakeMessageView& message);
// A NewSessionTicket: stored in config->session_store under ep.session_key (RFC 8446 §4.6.1),
// with the ALPN protocol and the peer chain of `info`.
Status store_ticket(const ClientEndpoint& ep, const SessionInfo& info, const Connected13& state,
                    const msgs::HandshakeMessageView& message);

// TLS 1.2 transitions (client_tls12.cc). on_server_hello12 takes over a ServerHello without
// supported_versions that chose TLS 1.2 (the downgrade sentinel is already checked).
Result<ClientState> on_server_hello12(ClientContext& ctx, WaitServerHello&& state,
                                      const msgs::ServerHello& sh,
                                      const msgs::HandshakeMessageView& message);
Result<ClientState> on_certificate12(ClientContext& ctx, WaitCertificate12&& state,
                                     const msgs::HandshakeMessageView& message);
Result<ClientState> on_server_key_exchange12(ClientContext& ctx, WaitServerKeyExchange12&& state,
                                             const msgs::HandshakeMessageView& message);
Result<ClientState> on_server_hello_done12(ClientContext& ctx, WaitServerHelloDone12&& state,
                                           const msgs::HandshakeMessageView& message);
Result<ClientState> on_server_ccs12(ClientContext& ctx, WaitServerCcs12&& state);
Result<ClientState> on_server_finished12(ClientContext& ctx, WaitServerFinished12&& state,
                                         const msgs::HandshakeMessageView& message);
// After a TLS 1.2 handshake: a HelloRequest is answered with a no_renegotiation warning; any
// other message is unexpected_message.
Status on_post_handshake12(const ClientEndpoint& ep, const msgs::HandshakeMessageView& message);

// The machine of an established client connection (client_connected.cc): it holds `ep`, the
// connected state and a reference to `info` (which must outlive it), and nothing of the handshake
// (no transcript, no offered parameters).
using ConnectedClientState = std::variant<Connected13, Connected12>;
std::unique_ptr<Machine> make_connected_client(ClientEndpoint ep, const SessionInfo& info,
                                               ConnectedClientState state);

// TLS 1.2 resumption (client_resume12.cc).
// The TLS 1.2 session ctx.offered_session, if that is what this ClientHello offers (else null).
std::shared_ptr<const ClientSession> offered_session12(const ClientContext& ctx);
// Called once the session to offer is chosen: a TLS 1.2 session's ID becomes the
// legacy_session_id (replacing a compatibility ID); a ticket-only session gets a fresh random
// 32-byte ID (RFC 5077 §3.4).
Status prepare_session_offer12(ClientContext& ctx);
// RFC 5077 §3.2: the SessionTicket extension when offering TLS 1.2: the offered session's ticket,
// or empty (asking for one) when the config keeps sessions.
Status add_session_ticket_extension12(const ClientContext& ctx, msgs::Extensions& extensions);
// The ServerHello echoed the session ID of the TLS 1.2 session we offered: the abbreviated
// handshake (RFC 5246 §7.3). `hs` is what the ServerHello negotiated; the suite and the extended
// master secret must be the session's (illegal_parameter, RFC 7627 §5.3 handshake_failure).
Result<ClientState> on_resumed_server_hello12(ClientContext& ctx, const msgs::ServerHello& sh,
                                              const msgs::HandshakeMessageView& message,
                                              Handshake12 hs, std::vector<Field> fields);
// RFC 5077 §3.3: the NewSessionTicket before the server's ChangeCipherSpec.
Result<ClientState> on_new_session_ticket12(ClientContext& ctx, WaitNewSessionTicket12&& state,
                                            const msgs::HandshakeMessageView& message);
// Abbreviated handshake, after the server's Finished verified: our ChangeCipherSpec and Finished.
Status send_resumed_finished12(ClientContext& ctx, const SuiteInfo& suite, Bytes master_secret,
                               PendingKeys12 client_write);
// After a full or abbreviated handshake: the session goes into config.session_store under
// ctx.session_key (when the server gave it a session ID or a ticket).
void remember_session12(ClientContext& ctx, const Handshake12& hs, const SecretBytes& master_secret,
                        const ServerAuthPending12& auth);

}  // namespace tlspp::handshake::client
