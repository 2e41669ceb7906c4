// Client authentication on the server (mutual TLS): the CertificateRequest (RFC 8446 §4.3.2, RFC
// 5246 §7.4.4), the client's Certificate checked against the client_trust_store for clientAuth
// (RFC 8446 §4.4.2, RFC 5246 §7.4.6) and its CertificateVerify (RFC 8446 §4.4.3, RFC 5246 §7.4.8).
#include <algorithm>

#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/peer_chain.h"
#include "handshake/server/server_states.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_names.h"
#include "x509/certificate.h"
#include "x509/trust_store.h"

namespace tlspp::handshake::server {
namespace {

using msgs::ByteVector;

// Bounds on the certificate_authorities list (config.h): a larger store sends no names.
constexpr std::size_t kMaxAuthorityNames = 64;
constexpr std::size_t kMaxAuthorityBytes = 16 * 1024;

// The trust store for client chains; invalid_argument when client auth is on without one.
Result<const x509::TrustStore*> client_trust(const ServerConfig& cfg) {
  if (!cfg.client_trust_store) {
    return Error(ErrorCode::invalid_argument,
                 "client_auth is set but the server has no client_trust_store");
  }
  return cfg.client_trust_store.get();
}

// The subjects (DER Names) of the client trust store's anchors, or none when they exceed the
// bounds above.
std::vector<ByteVector> authority_names(const x509::TrustStore& store) {
  std::vector<ByteVector> names;
  std::size_t bytes = 0;
  for (const auto& cert : store.certificates()) {
    const auto& der = cert->subject().encoding;
    ByteVector name(der.begin(), der.end());
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    bytes += name.size() + 2;
    names.push_back(std::move(name));
    if (names.size() > kMaxAuthorityNames || bytes > kMaxAuthorityBytes) return {};
  }
  return names;
}

std::vector<Field> describe_request(const std::vector<SignatureScheme>& schemes,
                                    std::size_t authorities) {
  return {{"signature_algorithms", display_names<SignatureScheme>(schemes)},
          {"certificate_authorities", {std::to_string(authorities)}}};
}

// The checks both versions make on a client's non-empty chain: the chain-length cap, then the
// X.509 verifier for clientAuth (no host name). Records the chain in the session info.
Result<ChainVerified> verify_client_chain(ServerContext& ctx, std::span<const Bytes> chain) {
  const ServerConfig& cfg = *ctx.config;
  if (chain.size() > cfg.limits.max_chain_length) {
    return Error(ErrorCode::cert_chain_too_large,
                 "the client sent " + std::to_string(chain.size()) +
                     " certificates; the limit is " + std::to_string(cfg.limits.max_chain_length));
  }
  TLSPP_ASSIGN_OR_RETURN(const x509::TrustStore* trust, client_trust(cfg));
  TLSPP_ASSIGN_OR_RETURN(
      ChainVerified verified,
      PeerChainChecker::verify(*ctx.provider, trust, chain, ChainPurpose::client_auth, "",
                               cfg.limits, *ctx.io));
  ctx.info.peer_chain.clear();
  for (Bytes der : chain) ctx.info.peer_chain.emplace_back(der.begin(), der.end());
  return verified;
}

// A client without a certificate: the config decides whether the handshake goes on.
// `missing` is the error for `required` (it differs by version).
Status accept_no_certificate(ServerContext& ctx, ErrorCode missing, std::string_view rule) {
  const bool required = ctx.config->client_auth == ClientAuth::required;
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"client certificate", !required,
                            required ? "the client sent no certificate; one is required"
                                     : "the client sent no certificate (optional): it stays "
                                       "anonymous"});
  }
  if (required) {
    return Error(missing, "the client sent no certificate, which this server requires (" +
                              std::string(rule) + ")");
  }
  return {};
}

// Emits the CertificateVerify check and passes the result on.
Result<SignatureVerified> report_signature(ServerContext& ctx, Result<SignatureVerified> verified,
                                           SignatureScheme scheme) {
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{
        "client CertificateVerify signature", verified.ok(),
        verified.ok() ? display_name(scheme) + " signature by the client certificate's key"
                      : verified.error().reason});
  }
  return verified;
}

}  // namespace

Result<bool> send_certificate_request13(ServerContext& ctx) {
  ctx.transcript.forget_messages();  // TLS 1.3 signs transcript hashes
  const ServerConfig& cfg = *ctx.config;
  if (cfg.client_auth == ClientAuth::none) return false;
  TLSPP_ASSIGN_OR_RETURN(const x509::TrustStore* trust, client_trust(cfg));
  // RFC 8446 §4.3.2: an empty context in the handshake; signature_algorithms MUST be present;
  // certificate_authorities names the CAs we accept.
  msgs::CertificateRequestTls13 cr;
  TLSPP_ASSIGN_OR_RETURN(msgs::Extension algorithms,
                         msgs::make_extension(ExtensionType::signature_algorithms,
                                              msgs::SignatureSchemeList{ctx.schemes}));
  cr.extensions.entries.push_back(std::move(algorithms));
  std::vector<ByteVector> names = authority_names(*trust);
  if (!names.empty()) {
    TLSPP_ASSIGN_OR_RETURN(msgs::Extension authorities,
                           msgs::make_extension(ExtensionType::certificate_authorities,
                                                msgs::CertificateAuthorities{names}));
    cr.extensions.entries.push_back(std::move(authorities));
  }
  edit_extensions(cfg, HandshakeType::certificate_request, cr.extensions);
  TLSPP_TRY(send_message(
      *ctx.io, ctx.transcript, cr, true,
      ctx.io->observed() ? describe_request(ctx.schemes, names.size()) : std::vector<Field>{}));
  return true;
}

Result<bool> send_certificate_request12(ServerContext& ctx) {
  const ServerConfig& cfg = *ctx.config;
  if (cfg.client_auth == ClientAuth::none) return false;
  TLSPP_ASSIGN_OR_RETURN(const x509::TrustStore* trust, client_trust(cfg));
  // RFC 5246 §7.4.4 / RFC 8422 §5.5: the key types we verify (ECDSA, RSA), the signature
  // algorithms we accept, and the CAs we accept.
  msgs::CertificateRequestTls12 cr;
  cr.certificate_types = {msgs::ClientCertificateType::ecdsa_sign,
                          msgs::ClientCertificateType::rsa_sign};
  cr.supported_signature_algorithms = ctx.schemes;
  cr.certificate_authorities = authority_names(*trust);
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cr, false,
                         ctx.io->observed()
                             ? describe_request(ctx.schemes, cr.certificate_authorities.size())
                             : std::vector<Field>{}));
  return true;
}

Result<ServerState> on_client_certificate(ServerContext& ctx, WaitClientCertificate&& state,
                                          const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateTls13 cert, msgs::CertificateTls13::decode(message.body));
  for (const auto& entry : cert.certificate_list) {
    TLSPP_TRY(check_extension_count(entry.extensions, ctx.config->limits,
                                    "the client's CertificateEntry"));
  }
  // RFC 8446 §4.4.2: the client echoes the CertificateRequest's (empty) context.
  if (!cert.certificate_request_context.empty()) {
    return Error(ErrorCode::illegal_parameter,
                 "the client's Certificate has a context its CertificateRequest did not have");
  }
  report_received(*ctx.io, message, true,
                  {{"certificates", {std::to_string(cert.certificate_list.size())}}});
  if (cert.certificate_list.empty()) {
    // RFC 8446 §4.4.2.4: "If the client does not send any certificates (i.e., it sends an empty
    // Certificate message), the server MAY at its discretion either continue the handshake
    // without client authentication or abort the handshake with a "certificate_required" alert."
    TLSPP_TRY(accept_no_certificate(ctx, ErrorCode::certificate_required, "RFC 8446 §4.4.2.4"));
    ctx.transcript.add(message.encoded);
    return ServerState(std::move(state.next));
  }
  std::vector<Bytes> chain;
  for (const auto& entry : cert.certificate_list) chain.push_back(entry.cert_data);
  TLSPP_ASSIGN_OR_RETURN(ChainVerified verified, verify_client_chain(ctx, chain));
  ctx.transcript.add(message.encoded);
  return ServerState(WaitClientCertificateVerify{std::move(state.next), std::move(verified)});
}

Result<ServerState> on_client_certificate_verify(ServerContext& ctx,
                                                 WaitClientCertificateVerify&& state,
                                                 const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateVerify cv, msgs::CertificateVerify::decode(message.body));
  // RFC 8446 §4.4.3: the client's signature covers the transcript through its Certificate, with
  // the client context string, under a scheme from our CertificateRequest.
  TLSPP_ASSIGN_OR_RETURN(Digest hash, ctx.transcript.current());
  const auto content = certificate_verify_content(false, hash);
  // Observers see the message, then the check on it (wire order).
  report_received(*ctx.io, message, true, {{"algorithm", {display_name(cv.algorithm)}}});
  TLSPP_ASSIGN_OR_RETURN(SignatureVerified signature,
                         report_signature(ctx,
                                          verify_handshake_signature(
                                              state.chain, cv.algorithm, ProtocolVersion::tls1_3,
                                              content, cv.signature, ctx.schemes),
                                          cv.algorithm));
  ctx.transcript.add(message.encoded);
  ctx.info.client_signature_scheme = cv.algorithm;
  state.next.client_certificate =
      ClientCertificateVerified{std::move(state.chain), std::move(signature)};
  return ServerState(std::move(state.next));
}

Result<ServerState> on_client_certificate12(ServerContext& ctx, WaitClientCertificate12&& state,
                                            const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateTls12 cert, msgs::CertificateTls12::decode(message.body));
  report_received(*ctx.io, message, false,
                  {{"certificates", {std::to_string(cert.certificate_list.size())}}});
  if (cert.certificate_list.empty()) {
    // RFC 5246 §7.4.6: "If the client does not send any certificates, the server MAY at its
    // discretion either continue the handshake without client authentication, or respond with a
    // fatal handshake_failure alert."
    TLSPP_TRY(accept_no_certificate(ctx, ErrorCode::no_client_certificate, "RFC 5246 §7.4.6"));
    ctx.transcript.add(message.encoded);
    return ServerState(WaitClientKeyExchange12{state.hs, std::move(state.kex), std::nullopt});
  }
  TLSPP_ASSIGN_OR_RETURN(ChainVerified verified, verify_client_chain(ctx, cert.certificate_list));
  ctx.transcript.add(message.encoded);
  return ServerState(WaitClientKeyExchange12{state.hs, std::move(state.kex), std::move(verified)});
}

Result<ServerState> on_client_certificate_verify12(ServerContext& ctx,
                                                   WaitClientCertificateVerify12&& state,
                                                   const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateVerify cv, msgs::CertificateVerify::decode(message.body));
  // RFC 5246 §7.4.8: the signature covers handshake_messages, every message from ClientHello up
  // to (not including) this one, under an algorithm from our CertificateRequest's
  // supported_signature_algorithms. Observers see the message, then the check on it.
  report_received(*ctx.io, message, false, {{"algorithm", {display_name(cv.algorithm)}}});
  TLSPP_ASSIGN_OR_RETURN(SignatureVerified signature,
                         report_signature(ctx,
                                          verify_handshake_signature(
                                              state.chain, cv.algorithm, ProtocolVersion::tls1_2,
                                              ctx.transcript.messages(), cv.signature, ctx.schemes),
                                          cv.algorithm));
  ctx.transcript.add(message.encoded);
  ctx.info.client_signature_scheme = cv.algorithm;
  return ServerState(
      WaitClientCcs12{state.hs, std::move(state.master_secret), std::move(state.keys),
                      ClientCertificateVerified{std::move(state.chain), std::move(signature)}});
}

}  // namespace tlspp::handshake::server
