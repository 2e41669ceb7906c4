// The TLS 1.3 client after ServerHello: EncryptedExtensions, CertificateRequest, Certificate,
// CertificateVerify, Finished (RFC 8446 §4.3-4.4), then the client's Finished and traffic keys, and
// the post-handshake messages NewSessionTicket and KeyUpdate (§4.6).
#include <algorithm>

#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/peer_chain.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/finished.h"
#include "msgs/new_session_ticket.h"

namespace tlspp::handshake::client {

Result<ClientState> on_encrypted_extensions(ClientContext& ctx, WaitEncryptedExtensions&& state,
                                            const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::EncryptedExtensions ee,
                         msgs::EncryptedExtensions::decode(message.body));
  TLSPP_TRY(check_extension_count(ee.extensions, ctx.config->limits, "EncryptedExtensions"));
  std::vector<Field> fields;
  for (const auto& e : ee.extensions.entries) {
    switch (e.type) {
      case ExtensionType::application_layer_protocol_negotiation: {
        TLSPP_ASSIGN_OR_RETURN(ctx.info.alpn, accept_server_alpn(ctx, e.body));
        fields.push_back({"alpn", {ctx.info.alpn}});
        break;
      }
      case ExtensionType::server_name:
        // RFC 6066 §3: the server's acknowledgement is empty.
        if (!ctx.send_sni) {
          return Error(ErrorCode::unsolicited_extension, "server_name acknowledged but not sent");
        }
        TLSPP_TRY(msgs::EmptyExtension::decode(e.body));
        fields.push_back({"server_name", {"acknowledged"}});
        break;
      case ExtensionType::supported_groups:
        // RFC 8446 §4.2.7: the server's preference, informational only.
        TLSPP_TRY(msgs::SupportedGroups::decode(e.body));
        break;
      case ExtensionType::early_data:
        TLSPP_TRY(accept_early_data(ctx, e.body));
        fields.push_back({"early_data", {"accepted"}});
        break;
      case ExtensionType::record_size_limit: {
        // RFC 8449 §4: the server's limit on the protected records we send it. tlspp offers the
        // extension only when the configured editor adds it.
        if (std::find(ctx.offered_extensions.begin(), ctx.offered_extensions.end(), e.type) ==
            ctx.offered_extensions.end()) {
          return Error(ErrorCode::unsolicited_extension,
                       "the server sent record_size_limit, but we did not offer it");
        }
        TLSPP_ASSIGN_OR_RETURN(msgs::RecordSizeLimit limit, msgs::RecordSizeLimit::decode(e.body));
        ctx.io->set_peer_record_size_limit(limit.limit);
        fields.push_back({"record_size_limit", {std::to_string(limit.limit)}});
        break;
      }
      default:
        // RFC 8446 §4.2: every other extension in EE must be one we offered and implement.
        return Error(ErrorCode::unsolicited_extension,
                     "EncryptedExtensions carries extension " +
                         std::to_string(static_cast<int>(e.type)) +
                         ", which we did not offer or do not implement");
    }
  }
  ctx.transcript.add(message.encoded);
  ctx.transcript.forget_messages();  // kept for TLS 1.2 client authentication only
  report_received(*ctx.io, message, true, std::move(fields));
  if (state.psk) return ClientState(WaitFinishedPsk{std::move(state.secrets), *state.psk});
  return ClientState(WaitCertificate{std::move(state.secrets), std::nullopt});
}

namespace {

Result<ClientState> on_certificate_request(ClientContext& ctx, WaitCertificate&& state,
                                           const msgs::HandshakeMessageView& message) {
  if (state.request) {
    return Error(ErrorCode::unexpected_message, "a second CertificateRequest");
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateRequestTls13 cr,
                         msgs::CertificateRequestTls13::decode(message.body));
  TLSPP_TRY(check_extension_count(cr.extensions, ctx.config->limits, "CertificateRequest"));
  // RFC 8446 §4.3.2: in the handshake the context is empty; signature_algorithms is required.
  if (!cr.certificate_request_context.empty()) {
    return Error(ErrorCode::illegal_parameter,
                 "CertificateRequest in the handshake with a non-empty context");
  }
  TLSPP_ASSIGN_OR_RETURN(auto schemes, find_extension<msgs::SignatureSchemeList>(
                                           cr.extensions, ExtensionType::signature_algorithms));
  if (!schemes) {
    return Error(ErrorCode::missing_extension, "CertificateRequest without signature_algorithms");
  }
  // RFC 8446 §4.2.4: the CAs the server accepts, a hint for choosing our certificate.
  TLSPP_ASSIGN_OR_RETURN(auto authorities,
                         find_extension<msgs::CertificateAuthorities>(
                             cr.extensions, ExtensionType::certificate_authorities));
  std::vector<msgs::ByteVector> ca_names;
  if (authorities.has_value()) ca_names.swap(authorities->authorities);
  ctx.transcript.add(message.encoded);
  report_received(*ctx.io, message, true,
                  {{"signature_algorithms", display_names<SignatureScheme>(schemes->schemes)},
                   {"certificate_authorities", {std::to_string(ca_names.size())}}});
  state.request = CertificateRequested{
      cr.certificate_request_context, schemes->schemes, std::move(ca_names), {}};
  return ClientState(std::move(state));
}

}  // namespace

Result<ClientState> on_certificate(ClientContext& ctx, WaitCertificate&& state,
                                   const msgs::HandshakeMessageView& message) {
  if (message.type == HandshakeType::certificate_request) {
    return on_certificate_request(ctx, std::move(state), message);
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateTls13 cert, msgs::CertificateTls13::decode(message.body));
  // RFC 8446 §4.4.2: the server's certificate_request_context is empty.
  if (!cert.certificate_request_context.empty()) {
    return Error(ErrorCode::illegal_parameter, "server Certificate with a non-empty context");
  }
  // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message, the client MUST abort
  // the handshake with a "decode_error" alert."
  if (cert.certificate_list.empty()) {
    return Error(ErrorCode::empty_list, "the server sent an empty Certificate");
  }
  const Limits& limits = ctx.config->limits;
  if (cert.certificate_list.size() > limits.max_chain_length) {
    return Error(ErrorCode::cert_chain_too_large,
                 "the server sent " + std::to_string(cert.certificate_list.size()) +
                     " certificates; the limit is " + std::to_string(limits.max_chain_length));
  }
  for (const auto& entry : cert.certificate_list) {
    TLSPP_TRY(check_extension_count(entry.extensions, limits, "the server's CertificateEntry"));
  }
  std::vector<Bytes> chain;
  ctx.info.peer_chain.clear();
  for (const auto& entry : cert.certificate_list) {
    chain.push_back(entry.cert_data);
    ctx.info.peer_chain.emplace_back(entry.cert_data.begin(), entry.cert_data.end());
  }
  report_received(*ctx.io, message, true, {{"certificates", {std::to_string(chain.size())}}});
  auto checked =
      ctx.config->dangerous_disable_certificate_verification
          ? PeerChainChecker::accept_unverified(*ctx.provider, chain, *ctx.io)
          : PeerChainChecker::verify(*ctx.provider, ctx.config->trust_store.get(), chain,
                                     ChainPurpose::server_auth, ctx.server_name, limits, *ctx.io);
  if (!checked.ok()) return std::move(checked).error();
  ctx.transcript.add(message.encoded);
  return ClientState(WaitCertificateVerify{std::move(state.secrets), std::move(state.request),
                                           std::move(checked).value()});
}

Result<ClientState> on_certificate_verify(ClientContext& ctx, WaitCertificateVerify&& state,
                                          const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateVerify cv, msgs::CertificateVerify::decode(message.body));
  // RFC 8446 §4.4.3: the signature covers the transcript up to and including Certificate.
  TLSPP_ASSIGN_OR_RETURN(Digest hash, ctx.transcript.current());
  const auto content = certificate_verify_content(true, hash);
  // Observers see the message, then the check on it (wire order).
  report_received(*ctx.io, message, true, {{"algorithm", {display_name(cv.algorithm)}}});
  auto verified = verify_handshake_signature(state.chain, cv.algorithm, ProtocolVersion::tls1_3,
                                             content, cv.signature, ctx.schemes);
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"CertificateVerify signature", verified.ok(),
                            verified.ok() ? display_name(cv.algorithm) + " signature by the "
                                                                         "certificate's key"
                                          : verified.error().reason});
  }
  if (!verified.ok()) return std::move(verified).error();
  ctx.transcript.add(message.encoded);
  ctx.info.signature_scheme = cv.algorithm;
  return ClientState(WaitFinished{std::move(state.secrets), std::move(state.request),
                                  std::move(state.chain), std::move(verified).value()});
}

Result<ClientState> on_server_finished(ClientContext& ctx, WaitFinished&& state,
                                       const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(FinishedVerified finished,
                         check_server_finished(ctx, state.secrets, message));
  return send_client_flight13(
      ctx, std::move(state.secrets), state.request,
      ServerAuthenticated{std::move(state.chain), std::move(state.signature), std::move(finished)});
}

Result<FinishedVerified> check_server_finished(ClientContext& ctx,
                                               const HandshakeSecrets13& secrets,
                                               const msgs::HandshakeMessageView& message) {
  const SuiteInfo& suite = *secrets.suite;
  crypto::Provider& p = *ctx.provider;
  TLSPP_ASSIGN_OR_RETURN(msgs::Finished fin,
                         msgs::Finished::decode(message.body, crypto::digest_size(suite.hash)));
  // RFC 8446 §4.4.4: verify_data over the transcript up to CertificateVerify.
  TLSPP_ASSIGN_OR_RETURN(Digest before, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes expected,
                         finished_verify_data(p, suite.hash, secrets.server_traffic, before));
  report_received(*ctx.io, message, true);  // the message, then the check on it
  auto finished = verify_finished(expected, fin.verify_data);
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"server Finished", finished.ok(),
                            finished.ok() ? "matches our transcript: the handshake was not altered"
                                          : finished.error().reason});
  }
  if (!finished.ok()) return std::move(finished).error();
  ctx.transcript.add(message.encoded);
  return std::move(finished).value();
}

Result<ClientState> send_client_flight13(ClientContext& ctx, HandshakeSecrets13&& secrets,
                                         const std::optional<CertificateRequested>& request,
                                         ServerProof13 proof) {
  const SuiteInfo& suite = *secrets.suite;
  crypto::Provider& p = *ctx.provider;
  // RFC 8446 §7.1: master secret; application traffic secrets over ClientHello..server Finished.
  TLSPP_ASSIGN_OR_RETURN(Digest server_finished_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(MasterSecret master,
                         std::move(secrets.handshake_secret).into_master_secret());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes client_app,
                         master.client_application_traffic_secret(server_finished_hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes server_app,
                         master.server_application_traffic_secret(server_finished_hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes exporter, master.exporter_master_secret(server_finished_hash));
  log_secret(*ctx.io, "CLIENT_TRAFFIC_SECRET_0", ctx.client_random, client_app);
  log_secret(*ctx.io, "SERVER_TRAFFIC_SECRET_0", ctx.client_random, server_app);
  log_secret(*ctx.io, "EXPORTER_SECRET", ctx.client_random, exporter);
  if (ctx.io->observed()) {
    ctx.io->emit(SecretEvent{"master_secret"});
    ctx.io->emit(SecretEvent{"client_application_traffic_secret_0"});
    ctx.io->emit(SecretEvent{"server_application_traffic_secret_0"});
  }
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, server_app, false, "application"));
  TLSPP_TRY(end_early_data(ctx, secrets));

  // RFC 8446 §D.4: the compatibility-mode ChangeCipherSpec precedes our second flight.
  if (ctx.config->middlebox_compatibility && !ctx.sent_change_cipher_spec) {
    TLSPP_TRY(ctx.io->send_change_cipher_spec());
    ctx.sent_change_cipher_spec = true;
  }
  // RFC 8446 §4.4.2: a requested Certificate (and CertificateVerify) precede our Finished.
  if (request) TLSPP_TRY(send_client_certificate13(ctx, *request));
  TLSPP_ASSIGN_OR_RETURN(Digest client_before, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(
      SecretBytes verify_data,
      finished_verify_data(p, suite.hash, secrets.client_traffic, client_before));
  msgs::Finished ours;
  ours.verify_data.assign(verify_data.span().begin(), verify_data.span().end());
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, ours, true));
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, client_app, true, "application"));
  TLSPP_ASSIGN_OR_RETURN(Digest client_finished_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes resumption,
                         master.resumption_master_secret(client_finished_hash));
  secrets.client_traffic.wipe();
  secrets.server_traffic.wipe();
  if (ctx.io->observed()) {
    ctx.io->emit(HandshakeDoneEvent{ProtocolVersion::tls1_3, suite.suite, ctx.info.resumed,
                                    ctx.info.early_data_accepted});
  }
  // Every signature under the server's leaf key is checked: the connection keeps the proof, not
  // the imported key.
  if (auto* authenticated = std::get_if<ServerAuthenticated>(&proof)) {
    authenticated->chain.drop_leaf_key();
  }
  return ClientState(Connected13{&suite, std::move(proof), std::move(client_app),
                                 std::move(server_app), std::move(resumption)});
}

Status send_key_update(const ClientEndpoint& ep, Connected13& state, bool request_peer_update) {
  return send_key_update13(*ep.io, *ep.provider, *state.suite, state.client_traffic,
                           request_peer_update);
}

Status on_post_handshake(const ClientEndpoint& ep, const SessionInfo& info, Connected13& state,
                         const msgs::HandshakeMessageView& message) {
  switch (message.type) {
    case HandshakeType::new_session_ticket: return store_ticket(ep, info, state, message);
    case HandshakeType::key_update:
      return receive_key_update13(*ep.io, *ep.provider, *state.suite, message, state.server_traffic,
                                  state.client_traffic);
    default:
      // We never send post_handshake_auth, so a CertificateRequest is unexpected too.
      return unexpected("connected", {HandshakeType::new_session_ticket, HandshakeType::key_update},
                        message.type);
  }
}

}  // namespace tlspp::handshake::client
