// The TLS 1.2 client (RFC 5246 §7.3): after a ServerHello that chose TLS 1.2, the server's
// Certificate, ServerKeyExchange (ECDHE, RFC 8422 §5.4), optional CertificateRequest and
// ServerHelloDone; our ClientKeyExchange, ChangeCipherSpec and Finished; the server's
// ChangeCipherSpec and Finished. Extended master secret (RFC 7627) and renegotiation_info (RFC
// 5746) are checked here; renegotiation is refused.
#include <algorithm>

#include "codec/hex.h"
#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/peer_chain.h"
#include "msgs/certificate.h"
#include "msgs/certificate_request.h"
#include "msgs/client_key_exchange.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/finished.h"
#include "msgs/hello_request.h"
#include "msgs/server_hello_done.h"
#include "msgs/server_key_exchange.h"

namespace tlspp::handshake::client {
namespace {

template <class T>
bool contains(const std::vector<T>& list, T v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// RFC 5246 §7.4.1.4 / RFC 8446 §4.2: the ServerHello's extensions. Only extensions we offered may
// come back (unsupported_extension otherwise). Fills ALPN into ctx.info and ticket_expected (an
// echoed SessionTicket); returns whether the server echoed extended_master_secret.
Result<bool> read_server_extensions12(ClientContext& ctx, const msgs::ServerHello& sh,
                                      std::vector<Field>& fields, bool& ticket_expected) {
  bool ems = false;
  bool renegotiation_info = false;
  if (!sh.extensions) return ems;
  for (const auto& e : sh.extensions->entries) {
    switch (e.type) {
      case ExtensionType::extended_master_secret:
        TLSPP_TRY(msgs::EmptyExtension::decode(e.body));
        ems = true;
        fields.push_back({"extended_master_secret", {"yes"}});
        break;
      case ExtensionType::renegotiation_info: {
        TLSPP_ASSIGN_OR_RETURN(msgs::RenegotiationInfo ri, msgs::RenegotiationInfo::decode(e.body));
        // RFC 5746 §3.4: "The client MUST then verify that the length of the
        // "renegotiated_connection" field is zero, and if it is not, MUST abort the handshake (by
        // sending a fatal handshake_failure alert)."
        if (!ri.renegotiated_connection.empty()) {
          return Error(ErrorCode::bad_renegotiation_info,
                       "the initial ServerHello's renegotiation_info is not empty");
        }
        renegotiation_info = true;
        fields.push_back({"renegotiation_info", {"secure renegotiation supported"}});
        break;
      }
      case ExtensionType::ec_point_formats: {
        // RFC 8422 §5.2: if present, the list must contain uncompressed.
        TLSPP_ASSIGN_OR_RETURN(msgs::EcPointFormats formats, msgs::EcPointFormats::decode(e.body));
        (void)formats;
        break;
      }
      case ExtensionType::application_layer_protocol_negotiation: {
        TLSPP_ASSIGN_OR_RETURN(ctx.info.alpn, accept_server_alpn(ctx, e.body));
        fields.push_back({"alpn", {ctx.info.alpn}});
        break;
      }
      case ExtensionType::session_ticket: {
        // RFC 5077 §3.2: the server's SessionTicket extension is empty and answers ours.
        const auto& sent = ctx.offered_extensions;
        if (std::find(sent.begin(), sent.end(), ExtensionType::session_ticket) == sent.end()) {
          return Error(ErrorCode::unsolicited_extension, "SessionTicket echoed but not sent");
        }
        TLSPP_TRY(msgs::EmptyExtension::decode(e.body));
        ticket_expected = true;
        fields.push_back({"session_ticket", {"a NewSessionTicket will follow"}});
        break;
      }
      case ExtensionType::server_name:
        // RFC 6066 §3: the server's acknowledgement is empty.
        if (!ctx.send_sni) {
          return Error(ErrorCode::unsolicited_extension, "server_name acknowledged but not sent");
        }
        TLSPP_TRY(msgs::EmptyExtension::decode(e.body));
        break;
      default:
        // RFC 5246 §7.4.1.4: "If a client receives an extension type in ServerHello that it did
        // not request in the associated ClientHello, it MUST abort the handshake with an
        // unsupported_extension fatal alert."
        return Error(ErrorCode::unsolicited_extension, "the TLS 1.2 ServerHello carries " +
                                                           std::string(name_of(e.type)) +
                                                           ", which we did not offer");
    }
  }
  if (!renegotiation_info && ctx.io->observed()) {
    ctx.io->emit(
        NoteEvent{"the server does not support secure renegotiation (RFC 5746); tlspp never "
                  "renegotiates, so this is harmless"});
  }
  return ems;
}

// The key type the suite's authentication needs (RFC 8422 §2, RFC 5246 §7.4.2).
bool key_fits_suite(KeyExchange kex, crypto::KeyType type) {
  using K = crypto::KeyType;
  switch (kex) {
    case KeyExchange::ecdhe_ecdsa:  // RFC 8422 §2: ECDSA- or EdDSA-capable
      return type == K::ec_p256 || type == K::ec_p384 || type == K::ec_p521 || type == K::ed25519;
    case KeyExchange::ecdhe_rsa: return type == K::rsa || type == K::rsa_pss;
    case KeyExchange::rsa: return type == K::rsa;
    default: return false;
  }
}

}  // namespace

Result<ClientState> on_server_hello12(ClientContext& ctx, WaitServerHello&& state,
                                      const msgs::ServerHello& sh,
                                      const msgs::HandshakeMessageView& message) {
  state.shares.clear();  // TLS 1.3 key shares are not used
  // RFC 5246 §7.4.1.3: the suite must be one we offered (for TLS 1.2).
  const SuiteInfo* suite = suite_info(sh.cipher_suite);
  if (!contains(ctx.suites, sh.cipher_suite) || suite == nullptr ||
      suite->version != ProtocolVersion::tls1_2) {
    return Error(ErrorCode::illegal_parameter, "the server selected cipher suite " +
                                                   display_name(sh.cipher_suite) +
                                                   ", which we did not offer for TLS 1.2");
  }
  // RFC 5246 §7.3: a ServerHello echoing our non-empty session ID resumes the session we offered.
  // Without a TLS 1.2 session offered, our legacy_session_id (if any) is a random compatibility
  // value, so a server that echoes it claims a session that never existed.
  const bool resuming = !ctx.session_id.empty() && sh.legacy_session_id_echo == ctx.session_id;
  if (resuming && !offered_session12(ctx)) {
    return Error(ErrorCode::unknown_session,
                 "the server resumes a session we did not offer (it echoed our random session id)");
  }
  std::vector<Field> fields = {{"version", {"TLS 1.2"}},
                               {"cipher_suite", {display_name(sh.cipher_suite)}},
                               {"random", {codec::to_hex(sh.random)}},
                               {"session_id", {codec::to_hex(sh.legacy_session_id_echo)}}};
  bool ticket_expected = false;
  TLSPP_ASSIGN_OR_RETURN(bool ems, read_server_extensions12(ctx, sh, fields, ticket_expected));
  Handshake12 hs{suite, ems, sh.legacy_session_id_echo, ticket_expected};
  if (resuming)
    return on_resumed_server_hello12(ctx, sh, message, std::move(hs), std::move(fields));
  // RFC 7627 §5.3: a client that requires the extended master secret aborts a full handshake
  // with a server that does not echo it.
  if (!ems && ctx.config->require_extended_master_secret) {
    return Error(ErrorCode::missing_extended_master_secret,
                 "the server does not support the extended master secret (RFC 7627)");
  }
  ctx.server_random = sh.random;
  TLSPP_TRY(ctx.transcript.choose_hash(suite->hash));
  ctx.transcript.add(message.encoded);
  ctx.io->set_version(ProtocolVersion::tls1_2);
  ctx.info.version = ProtocolVersion::tls1_2;
  ctx.info.cipher_suite = sh.cipher_suite;
  ctx.info.server_name = ctx.server_name;
  report_received(*ctx.io, message, false, std::move(fields));
  if (ctx.io->observed()) {
    ctx.io->emit(ChoiceEvent{"version", "TLS 1.2", "the server's ServerHello.version", {}});
    ctx.io->emit(ChoiceEvent{"cipher suite", display_name(sh.cipher_suite), "chosen by the server",
                             display_names<CipherSuite>(ctx.suites)});
  }
  if (offered_session12(ctx) && ctx.io->observed()) {
    ctx.io->emit(CheckEvent{"session resumption", false,
                            "the server did not resume the offered session: full handshake"});
  }
  return ClientState(WaitCertificate12{std::move(hs)});
}

Result<ClientState> on_certificate12(ClientContext& ctx, WaitCertificate12&& state,
                                     const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateTls12 cert, msgs::CertificateTls12::decode(message.body));
  // RFC 5246 §7.4.2: the server's list must hold its certificate; an empty one is decode_error
  // here as in TLS 1.3 (RFC 8446 §4.4.2.4).
  if (cert.certificate_list.empty()) {
    return Error(ErrorCode::empty_list, "the server sent an empty Certificate");
  }
  const Limits& limits = ctx.config->limits;
  if (cert.certificate_list.size() > limits.max_chain_length) {
    return Error(ErrorCode::cert_chain_too_large,
                 "the server sent " + std::to_string(cert.certificate_list.size()) +
                     " certificates; the limit is " + std::to_string(limits.max_chain_length));
  }
  ctx.info.peer_chain.clear();
  for (Bytes der : cert.certificate_list) ctx.info.peer_chain.emplace_back(der.begin(), der.end());
  report_received(*ctx.io, message, false,
                  {{"certificates", {std::to_string(cert.certificate_list.size())}}});
  auto checked =
      ctx.config->dangerous_disable_certificate_verification
          ? PeerChainChecker::accept_unverified(*ctx.provider, cert.certificate_list, *ctx.io)
          : PeerChainChecker::verify(*ctx.provider, ctx.config->trust_store.get(),
                                     cert.certificate_list, ChainPurpose::server_auth,
                                     ctx.server_name, limits, *ctx.io);
  if (!checked.ok()) return std::move(checked).error();
  // RFC 5246 §7.4.2 / RFC 8422 §5.3: the certificate's key must fit the suite's authentication
  // (ECDSA for ECDHE_ECDSA, RSA for ECDHE_RSA and for RSA key transport).
  if (!key_fits_suite(state.hs.suite->kex, checked->key_type())) {
    return Error(ErrorCode::wrong_certificate_type,
                 "the server's " + std::string(crypto::name_of(checked->key_type())) +
                     " certificate does not fit " + display_name(state.hs.suite->suite));
  }
  ctx.transcript.add(message.encoded);
  if (state.hs.suite->kex == KeyExchange::rsa) {
    return ClientState(
        WaitServerHelloDone12{state.hs, RsaServerAuth12{std::move(checked).value()}, std::nullopt});
  }
  return ClientState(WaitServerKeyExchange12{state.hs, std::move(checked).value()});
}

Result<ClientState> on_server_key_exchange12(ClientContext& ctx, WaitServerKeyExchange12&& state,
                                             const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ServerKeyExchangeEcdhe ske,
                         msgs::ServerKeyExchangeEcdhe::decode(message.body));
  // RFC 8422 §5.4: the curve must be one the client offered in supported_groups.
  if (!contains(ctx.groups, ske.named_group)) {
    return Error(
        ErrorCode::illegal_parameter,
        "the server's ECDHE group " + display_name(ske.named_group) + " is not one we offered");
  }
  // RFC 5246 §7.4.3 / RFC 8422 §5.4: the signature covers ClientHello.random +
  // ServerHello.random + ServerECDHParams, with a scheme from our signature_algorithms
  // (§7.4.1.4.1).
  TLSPP_ASSIGN_OR_RETURN(msgs::ByteVector content,
                         ske.signed_data(ctx.client_random, ctx.server_random));
  // Observers see the message, then the check on it (wire order).
  report_received(*ctx.io, message, false,
                  {{"group", {display_name(ske.named_group)}},
                   {"signature_scheme", {display_name(ske.signature_scheme)}}});
  auto verified =
      verify_handshake_signature(state.chain, ske.signature_scheme, ProtocolVersion::tls1_2,
                                 content, ske.signature, ctx.schemes);
  if (ctx.io->observed()) {
    ctx.io->emit(CheckEvent{
        "ServerKeyExchange signature", verified.ok(),
        verified.ok() ? display_name(ske.signature_scheme) + " signature by the certificate's key"
                      : verified.error().reason});
  }
  if (!verified.ok()) return std::move(verified).error();
  ctx.transcript.add(message.encoded);
  ctx.info.signature_scheme = ske.signature_scheme;
  ctx.info.group = ske.named_group;
  return ClientState(
      WaitServerHelloDone12{state.hs,
                            EcdheServerAuth12{std::move(state.chain), std::move(verified).value(),
                                              ske.named_group, std::move(ske.public_point)},
                            std::nullopt});
}

namespace {

// RFC 5246 §7.4.4: a CertificateRequest before ServerHelloDone; our Certificate (§7.4.6) is sent
// after the ServerHelloDone.
Result<ClientState> on_certificate_request12(ClientContext& ctx, WaitServerHelloDone12&& state,
                                             const msgs::HandshakeMessageView& message) {
  if (state.request) {
    return Error(ErrorCode::unexpected_message, "a second CertificateRequest");
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::CertificateRequestTls12 cr,
                         msgs::CertificateRequestTls12::decode(message.body));
  ctx.transcript.add(message.encoded);
  report_received(
      *ctx.io, message, false,
      {{"signature_algorithms", display_names<SignatureScheme>(cr.supported_signature_algorithms)},
       {"certificate_authorities", {std::to_string(cr.certificate_authorities.size())}}});
  state.request = CertificateRequested{{},
                                       std::move(cr.supported_signature_algorithms),
                                       std::move(cr.certificate_authorities),
                                       std::move(cr.certificate_types)};
  return ClientState(std::move(state));
}

// Sends the ClientKeyExchange for the negotiated key exchange and returns the pre-master secret.
Result<SecretBytes> send_client_key_exchange(ClientContext& ctx, const EcdheServerAuth12& auth) {
  // RFC 8422 §5.10: the pre-master secret is the ECDH shared value (X25519: RFC 7748 §6).
  TLSPP_ASSIGN_OR_RETURN(auto share, ctx.provider->generate_key_share(auth.group));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes shared, share->agree(auth.server_point));
  auto pub = share->public_key();
  msgs::ClientKeyExchangeEcdhe cke{msgs::ByteVector(pub.begin(), pub.end())};
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cke, false,
                         {{"key_exchange", {"ECDHE " + display_name(auth.group)}}}));
  return shared;
}

Result<SecretBytes> send_client_key_exchange(ClientContext& ctx, const RsaServerAuth12& auth) {
  // RFC 5246 §7.4.7.1: struct { ProtocolVersion client_version; opaque random[46]; }, where
  // client_version is the version offered in the ClientHello (its legacy_version, 0x0303).
  SecretBytes pms(48);
  TLSPP_TRY(ctx.provider->random(pms.span()));
  pms.data()[0] = 0x03;
  pms.data()[1] = 0x03;
  TLSPP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> encrypted,
                         auth.chain.leaf_key().encrypt_pkcs1(pms.span()));
  msgs::ClientKeyExchangeRsa cke{std::move(encrypted)};
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cke, false,
                         {{"key_exchange", {"RSA key transport (legacy)"}}}));
  return pms;
}

}  // namespace

Result<ClientState> on_server_hello_done12(ClientContext& ctx, WaitServerHelloDone12&& state,
                                           const msgs::HandshakeMessageView& message) {
  if (message.type == HandshakeType::certificate_request) {
    return on_certificate_request12(ctx, std::move(state), message);
  }
  TLSPP_TRY(msgs::ServerHelloDone::decode(message.body));
  ctx.transcript.add(message.encoded);
  report_received(*ctx.io, message, false);
  crypto::Provider& p = *ctx.provider;
  const SuiteInfo& suite = *state.hs.suite;

  std::optional<ClientCredential> credential;
  if (state.request) {
    TLSPP_ASSIGN_OR_RETURN(credential, send_client_certificate12(ctx, *state.request));
  }
  TLSPP_ASSIGN_OR_RETURN(
      SecretBytes pre_master_secret,
      std::visit([&](const auto& a) { return send_client_key_exchange(ctx, a); }, state.auth));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes master,
                         derive_master_secret12(p, *ctx.io, suite, std::move(pre_master_secret),
                                                state.hs.extended_master_secret, ctx.transcript,
                                                ctx.client_random, ctx.server_random));
  TLSPP_ASSIGN_OR_RETURN(SessionKeys12 keys, session_keys12(p, suite, master.span(),
                                                            ctx.client_random, ctx.server_random));
  // RFC 5246 §7.3: CertificateVerify follows the ClientKeyExchange (after the extended master
  // secret's session hash, which ends with the ClientKeyExchange: RFC 7627 §3).
  if (credential) TLSPP_TRY(send_certificate_verify12(ctx, *credential));
  ctx.transcript.forget_messages();
  // RFC 5246 §7.1: ChangeCipherSpec, then our Finished under the new keys.
  TLSPP_TRY(ctx.io->send_change_cipher_spec());
  TLSPP_TRY(install_keys12(*ctx.io, suite, std::move(keys.client_write), true));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes verify_data,
                         finished12(p, suite, master.span(), true, ctx.transcript));
  msgs::Finished fin;
  fin.verify_data.assign(verify_data.span().begin(), verify_data.span().end());
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, fin, true));
  ServerAuthPending12 auth = std::visit(
      [](auto&& a) -> ServerAuthPending12 { return std::move(a); }, std::move(state.auth));
  WaitServerCcs12 next{state.hs, std::move(master), std::move(keys.server_write), std::move(auth)};
  // RFC 5077 §3.3: a server that echoed SessionTicket sends NewSessionTicket before its CCS.
  if (next.hs.ticket_expected) return ClientState(WaitNewSessionTicket12{std::move(next)});
  return ClientState(std::move(next));
}

Result<ClientState> on_server_ccs12(ClientContext& ctx, WaitServerCcs12&& state) {
  if (ctx.io->observed()) {
    ctx.io->emit(NoteEvent{"ChangeCipherSpec received: the server switches to the new keys"});
  }
  TLSPP_TRY(install_keys12(*ctx.io, *state.hs.suite, std::move(state.server_write), false));
  return ClientState(
      WaitServerFinished12{state.hs, std::move(state.master_secret), std::move(state.auth)});
}

Result<ClientState> on_server_finished12(ClientContext& ctx, WaitServerFinished12&& state,
                                         const msgs::HandshakeMessageView& message) {
  const SuiteInfo& suite = *state.hs.suite;
  TLSPP_ASSIGN_OR_RETURN(
      FinishedVerified finished,
      receive_finished12(*ctx.provider, *ctx.io, ctx.transcript, suite, state.master_secret.span(),
                         false, message, "server Finished",
                         "matches our transcript: the handshake was not altered"));
  if (auto* resumed = std::get_if<ResumedServerAuth12>(&state.auth)) {
    // RFC 5246 §7.3: in the abbreviated handshake our ChangeCipherSpec and Finished come last.
    TLSPP_TRY(send_resumed_finished12(ctx, suite, state.master_secret.span(),
                                      std::move(resumed->client_write)));
  }
  remember_session12(ctx, state.hs, state.master_secret, state.auth);
  if (ctx.io->observed()) {
    ctx.io->emit(HandshakeDoneEvent{ProtocolVersion::tls1_2, suite.suite, ctx.info.resumed, false});
  }
  ServerProof12 proof = std::visit(
      [&](auto&& auth) -> ServerProof12 {
        using A = std::decay_t<decltype(auth)>;
        if constexpr (std::is_same_v<A, EcdheServerAuth12>) {
          return ServerAuthenticatedEcdhe12{std::move(auth.chain), std::move(auth.signature),
                                            std::move(finished)};
        } else if constexpr (std::is_same_v<A, RsaServerAuth12>) {
          return ServerAuthenticatedRsa12{std::move(auth.chain), std::move(finished)};
        } else {
          return ServerAuthenticatedResumed12{std::move(auth.session), std::move(finished)};
        }
      },
      std::move(state.auth));
  // Every use of the server's leaf key is behind us: keep the proof, not the imported key.
  if (auto* ecdhe = std::get_if<ServerAuthenticatedEcdhe12>(&proof)) ecdhe->chain.drop_leaf_key();
  if (auto* rsa = std::get_if<ServerAuthenticatedRsa12>(&proof)) rsa->chain.drop_leaf_key();
  return ClientState(Connected12{&suite, std::move(proof)});
}

Status on_post_handshake12(const ClientEndpoint& ep, const msgs::HandshakeMessageView& message) {
  if (message.type != HandshakeType::hello_request) {
    return unexpected("TLS 1.2 connected", {HandshakeType::hello_request}, message.type);
  }
  TLSPP_TRY(msgs::HelloRequest::decode(message.body));
  report_received(*ep.io, message, true);
  // RFC 5746 §4.4 / RFC 5246 §7.4.1.1: a client that does not renegotiate answers a HelloRequest
  // with a no_renegotiation warning alert; the connection continues. (HelloRequest is not part of
  // the transcript.)
  if (ep.io->observed()) {
    ep.io->emit(NoteEvent{"the server asks to renegotiate; tlspp refuses (no_renegotiation)"});
  }
  return ep.io->send_warning_alert(AlertDescription::no_renegotiation);
}

}  // namespace tlspp::handshake::client
