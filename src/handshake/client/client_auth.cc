// Client authentication on the client (mutual TLS): choosing our certificate for a server's
// CertificateRequest, and sending Certificate and CertificateVerify (RFC 8446 §4.4.2-4.4.3; RFC
// 5246 §7.4.6, §7.4.8).
#include <algorithm>

#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "msgs/certificate.h"
#include "msgs/certificate_verify.h"

namespace tlspp::handshake::client {
namespace {

// RFC 5246 §7.4.4 / RFC 8422 §5.5: the certificate type a TLS 1.2 key needs in certificate_types.
msgs::ClientCertificateType certificate_type_for(crypto::KeyType type) {
  using K = crypto::KeyType;
  return type == K::rsa || type == K::rsa_pss ? msgs::ClientCertificateType::rsa_sign
                                              : msgs::ClientCertificateType::ecdsa_sign;
}

void report_choice(ClientContext& ctx, const CertificateRequested& request, std::string chosen,
                   std::string why) {
  if (!ctx.io->observed()) return;
  ctx.io->emit(ChoiceEvent{"client certificate", std::move(chosen), std::move(why),
                           display_names<SignatureScheme>(request.schemes)});
}

// Signs `content` with the credential's key under its scheme.
Result<msgs::CertificateVerify> sign_certificate_verify(const ClientCredential& credential,
                                                        Bytes content) {
  auto alg = crypto::signature_algorithm_for(credential.scheme);
  if (!alg) return Error(ErrorCode::internal, "no algorithm for the chosen scheme");
  msgs::CertificateVerify cv;
  cv.algorithm = credential.scheme;
  TLSPP_ASSIGN_OR_RETURN(cv.signature, credential.certificate->key->sign(*alg, content));
  return cv;
}

}  // namespace

std::optional<ClientCredential> choose_client_credential(ClientContext& ctx,
                                                         ProtocolVersion version,
                                                         const CertificateRequested& request) {
  const ClientConfig& cfg = *ctx.config;
  std::shared_ptr<const CertifiedKey> chosen;
  if (cfg.client_certificate_for) {
    CertificateRequestInfo info;
    info.version = version;
    info.certificate_authorities = request.authorities;
    info.signature_schemes = request.schemes;
    chosen = cfg.client_certificate_for(info);
  } else {
    chosen = cfg.client_certificate;
  }
  if (!chosen || chosen->chain.empty() || !chosen->key) {
    report_choice(ctx, request, "none", "no client certificate is configured for this request");
    return std::nullopt;
  }
  const crypto::KeyType key_type = chosen->key->type();
  if (version == ProtocolVersion::tls1_2) {
    // RFC 5246 §7.4.6: "The certificate type MUST be appropriate for the selected cipher suite's
    // key exchange algorithm" and listed in the request's certificate_types.
    const auto needed = certificate_type_for(key_type);
    if (std::find(request.types.begin(), request.types.end(), needed) == request.types.end()) {
      report_choice(ctx, request, "none",
                    "the server does not accept " + std::string(crypto::name_of(key_type)) +
                        " certificates (certificate_types)");
      return std::nullopt;
    }
  }
  // RFC 8446 §4.4.3 / RFC 5246 §7.4.8: the scheme must be one the server listed.
  auto scheme = choose_signature_scheme(ctx.schemes, request.schemes, key_type, version);
  if (!scheme.ok()) {
    report_choice(ctx, request, "none",
                  "our " + std::string(crypto::name_of(key_type)) +
                      " key cannot sign with any scheme the server accepts");
    return std::nullopt;
  }
  report_choice(ctx, request, std::string(crypto::name_of(key_type)) + " certificate",
                "signing with " + display_name(scheme->value) + " (" + scheme->why + ")");
  return ClientCredential{std::move(chosen), scheme->value};
}

Status send_client_certificate13(ClientContext& ctx, const CertificateRequested& request) {
  std::optional<ClientCredential> credential =
      choose_client_credential(ctx, ProtocolVersion::tls1_3, request);
  // RFC 8446 §4.4.2: the client echoes the request's context; "If the server requests client
  // authentication but no suitable certificate is available, the client MUST send a Certificate
  // message containing no certificates."
  msgs::CertificateTls13 cert;
  cert.certificate_request_context = request.context;
  if (credential) {
    for (const auto& der : credential->certificate->chain)
      cert.certificate_list.push_back({der, {}});
    if (!cert.certificate_list.empty()) {
      edit_extensions(*ctx.config, HandshakeType::certificate,
                      cert.certificate_list.front().extensions);
    }
  }
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cert, true,
                         {{"certificates", {std::to_string(cert.certificate_list.size())}}}));
  if (!credential) return {};
  // RFC 8446 §4.4.3: the signature covers the transcript through our Certificate, with the
  // client context string.
  TLSPP_ASSIGN_OR_RETURN(Digest hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(
      msgs::CertificateVerify cv,
      sign_certificate_verify(*credential, certificate_verify_content(false, hash)));
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cv, true,
                         {{"algorithm", {display_name(cv.algorithm)}}}));
  ctx.info.client_signature_scheme = cv.algorithm;
  return {};
}

Result<std::optional<ClientCredential>> send_client_certificate12(
    ClientContext& ctx, const CertificateRequested& request) {
  std::optional<ClientCredential> credential =
      choose_client_credential(ctx, ProtocolVersion::tls1_2, request);
  // RFC 5246 §7.4.6: "If no suitable certificate is available, the client MUST send a
  // certificate message containing no certificates."
  msgs::CertificateTls12 cert;
  if (credential) {
    for (const auto& der : credential->certificate->chain) cert.certificate_list.push_back(der);
  }
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cert, false,
                         {{"certificates", {std::to_string(cert.certificate_list.size())}}}));
  return credential;
}

Status send_certificate_verify12(ClientContext& ctx, const ClientCredential& credential) {
  // RFC 5246 §7.4.8: signed over handshake_messages, everything from ClientHello to here.
  Bytes messages = ctx.transcript.messages();
  if (messages.empty()) {
    return Error(ErrorCode::internal, "the transcript kept no messages to sign");
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateVerify cv, sign_certificate_verify(credential, messages));
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cv, false,
                         {{"algorithm", {display_name(cv.algorithm)}}}));
  ctx.info.client_signature_scheme = cv.algorithm;
  return {};
}

}  // namespace tlspp::handshake::client
