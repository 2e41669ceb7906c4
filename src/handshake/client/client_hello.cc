// The client's first flight and the server's answer: ClientHello (RFC 8446 §4.1.2), then
// ServerHello or HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4), up to the handshake keys.
#include "msgs/client_hello.h"

#include <algorithm>

#include "codec/hex.h"
#include "handshake/client/client_states.h"
#include "handshake/common.h"
#include "handshake/negotiation.h"
#include "handshake/session/session_state.h"
#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/grease.h"
#include "msgs/server_hello.h"
#include "x509/ip_address.h"

namespace tlspp::handshake::client {
namespace {

using msgs::ByteVector;

template <class T>
bool contains(const std::vector<T>& list, T v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Builds the ClientHello for the current context with the given key shares (and, after a
// HelloRetryRequest, the server's cookie).
Result<msgs::ClientHello> build_client_hello(
    ClientContext& ctx, const std::vector<std::unique_ptr<crypto::KeyShare>>& shares,
    const ByteVector* cookie, bool retry) {
  const ClientConfig& cfg = *ctx.config;
  msgs::ClientHello ch;
  ch.legacy_version = ProtocolVersion::tls1_2;  // RFC 8446 §4.1.2: 0x0303
  ch.random = ctx.client_random;
  ch.legacy_session_id = ctx.session_id;
  ch.cipher_suites = ctx.suites;
  ch.legacy_compression_methods = {0};
  msgs::Extensions& ext = ch.extensions.emplace();

  auto add = [&](ExtensionType type, const auto& body) -> Status {
    TLSPP_ASSIGN_OR_RETURN(msgs::Extension e, msgs::make_extension(type, body));
    ext.entries.push_back(std::move(e));
    return {};
  };

  if (ctx.send_sni) {
    // RFC 6066 §3: one host_name, no trailing dot.
    msgs::ServerNameList sni;
    sni.names.push_back({msgs::ServerNameType::host_name, ctx.server_name});
    TLSPP_TRY(add(ExtensionType::server_name, sni));
  }
  msgs::SupportedVersionsClientHello versions;
  if (ctx.offer_tls13) versions.versions.push_back(ProtocolVersion::tls1_3);
  if (ctx.offer_tls12) versions.versions.push_back(ProtocolVersion::tls1_2);
  TLSPP_TRY(add(ExtensionType::supported_versions, versions));
  TLSPP_TRY(add(ExtensionType::supported_groups, msgs::SupportedGroups{ctx.groups}));
  TLSPP_TRY(add(ExtensionType::signature_algorithms, msgs::SignatureSchemeList{ctx.schemes}));
  if (ctx.offer_tls13) {
    msgs::KeyShareClientHello ks;
    for (const auto& share : shares) {
      auto pub = share->public_key();
      ks.client_shares.push_back({share->group(), ByteVector(pub.begin(), pub.end())});
    }
    TLSPP_TRY(add(ExtensionType::key_share, ks));
    if (cookie != nullptr) TLSPP_TRY(add(ExtensionType::cookie, msgs::Cookie{*cookie}));
  }
  if (!cfg.alpn.empty()) {
    TLSPP_TRY(
        add(ExtensionType::application_layer_protocol_negotiation, msgs::AlpnProtocols{cfg.alpn}));
  }
  if (ctx.offer_tls12) {
    // RFC 7627 §5.1, RFC 5746 §3.4, RFC 8422 §5.1.2: what a TLS 1.2 server needs to see.
    TLSPP_TRY(add(ExtensionType::extended_master_secret, msgs::EmptyExtension{}));
    TLSPP_TRY(add(ExtensionType::renegotiation_info, msgs::RenegotiationInfo{}));
    TLSPP_TRY(add(ExtensionType::ec_point_formats,
                  msgs::EcPointFormats{{msgs::EcPointFormat::uncompressed}}));
    TLSPP_TRY(add_session_ticket_extension12(ctx, ext));
  }
  if (ctx.offer_tls13) TLSPP_TRY(add_psk_extensions(ctx, ext, retry));
  edit_extensions(cfg, HandshakeType::client_hello, ext);
  ctx.offered_extensions.clear();
  for (const auto& e : ext.entries) ctx.offered_extensions.push_back(e.type);
  return ch;
}

std::vector<Field> describe_client_hello(
    const ClientContext& ctx, const msgs::ClientHello& ch,
    const std::vector<std::unique_ptr<crypto::KeyShare>>& shares) {
  std::vector<Field> f;
  std::vector<std::string> versions;
  if (ctx.offer_tls13) versions.push_back("TLS 1.3");
  if (ctx.offer_tls12) versions.push_back("TLS 1.2");
  f.push_back({"supported_versions", versions});
  f.push_back({"cipher_suites", display_names<CipherSuite>(ch.cipher_suites)});
  f.push_back({"supported_groups", display_names<NamedGroup>(ctx.groups)});
  std::vector<std::string> share_names;
  for (const auto& s : shares) share_names.push_back(display_name(s->group()));
  f.push_back({"key_share", share_names});
  f.push_back({"signature_algorithms", display_names<SignatureScheme>(ctx.schemes)});
  if (ctx.send_sni) f.push_back({"server_name", {ctx.server_name}});
  if (!ctx.config->alpn.empty()) f.push_back({"alpn", ctx.config->alpn});
  f.push_back({"random", {codec::to_hex(ch.random)}});
  f.push_back({"legacy_session_id", {codec::to_hex(ch.legacy_session_id)}});
  return f;
}

Status send_hello(ClientContext& ctx, const std::vector<std::unique_ptr<crypto::KeyShare>>& shares,
                  const ByteVector* cookie, bool retry) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ClientHello ch, build_client_hello(ctx, shares, cookie, retry));
  TLSPP_TRY(fill_binders(ctx, ch));
  std::vector<Field> fields;
  if (ctx.io->observed()) fields = describe_client_hello(ctx, ch, shares);
  TLSPP_TRY(send_message(*ctx.io, ctx.transcript, ch, false, std::move(fields)));
  return {};
}

// RFC 8446 §4.1.4: process a HelloRetryRequest and send the second ClientHello.
Result<ClientState> on_hello_retry_request(ClientContext& ctx, WaitServerHello&& state,
                                           const msgs::ServerHello& hrr,
                                           const msgs::HandshakeMessageView& message) {
  // RFC 8446 §4.1.4: "If a client receives a second HelloRetryRequest in the same connection ...,
  // it MUST abort the handshake with an "unexpected_message" alert."
  if (state.retry_suite) {
    return Error(ErrorCode::unexpected_message, "a second HelloRetryRequest");
  }
  const msgs::Extensions& ext = *hrr.extensions;
  TLSPP_ASSIGN_OR_RETURN(auto version, find_extension<msgs::SupportedVersionsServerHello>(
                                           ext, ExtensionType::supported_versions));
  if (!version || version->selected_version != ProtocolVersion::tls1_3 || !ctx.offer_tls13) {
    return Error(ErrorCode::illegal_parameter,
                 "HelloRetryRequest without supported_versions selecting TLS 1.3");
  }
  // RFC 8446 §4.1.4: the cipher suite must be one we offered.
  const SuiteInfo* suite = suite_info(hrr.cipher_suite);
  if (!contains(ctx.suites, hrr.cipher_suite) || suite == nullptr ||
      suite->version != ProtocolVersion::tls1_3) {
    return Error(ErrorCode::illegal_parameter, "HelloRetryRequest selected cipher suite " +
                                                   display_name(hrr.cipher_suite) +
                                                   ", which was not offered");
  }
  if (hrr.legacy_session_id_echo != ctx.session_id) {
    return Error(ErrorCode::illegal_parameter, "HelloRetryRequest: legacy_session_id_echo differs");
  }
  // Only extensions we offered may come back (RFC 8446 §4.1.4: unsupported_extension otherwise).
  for (const auto& e : ext.entries) {
    if (e.type != ExtensionType::supported_versions && e.type != ExtensionType::key_share &&
        e.type != ExtensionType::cookie) {
      return Error(ErrorCode::unsolicited_extension, "HelloRetryRequest carries extension " +
                                                         std::to_string(static_cast<int>(e.type)) +
                                                         ", which we did not offer");
    }
  }
  TLSPP_ASSIGN_OR_RETURN(auto selected, find_extension<msgs::KeyShareHelloRetryRequest>(
                                            ext, ExtensionType::key_share));
  TLSPP_ASSIGN_OR_RETURN(auto cookie, find_extension<msgs::Cookie>(ext, ExtensionType::cookie));
  // RFC 8446 §4.1.4: an HRR that would not change the ClientHello is illegal_parameter.
  if (!selected && !cookie) {
    return Error(ErrorCode::illegal_parameter, "HelloRetryRequest asks for nothing new");
  }
  std::vector<std::unique_ptr<crypto::KeyShare>> shares;
  if (selected) {
    // RFC 8446 §4.2.8: the group must be in supported_groups and must not be one we already sent a
    // share for.
    const NamedGroup group = selected->selected_group;
    const bool already_sent = std::any_of(state.shares.begin(), state.shares.end(),
                                          [&](const auto& s) { return s->group() == group; });
    if (!contains(ctx.groups, group) || already_sent) {
      return Error(ErrorCode::illegal_parameter,
                   "HelloRetryRequest asks for a key share for " + display_name(group) +
                       (already_sent ? ", which we already sent" : ", which we did not offer"));
    }
    TLSPP_ASSIGN_OR_RETURN(auto share, ctx.provider->generate_key_share(group));
    shares.push_back(std::move(share));
  } else {
    shares = std::move(state.shares);
  }

  ctx.io->set_version(ProtocolVersion::tls1_3);
  // RFC 8446 §4.1.4 / §4.2.10: the second ClientHello goes unprotected and without early data;
  // RFC 8446 §4.2.11: it keeps the PSK only if the PSK's hash is the HelloRetryRequest suite's.
  if (ctx.early_data_sent) TLSPP_TRY(ctx.io->clear_write_keys());
  if (ctx.offered_session) {
    const SuiteInfo* psk_suite = suite_info(ctx.offered_session->cipher_suite());
    if (psk_suite == nullptr || psk_suite->hash != suite->hash) ctx.offered_session = nullptr;
  }
  // RFC 8446 §4.4.1: ClientHello1 is replaced by message_hash(Hash(ClientHello1)).
  TLSPP_TRY(ctx.transcript.choose_hash(suite->hash));
  TLSPP_TRY(ctx.transcript.replace_with_message_hash());
  ctx.transcript.add(message.encoded);
  if (ctx.io->observed()) {
    std::vector<Field> fields = {{"cipher_suite", {display_name(hrr.cipher_suite)}}};
    if (selected) fields.push_back({"selected_group", {display_name(selected->selected_group)}});
    if (cookie) fields.push_back({"cookie", {std::to_string(cookie->cookie.size()) + " bytes"}});
    report_received(*ctx.io, message, false, std::move(fields));
    ctx.io->emit(
        NoteEvent{"HelloRetryRequest: the server wants a different key share; sending a "
                  "second ClientHello"});
  }
  // RFC 8446 §D.4: in compatibility mode the dummy ChangeCipherSpec goes before the second hello.
  if (ctx.config->middlebox_compatibility && !ctx.sent_change_cipher_spec) {
    TLSPP_TRY(ctx.io->send_change_cipher_spec());
    ctx.sent_change_cipher_spec = true;
  }
  TLSPP_TRY(send_hello(ctx, shares, cookie ? &cookie->cookie : nullptr, true));
  WaitServerHello next;
  next.shares = std::move(shares);
  next.retry_suite = hrr.cipher_suite;
  return ClientState(std::move(next));
}

}  // namespace

Result<std::string> accept_server_alpn(const ClientContext& ctx, Bytes body) {
  if (ctx.config->alpn.empty()) {
    return Error(ErrorCode::unsolicited_extension,
                 "the server selected an ALPN protocol, but we offered none");
  }
  TLSPP_ASSIGN_OR_RETURN(msgs::AlpnProtocols alpn, msgs::AlpnProtocols::decode_server(body));
  const std::string& chosen = alpn.protocols.front();
  if (!contains(ctx.config->alpn, chosen)) {
    return Error(ErrorCode::illegal_parameter,
                 "the server selected ALPN protocol \"" + chosen + "\", which we did not offer");
  }
  return chosen;
}

// The session to offer: the one the application passed, else the newest in the store for this
// server, if its version and suite are among what this ClientHello offers and it has not expired.
std::shared_ptr<const ClientSession> session_to_offer(ClientContext& ctx) {
  const std::int64_t now = ctx.io->now_ms();
  std::shared_ptr<const ClientSession> s = ctx.resume;
  if (!s && ctx.config->session_store) s = ctx.config->session_store->take(ctx.session_key, now);
  if (!s || s->expires_ms() <= now) return nullptr;
  const bool version_ok = (s->version() == ProtocolVersion::tls1_3 && ctx.offer_tls13) ||
                          (s->version() == ProtocolVersion::tls1_2 && ctx.offer_tls12);
  if (!version_ok) return nullptr;
  if (s->version() == ProtocolVersion::tls1_2) {
    return contains(ctx.suites, s->cipher_suite()) ? s : nullptr;
  }
  // RFC 8446 §4.2.11: a TLS 1.3 PSK goes with any offered TLS 1.3 suite of the same hash.
  const SuiteInfo* psk_suite = suite_info(s->cipher_suite());
  if (psk_suite == nullptr) return nullptr;
  for (CipherSuite cs : ctx.suites) {
    const SuiteInfo* info = suite_info(cs);
    if (info->version == ProtocolVersion::tls1_3 && info->hash == psk_suite->hash) return s;
  }
  return nullptr;
}

Result<ClientState> send_client_hello(ClientContext& ctx) {
  const ClientConfig& cfg = *ctx.config;
  ctx.offer_tls13 = cfg.max_version >= ProtocolVersion::tls1_3;
  ctx.offer_tls12 = cfg.min_version <= ProtocolVersion::tls1_2;
  if (!ctx.offer_tls13 && !ctx.offer_tls12) {
    return Error(ErrorCode::invalid_argument, "the configured version range is empty");
  }
  for (CipherSuite cs :
       effective_cipher_suites(cfg.cipher_suites, cfg.allow_legacy_rsa_key_exchange)) {
    const SuiteInfo* info = suite_info(cs);
    if ((info->version == ProtocolVersion::tls1_3 && ctx.offer_tls13) ||
        (info->version == ProtocolVersion::tls1_2 && ctx.offer_tls12)) {
      ctx.suites.push_back(cs);
    }
  }
  if (ctx.suites.empty()) {
    return Error(ErrorCode::invalid_argument, "no cipher suite enabled for the version range");
  }
  ctx.groups = cfg.groups;
  ctx.schemes = cfg.signature_schemes.empty() ? default_signature_schemes() : cfg.signature_schemes;
  // RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted in "HostName"."
  ctx.send_sni = !ctx.server_name.empty() && !x509::parse_ip_address(ctx.server_name).has_value();

  TLSPP_TRY(ctx.provider->random(ctx.client_random));
  ctx.offered_session = session_to_offer(ctx);
  // RFC 8446 §D.4: compatibility mode sends a fresh 32-byte legacy_session_id.
  if (cfg.middlebox_compatibility && ctx.offer_tls13) {
    ctx.session_id.resize(32);
    TLSPP_TRY(ctx.provider->random(ctx.session_id));
  }
  TLSPP_TRY(prepare_session_offer12(ctx));

  WaitServerHello next;
  if (ctx.offer_tls13) {
    const std::size_t count = std::min(std::max<std::size_t>(cfg.key_shares, 1), ctx.groups.size());
    for (std::size_t i = 0; i < count; ++i) {
      TLSPP_ASSIGN_OR_RETURN(auto share, ctx.provider->generate_key_share(ctx.groups[i]));
      next.shares.push_back(std::move(share));
    }
  }
  TLSPP_TRY(send_hello(ctx, next.shares, nullptr, false));
  TLSPP_TRY(send_early_data(ctx));
  return ClientState(std::move(next));
}

Result<ClientState> on_server_hello(ClientContext& ctx, WaitServerHello&& state,
                                    const msgs::HandshakeMessageView& message) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ServerHello sh, msgs::ServerHello::decode(message.body));
  // Before the HelloRetryRequest branch: the cap holds for both, and for a TLS 1.2 ServerHello.
  if (sh.extensions) {
    TLSPP_TRY(
        check_extension_count(*sh.extensions, ctx.config->limits,
                              sh.is_hello_retry_request() ? "HelloRetryRequest" : "ServerHello"));
  }
  if (sh.is_hello_retry_request()) {
    if (!sh.extensions) {
      return Error(ErrorCode::missing_extension, "HelloRetryRequest without extensions");
    }
    return on_hello_retry_request(ctx, std::move(state), sh, message);
  }

  // RFC 8446 §4.1.3 / §4.2.1: supported_versions decides the version.
  std::optional<msgs::SupportedVersionsServerHello> version;
  if (sh.extensions) {
    TLSPP_ASSIGN_OR_RETURN(version, find_extension<msgs::SupportedVersionsServerHello>(
                                        *sh.extensions, ExtensionType::supported_versions));
  }
  if (!version) {
    // RFC 8446 §D.3: "A client that attempts to send 0-RTT data MUST fail a connection if it
    // receives a ServerHello with TLS 1.2 or older."
    if (ctx.early_data_sent) {
      return Error(ErrorCode::protocol_version,
                   "the server chose TLS 1.2 after we sent TLS 1.3 0-RTT data");
    }
    // A TLS 1.2 (or older) server. RFC 8446 §4.1.3: a client that offered TLS 1.3 checks the
    // downgrade sentinel.
    if (ctx.offer_tls13 && msgs::downgrade_sentinel(sh.random) != msgs::DowngradeSentinel::none) {
      return Error(ErrorCode::downgrade_detected,
                   "the server's random carries the TLS 1.3 downgrade sentinel, but it chose " +
                       display_name(sh.legacy_version));
    }
    if (sh.legacy_version != ProtocolVersion::tls1_2 || !ctx.offer_tls12) {
      return Error(
          ErrorCode::protocol_version,
          "the server chose " + display_name(sh.legacy_version) + ", which we do not offer");
    }
    return on_server_hello12(ctx, std::move(state), sh, message);
  }
  if (version->selected_version != ProtocolVersion::tls1_3 || !ctx.offer_tls13) {
    // RFC 8446 §4.2.1: a version the client did not offer -> illegal_parameter.
    return Error(ErrorCode::illegal_parameter,
                 "the server selected " + display_name(version->selected_version) +
                     " in supported_versions, which we did not offer");
  }
  // RFC 8446 §4.1.3: legacy_version MUST be 0x0303 ...
  if (sh.legacy_version != ProtocolVersion::tls1_2) {
    return Error(ErrorCode::illegal_parameter, "ServerHello.legacy_version is not 0x0303");
  }
  // ... and legacy_session_id_echo must echo ours.
  if (sh.legacy_session_id_echo != ctx.session_id) {
    return Error(ErrorCode::illegal_parameter,
                 "ServerHello.legacy_session_id_echo does not echo our session id");
  }
  const SuiteInfo* suite = suite_info(sh.cipher_suite);
  if (!contains(ctx.suites, sh.cipher_suite) || suite == nullptr ||
      suite->version != ProtocolVersion::tls1_3) {
    return Error(ErrorCode::illegal_parameter, "the server selected cipher suite " +
                                                   display_name(sh.cipher_suite) +
                                                   ", which we did not offer for TLS 1.3");
  }
  // RFC 8446 §4.1.4: the ServerHello after a HelloRetryRequest must keep its suite.
  if (state.retry_suite && *state.retry_suite != sh.cipher_suite) {
    return Error(ErrorCode::illegal_parameter,
                 "the ServerHello's cipher suite differs from the HelloRetryRequest's");
  }
  for (const auto& e : sh.extensions->entries) {
    if (e.type != ExtensionType::supported_versions && e.type != ExtensionType::key_share &&
        e.type != ExtensionType::pre_shared_key) {
      // RFC 8446 §4.2: a response extension the client did not offer -> unsupported_extension.
      return Error(ErrorCode::unsolicited_extension, "ServerHello carries " +
                                                         std::string(name_of(e.type)) +
                                                         ", which this handshake did not offer");
    }
  }
  TLSPP_ASSIGN_OR_RETURN(std::optional<PskSelected> psk, accept_server_psk(ctx, sh, *suite));
  TLSPP_ASSIGN_OR_RETURN(auto key_share, find_extension<msgs::KeyShareServerHello>(
                                             *sh.extensions, ExtensionType::key_share));
  // RFC 8446 §4.2.9: only psk_ke (which we offer only when allowed) resumes without key_share.
  if (!key_share && !(psk && ctx.config->allow_psk_ke)) {
    return Error(ErrorCode::missing_extension, "ServerHello without key_share");
  }
  std::optional<NamedGroup> group;
  SecretBytes shared;
  if (key_share) {
    group = key_share->server_share.group;
    auto mine = std::find_if(state.shares.begin(), state.shares.end(),
                             [&](const auto& s) { return s->group() == *group; });
    if (mine == state.shares.end()) {
      return Error(
          ErrorCode::illegal_parameter,
          "the server's key share is for " + display_name(*group) + ", for which we sent no share");
    }
    TLSPP_ASSIGN_OR_RETURN(shared, (*mine)->agree(key_share->server_share.key_exchange));
  }
  state.shares.clear();  // the ephemeral private keys are no longer needed

  TLSPP_TRY(ctx.transcript.choose_hash(suite->hash));
  ctx.transcript.add(message.encoded);
  ctx.io->set_version(ProtocolVersion::tls1_3);
  ctx.info.version = ProtocolVersion::tls1_3;
  ctx.info.cipher_suite = sh.cipher_suite;
  ctx.info.group = group;
  ctx.info.server_name = ctx.server_name;
  if (ctx.io->observed()) {
    report_received(*ctx.io, message, false,
                    {{"version", {"TLS 1.3"}},
                     {"cipher_suite", {display_name(sh.cipher_suite)}},
                     {"key_share", {group ? display_name(*group) : "none (psk_ke)"}},
                     {"pre_shared_key", {psk ? "resumed" : "none"}},
                     {"random", {codec::to_hex(sh.random)}}});
    ctx.io->emit(ChoiceEvent{"version", "TLS 1.3", "the server's supported_versions", {}});
    ctx.io->emit(ChoiceEvent{"cipher suite", display_name(sh.cipher_suite), "chosen by the server",
                             display_names<CipherSuite>(ctx.suites)});
    if (group) {
      ctx.io->emit(ChoiceEvent{"key exchange group", display_name(*group),
                               "the server used our key share",
                               display_names<NamedGroup>(ctx.groups)});
    }
    if (psk) {
      ctx.io->emit(ChoiceEvent{"resumption", "resumed", "the server accepted our ticket", {}});
    }
  }

  // RFC 8446 §7.1: the early secret is HKDF-Extract(0, PSK) (zeros without one); the (EC)DHE
  // secret (zeros for psk_ke) enters the next Extract.
  SecretBytes psk_secret;
  if (psk) psk_secret = SessionAccess::impl(*ctx.offered_session).state.secret.clone();
  TLSPP_ASSIGN_OR_RETURN(EarlySecret early,
                         EarlySecret::derive(*ctx.provider, suite->hash, psk_secret.span()));
  psk_secret.wipe();
  TLSPP_ASSIGN_OR_RETURN(HandshakeSecret hs, std::move(early).into_handshake_secret(shared));
  shared.wipe();
  TLSPP_ASSIGN_OR_RETURN(Digest hello_hash, ctx.transcript.current());
  TLSPP_ASSIGN_OR_RETURN(SecretBytes client_hs, hs.client_handshake_traffic_secret(hello_hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes server_hs, hs.server_handshake_traffic_secret(hello_hash));
  if (ctx.io->observed()) {
    ctx.io->emit(SecretEvent{"handshake_secret"});
    ctx.io->emit(SecretEvent{"client_handshake_traffic_secret"});
    ctx.io->emit(SecretEvent{"server_handshake_traffic_secret"});
  }
  log_secret(*ctx.io, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", ctx.client_random, client_hs);
  log_secret(*ctx.io, "SERVER_HANDSHAKE_TRAFFIC_SECRET", ctx.client_random, server_hs);
  TLSPP_TRY(install_traffic_keys13(*ctx.io, *ctx.provider, *suite, server_hs, false, "handshake"));
  // While 0-RTT data may still be sent, the early write keys stay (end_early_data installs ours).
  if (!ctx.early_data_sent) {
    TLSPP_TRY(install_traffic_keys13(*ctx.io, *ctx.provider, *suite, client_hs, true, "handshake"));
  }
  return ClientState(WaitEncryptedExtensions{
      HandshakeSecrets13{suite, std::move(hs), std::move(client_hs), std::move(server_hs)}, psk});
}

}  // namespace tlspp::handshake::client
