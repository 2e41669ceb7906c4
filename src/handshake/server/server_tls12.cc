// The TLS 1.2 server (RFC 5246 §7.3): negotiation from a ClientHello for which TLS 1.2 was chosen,
// the first flight (ServerHello, Certificate, ServerKeyExchange for ECDHE, ServerHelloDone), then
// the client's ClientKeyExchange, ChangeCipherSpec and Finished, and our ChangeCipherSpec and
// Finished. Extended master secret (RFC 7627) is required unless configured otherwise;
// renegotiation_info (RFC 5746) is checked and echoed; renegotiation is refused.
#include <algorithm>

#include "codec/hex.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/server/server_states.h"
#include "msgs/certificate.h"
#include "msgs/client_key_exchange.h"
#include "msgs/ext_names.h"
#include "msgs/finished.h"
#include "msgs/server_hello.h"
#include "msgs/server_hello_done.h"
#include "msgs/server_key_exchange.h"

namespace tlspp::handshake::server {
namespace {

using msgs::ByteVector;

// RFC 5746 §3.3: the signalling cipher suite value.
constexpr CipherSuite kRenegotiationScsv = static_cast<CipherSuite>(0x00FF);

template <class T>
bool contains(const std::vector<T>& list, T v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// What the suite filter needs to know about this handshake.
struct SuiteConstraints {
  crypto::KeyType key_type;
  bool have_group;   // a curve both support (ECDHE)
  bool have_scheme;  // a signature scheme both support that our key can make (ECDHE)
};

// RFC 8422 §2 / RFC 5246 §7.4.2: the suite's authentication must match our certificate's key;
// ECDHE also needs a common curve and signature scheme.
bool suite_usable(CipherSuite cs, const void* arg) {
  const auto& c = *static_cast<const SuiteConstraints*>(arg);
  const SuiteInfo* info = suite_info(cs);
  using K = crypto::KeyType;
  // RFC 8422 §2: ECDHE_ECDSA needs an ECDSA- or EdDSA-capable key.
  const bool ec = c.key_type == K::ec_p256 || c.key_type == K::ec_p384 ||
                  c.key_type == K::ec_p521 || c.key_type == K::ed25519;
  switch (info->kex) {
    case KeyExchange::ecdhe_ecdsa: return ec && c.have_group && c.have_scheme;
    case KeyExchange::ecdhe_rsa:
      return (c.key_type == K::rsa || c.key_type == K::rsa_pss) && c.have_group && c.have_scheme;
    case KeyExchange::rsa: return c.key_type == K::rsa;
    default: return false;
  }
}

// RFC 5746 §3.6 on an initial handshake: the client signals support by the SCSV or an empty
// renegotiation_info. Returns whether it did.
Result<bool> check_renegotiation_info(const msgs::ClientHello& ch, const Offer& offer) {
  if (offer.renegotiation_info) {
    // RFC 5746 §3.6: "The server MUST then verify that the length of the "renegotiated_connection"
    // field is zero, and if it is not, MUST abort the handshake" (handshake_failure).
    if (!offer.renegotiation_info->renegotiated_connection.empty()) {
      return Error(ErrorCode::bad_renegotiation_info,
                   "the initial ClientHello's renegotiation_info is not empty");
    }
    return true;
  }
  // RFC 5746 §3.6: "When a ClientHello is received, the server MUST check if it includes the
  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV ... If it does, set the secure_renegotiation flag to TRUE."
  return contains(ch.cipher_suites, kRenegotiationScsv);
}

}  // namespace

Result<msgs::ServerHello> build_server_hello12(ServerContext& ctx, const msgs::ClientHello& ch,
                                               const Offer& offer, const SuiteInfo& suite, bool ems,
                                               bool secure_renegotiation,
                                               const std::optional<std::string>& alpn) {
  msgs::ServerHello sh;
  sh.legacy_version = ProtocolVersion::tls1_2;
  TLSPP_TRY(ctx.provider->random(ctx.server_random));
  // RFC 8446 §4.1.3: "TLS 1.3 servers which negotiate TLS 1.2 or below in response to a
  // ClientHello MUST set the last 8 bytes of their Random value specially": DOWNGRD\x01. tlspp is
  // TLS 1.3-capable even when configured for TLS 1.2 only, so it always does (a client that offered
  // TLS 1.3 then knows the downgrade was not its peer's choice).
  std::copy(msgs::kDowngradeSentinelTls12.begin(), msgs::kDowngradeSentinelTls12.end(),
            ctx.server_random.end() - msgs::kDowngradeSentinelTls12.size());
  sh.random = ctx.server_random;
  // The session ID stays empty here (RFC 5246 §7.4.1.3: this session will not be resumed) unless
  // offer_new_session12 / resume_session12 set it.
  sh.cipher_suite = suite.suite;
  (void)ch;
  msgs::Extensions& ext = sh.extensions.emplace();
  auto add = [&](ExtensionType type, const auto& body) -> Status {
    TLSPP_ASSIGN_OR_RETURN(msgs::Extension e, msgs::make_extension(type, body));
    ext.entries.push_back(std::move(e));
    return {};
  };
  // RFC 5746 §3.6: an empty renegotiation_info in the ServerHello of an initial handshake.
  if (secure_renegotiation)
    TLSPP_TRY(add(ExtensionType::renegotiation_info, msgs::RenegotiationInfo{}));
  // RFC 7627 §5.2: echo extended_master_secret when we use it.
  if (ems) TLSPP_TRY(add(ExtensionType::extended_master_secret, msgs::EmptyExtension{}));
  // RFC 8422 §5.2: with an ECC suite, our point formats (uncompressed only).
  if (offer.point_formats && suite.kex != KeyExchange::rsa) {
    TLSPP_TRY(add(ExtensionType::ec_point_formats,
                  msgs::EcPointFormats{{msgs::EcPointFormat::uncompressed}}));
  }
  if (alpn) {
    // RFC 7301 §3.1: in TLS 1.2 the selection travels in the ServerHello.
    TLSPP_TRY(
        add(ExtensionType::application_layer_protocol_negotiation, msgs::AlpnProtocols{{*alpn}}));
  }
  // RFC 6066 §3: an empty server_name acknowledges the name was used.
  if (offer.server_name) TLSPP_TRY(add(ExtensionType::server_name, msgs::EmptyExtension{}));
  edit_extensions(*ctx.config, HandshakeType::server_hello, ext);
  if (ext.entries.empty()) sh.extensions.reset();
  return sh;
}

Result<ServerState> answer_client_hello12(ServerContext& ctx, msgs::ClientHello&& ch,
                                          const Offer& offer, const std::string& why) {
  const ServerConfig& cfg = *ctx.config;
  crypto::Provider& p = *ctx.provider;
  // RFC 5246 §7.4.1.2: the compression methods "MUST contain, and all implementations MUST
  // support, CompressionMethod.null"; tlspp never compresses.
  if (!contains(ch.legacy_compression_methods, std::uint8_t{0})) {
    return Error(ErrorCode::illegal_parameter,
                 "the ClientHello does not offer the null compression method");
  }
  TLSPP_ASSIGN_OR_RETURN(bool secure_renegotiation, check_renegotiation_info(ch, offer));
  // RFC 7627 §5.3: a server that requires the extended master secret aborts a full handshake with
  // a client that does not offer it (handshake_failure).
  if (!offer.extended_master_secret && cfg.require_extended_master_secret) {
    return Error(ErrorCode::missing_extended_master_secret,
                 "the client does not offer the extended master secret (RFC 7627), which this "
                 "server requires");
  }
  // RFC 5246 §7.4.1.2 / RFC 5077 §3.4: a session the client asks to resume.
  TLSPP_ASSIGN_OR_RETURN(std::optional<Resumable12> resumable, find_session12(ctx, ch, offer));
  if (resumable) {
    return resume_session12(ctx, ch, offer, std::move(*resumable), secure_renegotiation);
  }
  const bool ems = offer.extended_master_secret;

  TLSPP_ASSIGN_OR_RETURN(auto certificate, choose_certificate(cfg, offer));
  const crypto::KeyType key_type = certificate->key->type();
  // RFC 8422 §4: a client without supported_groups supports the curves of the RFC; we take ours.
  const std::vector<NamedGroup>& client_groups = offer.groups.empty() ? cfg.groups : offer.groups;
  auto group = choose_group(cfg.groups, client_groups, client_groups);
  auto scheme =
      choose_signature_scheme(ctx.schemes, offer.schemes, key_type, ProtocolVersion::tls1_2);
  SuiteConstraints constraints{key_type, group.ok(), scheme.ok()};
  TLSPP_ASSIGN_OR_RETURN(
      auto chosen,
      choose_cipher_suite(ctx.suites, ch.cipher_suites, ProtocolVersion::tls1_2,
                          cfg.prefer_server_cipher_order, &suite_usable, &constraints));
  const SuiteInfo& suite = *suite_info(chosen.value);
  TLSPP_ASSIGN_OR_RETURN(std::optional<std::string> alpn, negotiate_alpn(cfg, offer));

  ctx.info.version = ProtocolVersion::tls1_2;
  ctx.info.cipher_suite = suite.suite;
  ctx.info.alpn = alpn.value_or("");
  ctx.info.server_name = offer.server_name.value_or("");
  const bool ecdhe = suite.kex != KeyExchange::rsa;
  if (ecdhe) {
    ctx.info.group = group->value.group;
    ctx.info.signature_scheme = scheme->value;
  }
  if (ctx.io->observed()) {
    ctx.io->emit(
        ChoiceEvent{"version", "TLS 1.2", why, display_names<ProtocolVersion>(offer.versions)});
    ctx.io->emit(ChoiceEvent{"cipher suite", display_name(suite.suite), chosen.why,
                             display_names<CipherSuite>(ch.cipher_suites)});
    if (ecdhe) {
      ctx.io->emit(ChoiceEvent{"key exchange group", display_name(group->value.group), group->why,
                               display_names<NamedGroup>(offer.groups)});
      ctx.io->emit(ChoiceEvent{"signature scheme", display_name(scheme->value), scheme->why,
                               display_names<SignatureScheme>(offer.schemes)});
    }
    if (!secure_renegotiation) {
      ctx.io->emit(
          NoteEvent{"the client does not signal secure renegotiation (RFC 5746); tlspp "
                    "never renegotiates, so this is harmless"});
    }
  }

  TLSPP_ASSIGN_OR_RETURN(msgs::ServerHello sh, build_server_hello12(ctx, ch, offer, suite, ems,
                                                                    secure_renegotiation, alpn));
  TLSPP_ASSIGN_OR_RETURN(Handshake12 hs,
                         offer_new_session12(ctx, offer, sh, {&suite, ems, ch.legacy_version}));
  TLSPP_TRY(ctx.transcript.choose_hash(suite.hash));
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, sh, false,
                         {{"version", {"TLS 1.2"}},
                          {"cipher_suite", {display_name(suite.suite)}},
                          {"extended_master_secret", {ems ? "yes" : "no"}},
                          {"random", {codec::to_hex(sh.random)}}}));

  // RFC 5246 §7.4.2: our chain, leaf first.
  msgs::CertificateTls12 cert;
  for (const auto& der : certificate->chain) cert.certificate_list.push_back(der);
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cert, false,
                         {{"certificates", {std::to_string(cert.certificate_list.size())}}}));

  KeyExchange12 kex;
  if (ecdhe) {
    // RFC 8422 §5.4: ServerKeyExchange with our ephemeral public value, signed over
    // ClientHello.random + ServerHello.random + ServerECDHParams.
    TLSPP_ASSIGN_OR_RETURN(auto share, p.generate_key_share(group->value.group));
    msgs::ServerKeyExchangeEcdhe ske;
    ske.named_group = group->value.group;
    auto pub = share->public_key();
    ske.public_point.assign(pub.begin(), pub.end());
    ske.signature_scheme = scheme->value;
    TLSPP_ASSIGN_OR_RETURN(ByteVector content,
                           ske.signed_data(ctx.client_random, ctx.server_random));
    auto alg = crypto::signature_algorithm_for(scheme->value);
    if (!alg) return Error(ErrorCode::internal, "no algorithm for the chosen scheme");
    TLSPP_ASSIGN_OR_RETURN(ske.signature, certificate->key->sign(*alg, content));
    TLSPP_TRY(send_message(*ctx.io, ctx.transcript, ske, false,
                           {{"group", {display_name(ske.named_group)}},
                            {"signature_scheme", {display_name(ske.signature_scheme)}}}));
    kex = EcdheKeyExchange12{std::move(share)};
  } else {
    kex = RsaKeyExchange12{std::move(certificate)};
  }
  // RFC 5246 §7.4.4: CertificateRequest when the config asks for client certificates.
  TLSPP_ASSIGN_OR_RETURN(bool certificate_requested, send_certificate_request12(ctx));
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, msgs::ServerHelloDone{}, false));
  if (certificate_requested) return ServerState(WaitClientCertificate12{hs, std::move(kex)});
  return ServerState(WaitClientKeyExchange12{hs, std::move(kex), std::nullopt});
}

namespace {

Result<SecretBytes> pre_master_secret(const Handshake12&, const EcdheKeyExchange12& kex, Bytes body,
                                      std::vector<Field>& fields) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ClientKeyExchangeEcdhe cke,
                         msgs::ClientKeyExchangeEcdhe::decode(body));
  fields.push_back({"key_exchange", {"ECDHE " + display_name(kex.share->group())}});
  // RFC 8422 §5.10 (with RFC 7748 §6 / §5.11 public value checks in agree()).
  return kex.share->agree(cke.public_point);
}

Result<SecretBytes> pre_master_secret(const Handshake12& hs, const RsaKeyExchange12& kex,
                                      Bytes body, std::vector<Field>& fields) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ClientKeyExchangeRsa cke, msgs::ClientKeyExchangeRsa::decode(body));
  fields.push_back({"key_exchange", {"RSA key transport (legacy)"}});
  // RFC 5246 §7.4.7.1: a malformed, wrongly sized or wrong-version pre-master secret must be
  // indistinguishable from a good one: decrypt_tls_premaster returns a random 48-byte secret then,
  // through one code path, and the handshake continues until the client's Finished fails to
  // verify: its record already fails to open under keys from the other secret (bad_record_mac).
  // Nothing here branches on the decryption.
  return kex.certificate->key->decrypt_tls_premaster(cke.encrypted_pre_master_secret,
                                                     hs.client_version);
}

}  // namespace

Result<ServerState> on_client_key_exchange12(ServerContext& ctx, WaitClientKeyExchange12&& state,
                                             const msgs::HandshakeMessageView& message) {
  crypto::Provider& p = *ctx.provider;
  const SuiteInfo& suite = *state.hs.suite;
  std::vector<Field> fields;
  TLSPP_ASSIGN_OR_RETURN(
      SecretBytes pms,
      std::visit(
          [&](const auto& kex) { return pre_master_secret(state.hs, kex, message.body, fields); },
          state.kex));
  state.kex = RsaKeyExchange12{};  // drop the ephemeral private key
  ctx.transcript.add(message.encoded);
  report_received(*ctx.io, message, false, std::move(fields));
  TLSPP_ASSIGN_OR_RETURN(
      SecretBytes master,
      derive_master_secret12(p, *ctx.io, suite, std::move(pms), state.hs.extended_master_secret,
                             ctx.transcript, ctx.client_random, ctx.server_random));
  TLSPP_ASSIGN_OR_RETURN(SessionKeys12 keys, session_keys12(p, suite, master.span(),
                                                            ctx.client_random, ctx.server_random));
  // RFC 5246 §7.4.8: a client that sent a certificate proves its key next.
  if (state.client_chain) {
    return ServerState(WaitClientCertificateVerify12{state.hs, std::move(master), std::move(keys),
                                                     std::move(*state.client_chain)});
  }
  return ServerState(WaitClientCcs12{state.hs, std::move(master), std::move(keys), std::nullopt});
}

Result<ServerState> on_client_ccs12(ServerContext& ctx, WaitClientCcs12&& state) {
  TLSPP_TRY(install_keys12(*ctx.io, *state.hs.suite, std::move(state.keys.client_write), false));
  return ServerState(WaitClientFinished12{state.hs, std::move(state.master_secret),
                                          std::move(state.keys.server_write),
                                          std::move(state.client_certificate)});
}

Result<ServerState> on_client_finished12(ServerContext& ctx, WaitClientFinished12&& state,
                                         const msgs::HandshakeMessageView& message) {
  crypto::Provider& p = *ctx.provider;
  const SuiteInfo& suite = *state.hs.suite;
  // A bad Finished is the only sign of a bad RSA pre-master secret.
  TLSPP_ASSIGN_OR_RETURN(
      FinishedVerified finished,
      receive_finished12(p, *ctx.io, ctx.transcript, suite, state.master_secret.span(), true,
                         message, "client Finished",
                         "matches our transcript: the handshake was not altered"));
  // RFC 5077 §3.3: NewSessionTicket (if promised) before our ChangeCipherSpec.
  TLSPP_TRY(issue_session12(ctx, state.hs, state.master_secret));

  // RFC 5246 §7.3: our ChangeCipherSpec and Finished.
  TLSPP_TRY(ctx.io->send_change_cipher_spec());
  TLSPP_TRY(install_keys12(*ctx.io, suite, std::move(state.server_write), true));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes verify_data,
                         finished12(p, suite, state.master_secret.span(), false, ctx.transcript));
  msgs::Finished ours;
  ours.verify_data.assign(verify_data.span().begin(), verify_data.span().end());
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, ours, true));
  if (ctx.io->observed()) {
    ctx.io->emit(HandshakeDoneEvent{ProtocolVersion::tls1_2, suite.suite, false, false});
  }
  ctx.transcript.forget_messages();
  // The client's CertificateVerify is checked: keep the proof, not the imported key.
  if (state.client_certificate) state.client_certificate->chain.drop_leaf_key();
  return ServerState(Connected12{&suite, ClientFinished{std::move(finished)},
                                 std::move(state.client_certificate)});
}

Status on_post_handshake12(const ServerEndpoint& ep, const msgs::HandshakeMessageView& message) {
  if (message.type != HandshakeType::client_hello) {
    return unexpected("TLS 1.2 connected", {HandshakeType::client_hello}, message.type);
  }
  // RFC 5746 §4.4 / RFC 5246 §7.4.1.2: a server that does not renegotiate answers a ClientHello
  // on an established connection with a no_renegotiation warning; the connection continues.
  report_received(*ep.io, message, true);
  if (ep.io->observed()) {
    ep.io->emit(NoteEvent{"the client asks to renegotiate; tlspp refuses (no_renegotiation)"});
  }
  return ep.io->send_warning_alert(AlertDescription::no_renegotiation);
}

}  // namespace tlspp::handshake::server
