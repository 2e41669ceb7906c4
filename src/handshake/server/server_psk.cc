// TLS 1.3 resumption, server side: the client's PSK offer (RFC 8446 §4.2.9, §4.2.11) and the
// 0-RTT decision with anti-replay (§4.2.10, §8).
#include "handshake/server/server_psk.h"

#include <algorithm>

#include "handshake/common.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_pre_shared_key.h"

namespace tlspp::handshake::server {
namespace {

bool has_mode(const msgs::PskKeyExchangeModes& modes, msgs::PskKeyExchangeMode mode) {
  return std::find(modes.modes.begin(), modes.modes.end(), mode) != modes.modes.end();
}

bool offers(const std::vector<CipherSuite>& suites, CipherSuite suite) {
  return std::find(suites.begin(), suites.end(), suite) != suites.end();
}

// The unexpired session state behind `identity`, or nullopt.
std::optional<SessionState> look_up(const ServerConfig& cfg, Bytes identity, std::int64_t now) {
  if (cfg.ticket_keys) return SessionAccess::open(*cfg.ticket_keys, identity, now);
  if (cfg.session_cache) return SessionAccess::take(*cfg.session_cache, identity, now);
  return std::nullopt;
}

// RFC 8446 §4.2.10 / §8: whether to accept the 0-RTT data offered with identity `index`; `why`
// says why not.
bool accept_early_data(ServerContext& ctx, const msgs::ClientHello& ch, const SessionState& state,
                       const msgs::PskIdentity& identity, std::size_t index, const SuiteInfo& suite,
                       bool after_retry, const std::optional<std::string>& alpn, std::string& why) {
  const ServerConfig& cfg = *ctx.config;
  const std::int64_t now = ctx.io->now_ms();
  if (!offers_early_data(ch)) {
    why = "the client offered none";
  } else if (after_retry) {
    why = "a HelloRetryRequest was sent";
  } else if (index != 0) {
    why = "only the first PSK may carry early data";
  } else if (cfg.max_early_data == 0 || !cfg.replay_guard) {
    why = "this server does not accept early data";
  } else if (state.max_early_data == 0) {
    why = "the ticket does not allow early data";
  } else if (state.suite != suite.suite &&
             !(offers(ch.cipher_suites, state.suite) && offers(ctx.suites, state.suite))) {
    // answer_client_hello switches to the session's suite when both sides enable it.
    why = "the session's cipher suite is not available";
  } else if (alpn.value_or("") != state.alpn) {
    why = "the ALPN protocol differs from the session's";
  } else {
    // RFC 8446 §8.3: the client's view of the ticket age must be close to ours.
    const std::uint32_t client_age = identity.obfuscated_ticket_age - state.age_add;
    const std::int64_t expected = now - state.created_ms;
    const std::int64_t skew = static_cast<std::int64_t>(client_age) - expected;
    if (std::abs(skew) > cfg.replay_guard->window().count()) {
      why = "the ticket age is outside the freshness window (" + std::to_string(skew) + " ms)";
    } else if (!SessionAccess::first_use(*cfg.replay_guard, identity.identity, now)) {
      why = "the ticket was already used for early data (replay)";
    } else {
      why = "fresh, first use of the ticket, same suite and ALPN";
      return true;
    }
  }
  return false;
}

}  // namespace

bool offers_early_data(const msgs::ClientHello& ch) {
  return ch.extensions && ch.extensions->contains(ExtensionType::early_data);
}

std::size_t early_data_skip_limit(const ServerConfig& cfg) {
  // RFC 8446 §4.2.10: skip up to the configured max_early_data_size; a client that holds an older
  // ticket may send up to what an earlier configuration issued, so at least
  // limits.max_early_data_size (16 KiB by default).
  return std::max<std::size_t>(cfg.max_early_data, cfg.limits.max_early_data_size);
}

Result<bool> psk_ke_only(const ServerContext& ctx, const msgs::ClientHello& ch) {
  if (!ctx.config->allow_psk_ke || !ch.extensions ||
      !ch.extensions->contains(ExtensionType::pre_shared_key)) {
    return false;
  }
  TLSPP_ASSIGN_OR_RETURN(auto modes, find_extension<msgs::PskKeyExchangeModes>(
                                         *ch.extensions, ExtensionType::psk_key_exchange_modes));
  return modes && has_mode(*modes, msgs::PskKeyExchangeMode::psk_ke) &&
         (ctx.config->prefer_psk_ke || !has_mode(*modes, msgs::PskKeyExchangeMode::psk_dhe_ke));
}

Result<std::optional<PskChoice>> choose_psk(ServerContext& ctx, const msgs::ClientHello& ch,
                                            Bytes encoded, const SuiteInfo& suite,
                                            bool dhe_possible, bool after_retry,
                                            const std::optional<std::string>& alpn) {
  const ServerConfig& cfg = *ctx.config;
  std::optional<PskChoice> none;
  if (!ch.extensions) return none;
  TLSPP_ASSIGN_OR_RETURN(
      auto psks, find_extension<msgs::OfferedPsks>(*ch.extensions, ExtensionType::pre_shared_key));
  if (!psks) return none;
  TLSPP_ASSIGN_OR_RETURN(auto modes, find_extension<msgs::PskKeyExchangeModes>(
                                         *ch.extensions, ExtensionType::psk_key_exchange_modes));
  // RFC 8446 §4.2.9: "If clients offer "pre_shared_key" without a "psk_key_exchange_modes"
  // extension, servers MUST abort the handshake."
  if (!modes) {
    return Error(ErrorCode::missing_extension, "pre_shared_key without psk_key_exchange_modes");
  }
  // RFC 8446 §4.2.9: a mode the client listed; psk_dhe_ke first (psk_ke first when preferred),
  // psk_ke only if allowed.
  const bool ke_ok = cfg.allow_psk_ke && has_mode(*modes, msgs::PskKeyExchangeMode::psk_ke);
  const bool dhe_ok = dhe_possible && has_mode(*modes, msgs::PskKeyExchangeMode::psk_dhe_ke);
  bool dhe = false;
  if (dhe_ok && !(ke_ok && cfg.prefer_psk_ke)) {
    dhe = true;
  } else if (!ke_ok) {
    if (ctx.io->observed()) {
      ctx.io->emit(NoteEvent{"no acceptable psk_key_exchange_mode: full handshake"});
    }
    return none;
  }
  const std::int64_t now = ctx.io->now_ms();
  const std::string& server_name = ctx.info.server_name;  // set from the offer by the caller
  for (std::size_t i = 0; i < psks->identities.size(); ++i) {
    const msgs::PskIdentity& identity = psks->identities[i];
    std::optional<SessionState> state = look_up(cfg, identity.identity, now);
    const SuiteInfo* session_suite = state ? suite_info(state->suite) : nullptr;
    const char* skip = nullptr;
    if (!state) {
      skip = "unknown, undecryptable or expired ticket";
    } else if (state->version != ProtocolVersion::tls1_3 || session_suite == nullptr ||
               session_suite->hash != suite.hash) {
      skip = "the session's hash differs from the chosen suite's";
    } else if (state->expires_ms() <= now) {
      skip = "the ticket has expired";
    } else if (state->server_name != server_name) {
      skip = "the session was for another server name";
    }
    if (skip != nullptr) {
      if (ctx.io->observed()) {
        ctx.io->emit(NoteEvent{"PSK identity " + std::to_string(i) + " ignored: " + skip});
      }
      continue;
    }
    // RFC 8446 §4.2.11: verify the binder before using anything else from the PSK.
    TLSPP_ASSIGN_OR_RETURN(Bytes truncated, msgs::truncate_client_hello(encoded, *psks));
    TLSPP_ASSIGN_OR_RETURN(Digest hash, ctx.transcript.hash_with(suite.hash, truncated));
    TLSPP_ASSIGN_OR_RETURN(EarlySecret early,
                           EarlySecret::derive(*ctx.provider, suite.hash, state->secret.span()));
    TLSPP_ASSIGN_OR_RETURN(SecretBytes binder_key, early.binder_key(true));
    TLSPP_ASSIGN_OR_RETURN(SecretBytes expected,
                           finished_verify_data(*ctx.provider, suite.hash, binder_key, hash));
    auto binder = verify_binder(expected, psks->binders[i]);
    if (ctx.io->observed()) {
      ctx.io->emit(
          CheckEvent{"PSK binder", binder.ok(),
                     binder.ok() ? "the client holds the ticket's PSK" : binder.error().reason});
    }
    if (!binder.ok()) return std::move(binder).error();
    std::string why;
    const bool early_data =
        accept_early_data(ctx, ch, *state, identity, i, suite, after_retry, alpn, why);
    if (ctx.io->observed()) {
      ctx.io->emit(ChoiceEvent{"resumption",
                               dhe ? "psk_dhe_ke" : "psk_ke",
                               "ticket " + std::to_string(i) + " verified",
                               {}});
      if (offers_early_data(ch)) {
        ctx.io->emit(ChoiceEvent{"early data", early_data ? "accepted" : "rejected", why, {}});
      }
    }
    return std::optional<PskChoice>(PskChoice{std::move(*state), static_cast<std::uint16_t>(i), dhe,
                                              early_data, std::move(binder).value()});
  }
  return none;
}

}  // namespace tlspp::handshake::server
