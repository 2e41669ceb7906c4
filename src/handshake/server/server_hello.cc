// The server's answer to a ClientHello (RFC 8446 §4.1): negotiation, HelloRetryRequest when the
// client sent no usable key share, and the whole server flight: ServerHello, EncryptedExtensions,
// Certificate, CertificateVerify, Finished.
#include "msgs/server_hello.h"

#include <algorithm>

#include "codec/hex.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/server/server_psk.h"
#include "handshake/server/server_states.h"
#include "msgs/certificate.h"
#include "msgs/certificate_verify.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/ext_pre_shared_key.h"
#include "msgs/finished.h"
#include "msgs/grease.h"

namespace tlspp::handshake::server {

using msgs::ByteVector;

Result<Offer> read_offer(const msgs::ClientHello& ch) {
  Offer offer;
  static const msgs::Extensions kNone;
  const msgs::Extensions& ext = ch.extensions ? *ch.extensions : kNone;
  TLSPP_ASSIGN_OR_RETURN(auto versions, find_extension<msgs::SupportedVersionsClientHello>(
                                            ext, ExtensionType::supported_versions));
  if (versions) {
    offer.versions = versions->versions;
  } else {
    offer.versions = {ch.legacy_version};  // RFC 8446 §4.2.1: a client without the extension
  }
  TLSPP_ASSIGN_OR_RETURN(
      auto groups, find_extension<msgs::SupportedGroups>(ext, ExtensionType::supported_groups));
  if (groups) offer.groups = groups->groups;
  TLSPP_ASSIGN_OR_RETURN(offer.shares,
                         find_extension<msgs::KeyShareClientHello>(ext, ExtensionType::key_share));
  TLSPP_ASSIGN_OR_RETURN(auto schemes, find_extension<msgs::SignatureSchemeList>(
                                           ext, ExtensionType::signature_algorithms));
  if (schemes) offer.schemes = schemes->schemes;
  TLSPP_ASSIGN_OR_RETURN(auto sni,
                         find_extension<msgs::ServerNameList>(ext, ExtensionType::server_name));
  if (sni) {
    if (auto host = sni->host_name()) offer.server_name = std::string(*host);
  }
  TLSPP_ASSIGN_OR_RETURN(auto alpn,
                         find_extension<msgs::AlpnProtocols>(
                             ext, ExtensionType::application_layer_protocol_negotiation));
  if (alpn) offer.alpn = alpn->protocols;
  TLSPP_ASSIGN_OR_RETURN(auto cookie, find_extension<msgs::Cookie>(ext, ExtensionType::cookie));
  if (cookie) offer.cookie = cookie->cookie;
  // TLS 1.2 (RFC 7627 §5.1, RFC 5746 §3.6, RFC 8422 §5.1.2).
  TLSPP_ASSIGN_OR_RETURN(
      auto ems, find_extension<msgs::EmptyExtension>(ext, ExtensionType::extended_master_secret));
  offer.extended_master_secret = ems.has_value();
  TLSPP_ASSIGN_OR_RETURN(offer.renegotiation_info, find_extension<msgs::RenegotiationInfo>(
                                                       ext, ExtensionType::renegotiation_info));
  TLSPP_ASSIGN_OR_RETURN(offer.point_formats, find_extension<msgs::EcPointFormats>(
                                                  ext, ExtensionType::ec_point_formats));
  TLSPP_ASSIGN_OR_RETURN(offer.session_ticket, find_extension<msgs::SessionTicketExtension>(
                                                   ext, ExtensionType::session_ticket));
  return offer;
}

namespace {

std::vector<Field> describe_offer(const msgs::ClientHello& ch, const Offer& offer) {
  std::vector<Field> f;
  f.push_back({"supported_versions", display_names<ProtocolVersion>(offer.versions)});
  f.push_back({"cipher_suites", display_names<CipherSuite>(ch.cipher_suites)});
  f.push_back({"supported_groups", display_names<NamedGroup>(offer.groups)});
  std::vector<NamedGroup> shares;
  if (offer.shares) {
    for (const auto& s : offer.shares->client_shares) shares.push_back(s.group);
  }
  f.push_back({"key_share", display_names<NamedGroup>(shares)});
  f.push_back({"signature_algorithms", display_names<SignatureScheme>(offer.schemes)});
  if (offer.server_name) f.push_back({"server_name", {*offer.server_name}});
  if (!offer.alpn.empty()) f.push_back({"alpn", offer.alpn});
  f.push_back({"random", {codec::to_hex(ch.random)}});
  f.push_back({"legacy_session_id", {codec::to_hex(ch.legacy_session_id)}});
  // The raw code points in wire order (4 hex digits each, GREASE included), for fingerprints such
  // as JA4 that need the exact list and extension order.
  const auto hex16 = [](std::uint16_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    return std::string{kDigits[v >> 12], kDigits[(v >> 8) & 15], kDigits[(v >> 4) & 15],
                       kDigits[v & 15]};
  };
  std::vector<std::string> suite_codes, extension_codes, scheme_codes;
  for (CipherSuite s : ch.cipher_suites)
    suite_codes.push_back(hex16(static_cast<std::uint16_t>(s)));
  if (ch.extensions) {
    for (const auto& e : ch.extensions->entries) {
      extension_codes.push_back(hex16(static_cast<std::uint16_t>(e.type)));
    }
  }
  for (SignatureScheme s : offer.schemes)
    scheme_codes.push_back(hex16(static_cast<std::uint16_t>(s)));
  f.push_back({"legacy_version", {hex16(static_cast<std::uint16_t>(ch.legacy_version))}});
  f.push_back({"cipher_suite_codes", std::move(suite_codes)});
  f.push_back({"extension_codes", std::move(extension_codes)});
  f.push_back({"signature_algorithm_codes", std::move(scheme_codes)});
  return f;
}

}  // namespace

Result<std::optional<std::string>> negotiate_alpn(const ServerConfig& cfg, const Offer& offer) {
  std::optional<std::string> alpn;
  if (offer.alpn.empty()) return alpn;
  if (cfg.alpn_select) {
    alpn = cfg.alpn_select(offer.alpn);
    if (!alpn && !cfg.alpn.empty()) {
      return Error(ErrorCode::no_application_protocol,
                   "no offered application protocol is acceptable");
    }
    return alpn;
  }
  return choose_alpn(cfg.alpn, offer.alpn);
}

// The certificate to present for the client's server_name.
Result<std::shared_ptr<const CertifiedKey>> choose_certificate(const ServerConfig& cfg,
                                                               const Offer& offer) {
  std::shared_ptr<const CertifiedKey> chosen;
  if (cfg.certificate_for) chosen = cfg.certificate_for(offer.server_name.value_or(""));
  if (!chosen) chosen = cfg.certificate;
  if (!chosen || chosen->chain.empty() || !chosen->key) {
    return Error(ErrorCode::invalid_argument, "the server has no certificate configured");
  }
  return chosen;
}

namespace {

// RFC 8446 §4.1.2: the second ClientHello repeats the first except key_share, early_data, cookie,
// pre_shared_key and padding. Anything else changed -> illegal_parameter.
Status check_same_hello(const msgs::ClientHello& first, const msgs::ClientHello& second) {
  if (first.legacy_version != second.legacy_version || first.random != second.random ||
      first.legacy_session_id != second.legacy_session_id ||
      first.cipher_suites != second.cipher_suites ||
      first.legacy_compression_methods != second.legacy_compression_methods ||
      first.extensions.has_value() != second.extensions.has_value()) {
    return Error(ErrorCode::illegal_parameter,
                 "the second ClientHello changed fields other than those RFC 8446 §4.1.2 allows");
  }
  auto comparable = [](const msgs::ClientHello& ch) {
    std::vector<const msgs::Extension*> out;
    if (!ch.extensions) return out;
    for (const auto& e : ch.extensions->entries) {
      switch (e.type) {
        case ExtensionType::key_share:
        case ExtensionType::early_data:
        case ExtensionType::cookie:
        case ExtensionType::pre_shared_key:
        case ExtensionType::padding: break;
        default: out.push_back(&e);
      }
    }
    return out;
  };
  auto a = comparable(first), b = comparable(second);
  const bool same =
      a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                         [](const auto* x, const auto* y) { return *x == *y; });
  if (!same) {
    return Error(ErrorCode::illegal_parameter,
                 "the second ClientHello changed an extension it must repeat (RFC 8446 §4.1.2)");
  }
  return {};
}

Result<ServerState> send_hello_retry_request(ServerContext& ctx, msgs::ClientHello&& ch,
                                             const SuiteInfo& suite, NamedGroup group) {
  msgs::ServerHello hrr;
  hrr.legacy_version = ProtocolVersion::tls1_2;
  hrr.random = msgs::kHelloRetryRequestRandom;
  hrr.legacy_session_id_echo = ch.legacy_session_id;
  hrr.cipher_suite = suite.suite;
  msgs::Extensions& ext = hrr.extensions.emplace();
  auto add = [&](ExtensionType type, const auto& body) -> Status {
    TLSPP_ASSIGN_OR_RETURN(msgs::Extension e, msgs::make_extension(type, body));
    ext.entries.push_back(std::move(e));
    return {};
  };
  TLSPP_TRY(add(ExtensionType::supported_versions,
                msgs::SupportedVersionsServerHello{ProtocolVersion::tls1_3}));
  TLSPP_TRY(add(ExtensionType::key_share, msgs::KeyShareHelloRetryRequest{group}));
  ByteVector cookie;
  if (ctx.config->hello_retry_cookie) {
    // RFC 8446 §4.2.2: the client echoes the cookie in its second hello. This server keeps its
    // state, so the cookie is a random value it checks for an exact echo.
    cookie.resize(32);
    TLSPP_TRY(ctx.provider->random(cookie));
    TLSPP_TRY(add(ExtensionType::cookie, msgs::Cookie{cookie}));
  }
  // RFC 8446 §4.4.1: the transcript becomes message_hash(ClientHello1) || HelloRetryRequest.
  TLSPP_TRY(ctx.transcript.choose_hash(suite.hash));
  TLSPP_TRY(ctx.transcript.replace_with_message_hash());
  TLSPP_TRY(send_message(
      *ctx.io, ctx.transcript, hrr, false,
      {{"cipher_suite", {display_name(suite.suite)}}, {"selected_group", {display_name(group)}}}));
  // RFC 8446 §D.4: in compatibility mode, a ChangeCipherSpec follows the HelloRetryRequest.
  if (!ch.legacy_session_id.empty()) TLSPP_TRY(ctx.io->send_change_cipher_spec());
  return ServerState(WaitSecondClientHello{std::move(ch), suite.suite, group, std::move(cookie)});
}

// Negotiated in the ClientHello: everything the flight needs.
struct Negotiated {
  const SuiteInfo* suite;
  std::optional<NamedGroup> group;                  // none for psk_ke
  std::shared_ptr<const CertifiedKey> certificate;  // null when resuming (psk)
  SignatureScheme scheme{};
  std::optional<std::string> alpn;
  const PskChoice* psk = nullptr;
};

// Certificate (RFC 8446 §4.4.2) and CertificateVerify (§4.4.3) over the transcript through
// Certificate: the certificate-authenticated (not resumed) handshake.
Status send_certificate_and_verify(ServerContext& ctx, const Negotiated& n) {
  msgs::CertificateTls13 cert;
  for (const auto& der : n.certificate->chain) cert.certificate_list.push_back({der, {}});
  edit_extensions(*ctx.config, HandshakeType::certificate,
                  cert.certificate_list.front().extensions);
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, cert, true,
                         {{"certificates", {std::to_string(cert.certificate_list.size())}}}));
  TLSPP_ASSIGN_OR_RETURN(Digest cert_hash, ctx.transcript.current());
  auto alg = crypto::signature_algorithm_for(n.scheme);
  if (!alg) return Error(ErrorCode::internal, "no algorithm for the chosen scheme");
  TLSPP_ASSIGN_OR_RETURN(
      std::vector<std::uint8_t> signature,
      n.certificate->key->sign(*alg, certificate_verify_content(true, cert_hash)));
  msgs::CertificateVerify cv;
  cv.algorithm = n.scheme;
  cv.signature = std::move(signature);
  TLSPP_TRY(
      send_message(*ctx.io, ctx.transcript, cv, true, {{"algorithm", {display_name(n.scheme)}}}));
  return {};
}

// ServerHello .. server Finished, then the application write keys (RFC 8446 §2, §4).
Result<ServerState> send_server_flight(ServerContext& ctx, const msgs::ClientHello& ch,
                                       const Offer& offer, const Negotiated& n,
                                       Bytes client_share) {
  crypto::Provider& p = *ctx.provider;
  const SuiteInfo& suite = *n.suite;
  std::unique_ptr<crypto::KeyShare> share;
  SecretBytes shared;
  if (n.group) {
    TLSPP_ASSIGN_OR_RETURN(share, p.generate_key_share(*n.group));
    TLSPP_ASSIGN_OR_RETURN(shared, share->agree(client_share));
  }
  // RFC 8446 §7.1: the early secret from the PSK (zeros without one); with accepted 0-RTT, the
  // client's early traffic secret over Transcript-Hash(ClientHello).
  TLSPP_TRY(ctx.transcript.choose_hash(suite.hash));
  TLSPP_ASSIGN_OR_RETURN(
      EarlySecret early,
      EarlySecret::derive(p, suite.hash, n.psk ? n.psk->state.secret.span() : Bytes{}));
  SecretBytes client_early;
  if (n.psk && n.psk->early_data) {
    TLSPP_ASSIGN_OR_RETURN(Digest hello_hash, ctx.transcript.current());
    TLSPP_ASSIGN_OR_RETURN(client_early, early.client_early_traffic_secret(hello_hash));
    log_secret(*ctx.io, "CLIENT_EARLY_TRAFFIC_SECRET", ctx.client_random, client_early);
    if (ctx.io->observed()) ctx.io->emit(SecretEvent{"client_early_traffic_secret"});
  }

  msgs::ServerHello sh;
  sh.legacy_version = ProtocolVersion::tls1_2;
  TLSPP_TRY(p.random(ctx.server_random));
  sh.random = ctx.server_random;
  sh.legacy_session_id_echo = ch.legacy_session_id;
  sh.cipher_suite = suite.suite;
  msgs::Extensions& ext = sh.extensions.emplace();
  {
    TLSPP_ASSIGN_OR_RETURN(
        msgs::Extension v,
        msgs::make_extension(ExtensionType::supported_versions,
                             msgs::SupportedVersionsServerHello{ProtocolVersion::tls1_3}));
    ext.entries.push_back(std::move(v));
    if (share) {
      auto pub = share->public_key();
      TLSPP_ASSIGN_OR_RETURN(
          msgs::Extension ks,
          msgs::make_extension(
              ExtensionType::key_share,
              msgs::KeyShareServerHello{{*n.group, ByteVector(pub.begin(), pub.end())}}));
      ext.entries.push_back(std::move(ks));
    }
    if (n.psk) {
      // RFC 8446 §4.2.11: the index of the identity the server resumes with.
      TLSPP_ASSIGN_OR_RETURN(msgs::Extension psk,
                             msgs::make_extension(ExtensionType::pre_shared_key,
                                                  msgs::PreSharedKeyServerHello{n.psk->index}));
      ext.entries.push_back(std::move(psk));
    }
  }
  edit_extensions(*ctx.config, HandshakeType::server_hello, ext);
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, sh, false,
                         {{"version", {"TLS 1.3"}},
                          {"cipher_suite", {display_name(suite.suite)}},
                          {"key_share", {n.group ? display_name(*n.group) : "none (psk_ke)"}},
                          {"pre_shared_key", {n.psk ? "resumed" : "none"}},
                          {"random", {codec::to_hex(sh.random)}}}));
  share.reset();  // our ephemeral private key is no longer needed

  // RFC 8446 §7.1: handshake secrets over ClientHello..ServerHello.
  TLSPP_ASSIGN_OR_RETURN(HandshakeSecret hs, std::move(early).into_handshake_secret(shared));
  shared.wipe();
  TLSPP_ASSIGN_OR_RETURN(Digest hello_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes client_hs, hs.client_handshake_traffic_secret(hello_hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes server_hs, hs.server_handshake_traffic_secret(hello_hash));
  log_secret(*ctx.io, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", ctx.client_random, client_hs);
  log_secret(*ctx.io, "SERVER_HANDSHAKE_TRAFFIC_SECRET", ctx.client_random, server_hs);
  if (ctx.io->observed()) {
    ctx.io->emit(SecretEvent{"handshake_secret"});
    ctx.io->emit(SecretEvent{"client_handshake_traffic_secret"});
    ctx.io->emit(SecretEvent{"server_handshake_traffic_secret"});
  }
  // RFC 8446 §D.4: a compatibility-mode client (non-empty session id) gets a ChangeCipherSpec
  // right after the ServerHello (unless one followed a HelloRetryRequest already).
  const bool after_retry = ctx.transcript.hash_chosen() && ch.extensions &&
                           ch.extensions->contains(ExtensionType::cookie);
  if (!ch.legacy_session_id.empty() && !after_retry) TLSPP_TRY(ctx.io->send_change_cipher_spec());
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, server_hs, true, "handshake"));

  // EncryptedExtensions (RFC 8446 §4.3.1).
  msgs::EncryptedExtensions ee;
  std::vector<Field> ee_fields;
  if (n.alpn) {
    TLSPP_ASSIGN_OR_RETURN(
        msgs::Extension a,
        msgs::make_extension(ExtensionType::application_layer_protocol_negotiation,
                             msgs::AlpnProtocols{{*n.alpn}}));
    ee.extensions.entries.push_back(std::move(a));
    ee_fields.push_back({"alpn", {*n.alpn}});
  }
  if (offer.server_name) {
    // RFC 6066 §3: an empty server_name acknowledges that the name was used.
    ee.extensions.entries.push_back({ExtensionType::server_name, {}});
    ee_fields.push_back({"server_name", {"acknowledged"}});
  }
  if (n.psk && n.psk->early_data) {
    // RFC 8446 §4.2.10: an empty early_data extension accepts the client's 0-RTT data.
    ee.extensions.entries.push_back({ExtensionType::early_data, {}});
    ee_fields.push_back({"early_data", {"accepted"}});
  }
  edit_extensions(*ctx.config, HandshakeType::encrypted_extensions, ee.extensions);
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, ee, true, std::move(ee_fields)));
  bool certificate_requested = false;
  if (!n.psk) {
    // CertificateRequest (RFC 8446 §4.3.2) when the config asks for client certificates; a server
    // authenticating with a PSK sends none.
    TLSPP_ASSIGN_OR_RETURN(certificate_requested, send_certificate_request13(ctx));
    TLSPP_TRY(send_certificate_and_verify(ctx, n));
  }

  // Finished (RFC 8446 §4.4.4).
  TLSPP_ASSIGN_OR_RETURN(Digest cv_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes verify_data,
                         finished_verify_data(p, suite.hash, server_hs, cv_hash));
  msgs::Finished fin;
  fin.verify_data.assign(verify_data.span().begin(), verify_data.span().end());
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, fin, true));

  // Application secrets over ClientHello..server Finished (RFC 8446 §7.1); the server may send
  // application data now (0.5-RTT).
  TLSPP_ASSIGN_OR_RETURN(Digest fin_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(MasterSecret master, std::move(hs).into_master_secret());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes client_app,
                         master.client_application_traffic_secret(fin_hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes server_app,
                         master.server_application_traffic_secret(fin_hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes exporter, master.exporter_master_secret(fin_hash));
  log_secret(*ctx.io, "CLIENT_TRAFFIC_SECRET_0", ctx.client_random, client_app);
  log_secret(*ctx.io, "SERVER_TRAFFIC_SECRET_0", ctx.client_random, server_app);
  log_secret(*ctx.io, "EXPORTER_SECRET", ctx.client_random, exporter);
  if (ctx.io->observed()) {
    ctx.io->emit(SecretEvent{"master_secret"});
    ctx.io->emit(SecretEvent{"client_application_traffic_secret_0"});
    ctx.io->emit(SecretEvent{"server_application_traffic_secret_0"});
  }
  TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, server_app, true, "application"));
  server_hs.wipe();
  WaitClientFinished next{&suite, std::move(master), std::move(client_hs), std::move(client_app),
                          std::move(server_app)};
  if (n.psk && n.psk->early_data) {
    // RFC 8446 §4.2.10: the client's early data, then EndOfEarlyData, under the early keys.
    TLSPP_TRY(install_traffic_keys13(*ctx.io, p, suite, client_early, false, "early"));
    return ServerState(WaitEndOfEarlyData{std::move(next), ctx.config->max_early_data});
  }
  if (offers_early_data(ch)) ctx.io->skip_early_data(early_data_skip_limit(*ctx.config));
  TLSPP_TRY(
      install_traffic_keys13(*ctx.io, p, suite, next.client_handshake_traffic, false, "handshake"));
  if (certificate_requested) return ServerState(WaitClientCertificate{std::move(next)});
  return ServerState(std::move(next));
}

// Negotiates from a TLS 1.3 ClientHello (`encoded` as received, not yet in the transcript) and
// either asks for a retry or sends the flight, resuming a session when a PSK is acceptable.
Result<ServerState> answer_client_hello(ServerContext& ctx, msgs::ClientHello&& ch, Bytes encoded,
                                        const Offer& offer, const WaitSecondClientHello* retry) {
  const ServerConfig& cfg = *ctx.config;
  // RFC 8446 §4.1.2: legacy_compression_methods MUST be exactly {null} for TLS 1.3.
  if (ch.legacy_compression_methods != ByteVector{0}) {
    return Error(ErrorCode::illegal_parameter,
                 "a TLS 1.3 ClientHello must offer only the null compression method");
  }
  // RFC 8446 §9.2: signature_algorithms is mandatory for certificate authentication; key_share
  // requires supported_groups (unless the client offers only psk_ke resumption).
  if (offer.schemes.empty()) {
    return Error(ErrorCode::missing_extension, "ClientHello without signature_algorithms");
  }
  TLSPP_ASSIGN_OR_RETURN(const bool ke_only, psk_ke_only(ctx, ch));
  const bool has_shares = offer.shares && !offer.groups.empty();
  if (!has_shares && !ke_only) {
    return Error(ErrorCode::missing_extension,
                 "TLS 1.3 ClientHello without key_share and supported_groups");
  }
  const SuiteInfo* suite = nullptr;
  std::string suite_why;
  if (retry) {
    suite = suite_info(retry->suite);
    suite_why = "kept from the HelloRetryRequest";
  } else {
    TLSPP_ASSIGN_OR_RETURN(
        auto chosen, choose_cipher_suite(ctx.suites, ch.cipher_suites, ProtocolVersion::tls1_3,
                                         cfg.prefer_server_cipher_order));
    suite = suite_info(chosen.value);
    suite_why = chosen.why;
  }
  std::optional<Choice<GroupChoice>> group;
  if (has_shares) {
    std::vector<NamedGroup> share_groups;
    for (const auto& s : offer.shares->client_shares) share_groups.push_back(s.group);
    auto chosen = choose_group(cfg.groups, offer.groups, share_groups);
    if (!chosen.ok() && !ke_only) return std::move(chosen).error();
    if (chosen.ok()) group = std::move(chosen).value();
  }
  if (retry && (!group || group->value.needs_retry || group->value.group != retry->group)) {
    // RFC 8446 §4.2.8: the second hello must carry a share for the group the HRR named.
    return Error(ErrorCode::illegal_parameter,
                 "the second ClientHello has no key share for " + display_name(retry->group));
  }
  const bool dhe_possible = group && !group->value.needs_retry;
  TLSPP_ASSIGN_OR_RETURN(std::optional<std::string> alpn, negotiate_alpn(cfg, offer));
  ctx.info.server_name = offer.server_name.value_or("");
  // RFC 8446 §4.2.11: a PSK, verified against this ClientHello before it enters the transcript.
  std::optional<PskChoice> psk;
  if (dhe_possible || ke_only) {
    TLSPP_ASSIGN_OR_RETURN(
        psk, choose_psk(ctx, ch, encoded, *suite, dhe_possible, retry != nullptr, alpn));
  }
  // RFC 8446 §4.2.10: 0-RTT data is protected under the session's own suite; a PSK alone works
  // with any suite of its hash, so a resumed handshake keeps the session's suite when both sides
  // enable it (accept_early_data counted on that).
  if (psk && !retry && psk->state.suite != suite->suite &&
      std::find(ch.cipher_suites.begin(), ch.cipher_suites.end(), psk->state.suite) !=
          ch.cipher_suites.end() &&
      std::find(ctx.suites.begin(), ctx.suites.end(), psk->state.suite) != ctx.suites.end()) {
    suite = suite_info(psk->state.suite);
    suite_why = "the resumed session's suite";
  }
  ctx.transcript.add(encoded);
  if (!psk && (!group || group->value.needs_retry)) {
    if (!group) {
      return Error(ErrorCode::missing_extension,
                   "no usable PSK, and the ClientHello has no key share for a full handshake");
    }
    if (ctx.io->observed()) {
      ctx.io->emit(ChoiceEvent{"key exchange group", display_name(group->value.group), group->why,
                               display_names<NamedGroup>(offer.groups)});
    }
    if (offers_early_data(ch)) ctx.io->skip_early_data(early_data_skip_limit(cfg));
    return send_hello_retry_request(ctx, std::move(ch), *suite, group->value.group);
  }
  Negotiated n{suite, std::nullopt, nullptr, {}, std::move(alpn), psk ? &*psk : nullptr};
  if (!psk || psk->dhe) n.group = group->value.group;
  if (psk) {
    ctx.info.resumed = true;
    ctx.info.early_data_accepted = psk->early_data;
    ctx.info.peer_chain = psk->state.peer_chain;
  } else {
    TLSPP_ASSIGN_OR_RETURN(n.certificate, choose_certificate(cfg, offer));
    TLSPP_ASSIGN_OR_RETURN(
        auto scheme, choose_signature_scheme(ctx.schemes, offer.schemes, n.certificate->key->type(),
                                             ProtocolVersion::tls1_3));
    n.scheme = scheme.value;
    ctx.info.signature_scheme = scheme.value;
    if (ctx.io->observed()) {
      ctx.io->emit(ChoiceEvent{"signature scheme", display_name(scheme.value), scheme.why,
                               display_names<SignatureScheme>(offer.schemes)});
    }
  }
  ctx.info.version = ProtocolVersion::tls1_3;
  ctx.info.cipher_suite = suite->suite;
  ctx.info.group = n.group;
  ctx.info.alpn = n.alpn.value_or("");
  if (ctx.io->observed()) {
    ctx.io->emit(ChoiceEvent{"version", "TLS 1.3", "the highest version both sides support",
                             display_names<ProtocolVersion>(offer.versions)});
    ctx.io->emit(ChoiceEvent{"cipher suite", display_name(suite->suite), suite_why,
                             display_names<CipherSuite>(ch.cipher_suites)});
    if (n.group) {
      ctx.io->emit(ChoiceEvent{"key exchange group", display_name(*n.group), group->why,
                               display_names<NamedGroup>(offer.groups)});
    }
    if (n.alpn) {
      ctx.io->emit(ChoiceEvent{"application protocol", *n.alpn, "our first that the client offered",
                               offer.alpn});
    }
  }
  Bytes client_share;
  if (n.group) client_share = offer.shares->find(*n.group)->key_exchange;
  return send_server_flight(ctx, ch, offer, n, client_share);
}

}  // namespace

Result<ServerState> on_client_hello(ServerContext& ctx, const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ClientHello ch, msgs::ClientHello::decode(message.body));
  if (ch.extensions) {
    TLSPP_TRY(check_extension_count(*ch.extensions, ctx.config->limits, "ClientHello"));
  }
  TLSPP_ASSIGN_OR_RETURN(Offer offer, read_offer(ch));
  ctx.client_random = ch.random;
  report_received(*ctx.io, message, false,
                  ctx.io->observed() ? describe_offer(ch, offer) : std::vector<Field>{});
  const ServerConfig& cfg = *ctx.config;
  TLSPP_ASSIGN_OR_RETURN(auto version,
                         choose_version(cfg.min_version, cfg.max_version, offer.versions));
  if (version.value == ProtocolVersion::tls1_2) {
    ctx.transcript.add(message.encoded);
    ctx.io->set_version(ProtocolVersion::tls1_2);
    return answer_client_hello12(ctx, std::move(ch), offer, version.why);
  }
  ctx.io->set_version(ProtocolVersion::tls1_3);
  return answer_client_hello(ctx, std::move(ch), message.encoded, offer, nullptr);
}

Result<ServerState> on_second_client_hello(ServerContext& ctx, WaitSecondClientHello&& state,
                                           const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ClientHello ch, msgs::ClientHello::decode(message.body));
  if (ch.extensions) {
    TLSPP_TRY(check_extension_count(*ch.extensions, ctx.config->limits, "ClientHello"));
  }
  TLSPP_TRY(check_same_hello(state.first, ch));
  TLSPP_ASSIGN_OR_RETURN(Offer offer, read_offer(ch));
  // RFC 8446 §4.2.2: the cookie must come back unchanged.
  if (!state.cookie.empty() && (!offer.cookie || *offer.cookie != state.cookie)) {
    return Error(ErrorCode::illegal_parameter,
                 "the second ClientHello does not echo the HelloRetryRequest's cookie");
  }
  // RFC 8446 §4.2.8: exactly one share, for the group the HelloRetryRequest selected.
  if (!offer.shares || offer.shares->client_shares.size() != 1 ||
      offer.shares->client_shares.front().group != state.group) {
    return Error(ErrorCode::illegal_parameter,
                 "the second ClientHello must carry exactly one key share, for " +
                     display_name(state.group));
  }
  report_received(*ctx.io, message, false,
                  ctx.io->observed() ? describe_offer(ch, offer) : std::vector<Field>{});
  return answer_client_hello(ctx, std::move(ch), message.encoded, offer, &state);
}

}  // namespace tlspp::handshake::server
