#include "handshake/negotiation.h"

#include <algorithm>
#include <cstdio>

#include "handshake/suites.h"

namespace tlspp::handshake {
namespace {

template <class E>
std::string hex_or_name(E v, std::string_view name) {
  if (!name.empty()) return std::string(name);
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", static_cast<unsigned>(v));
  return buf;
}

template <class T>
bool contains(std::span<const T> list, T v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string ordinal(std::size_t i) {
  static const char* kWords[] = {"first", "second", "third", "fourth", "fifth"};
  if (i < 5) return kWords[i];
  return "#" + std::to_string(i + 1);
}

}  // namespace

std::string display_name(CipherSuite v) { return hex_or_name(v, name_of(v)); }
std::string display_name(NamedGroup v) { return hex_or_name(v, name_of(v)); }
std::string display_name(SignatureScheme v) { return hex_or_name(v, name_of(v)); }
std::string display_name(ProtocolVersion v) { return hex_or_name(v, name_of(v)); }

std::vector<CipherSuite> default_cipher_suites() {
  std::vector<CipherSuite> out;
  for (const auto& s : all_suites()) {
    if (s.kex != KeyExchange::rsa) out.push_back(s.suite);
  }
  return out;
}

std::vector<SignatureScheme> default_signature_schemes() {
  using S = SignatureScheme;
  return {S::ecdsa_secp256r1_sha256, S::ecdsa_secp384r1_sha384, S::ed25519,
          S::rsa_pss_rsae_sha256,    S::rsa_pss_rsae_sha384,    S::rsa_pss_rsae_sha512,
          S::rsa_pss_pss_sha256,     S::rsa_pss_pss_sha384,     S::rsa_pss_pss_sha512,
          S::rsa_pkcs1_sha256,       S::rsa_pkcs1_sha384,       S::rsa_pkcs1_sha512};
}

std::vector<CipherSuite> effective_cipher_suites(std::span<const CipherSuite> configured,
                                                 bool allow_legacy_rsa) {
  std::vector<CipherSuite> out;
  if (configured.empty()) {
    out = default_cipher_suites();
    if (allow_legacy_rsa) {
      for (const auto& s : all_suites()) {
        if (s.kex == KeyExchange::rsa) out.push_back(s.suite);
      }
    }
    return out;
  }
  for (CipherSuite cs : configured) {
    const SuiteInfo* info = suite_info(cs);
    if (info == nullptr) continue;
    if (info->kex == KeyExchange::rsa && !allow_legacy_rsa) continue;
    out.push_back(cs);
  }
  return out;
}

Result<Choice<ProtocolVersion>> choose_version(ProtocolVersion min, ProtocolVersion max,
                                               std::span<const ProtocolVersion> offered) {
  // RFC 8446 §4.2.1: pick from the client's list, ignoring values we do not know (GREASE).
  std::optional<ProtocolVersion> best;
  for (ProtocolVersion v : offered) {
    auto raw = static_cast<std::uint16_t>(v);
    if (raw != 0x0303 && raw != 0x0304) continue;  // RFC 8996: nothing below TLS 1.2
    if (raw < static_cast<std::uint16_t>(min) || raw > static_cast<std::uint16_t>(max)) continue;
    if (!best || raw > static_cast<std::uint16_t>(*best)) best = v;
  }
  if (!best) {
    std::string list;
    for (ProtocolVersion v : offered) {
      if (!list.empty()) list += ", ";
      list += display_name(v);
    }
    return Error(ErrorCode::protocol_version, "no common protocol version: the client offered " +
                                                  list + "; we accept " + display_name(min) +
                                                  " to " + display_name(max));
  }
  return Choice<ProtocolVersion>{*best, "the highest version both sides support"};
}

Result<Choice<CipherSuite>> choose_cipher_suite(std::span<const CipherSuite> ours,
                                                std::span<const CipherSuite> offered,
                                                ProtocolVersion version, bool server_order,
                                                bool (*usable)(CipherSuite, const void*),
                                                const void* usable_arg) {
  auto acceptable = [&](CipherSuite cs) {
    const SuiteInfo* info = suite_info(cs);
    return info != nullptr && info->version == version && contains(ours, cs) &&
           contains(offered, cs) && (usable == nullptr || usable(cs, usable_arg));
  };
  std::span<const CipherSuite> order = server_order ? ours : offered;
  for (CipherSuite cs : order) {
    if (!acceptable(cs)) continue;
    auto pos = std::find(offered.begin(), offered.end(), cs) - offered.begin();
    std::string why = server_order ? "the server's preference; the client offered it " +
                                         ordinal(static_cast<std::size_t>(pos))
                                   : "the client's preference (its " +
                                         ordinal(static_cast<std::size_t>(pos)) + " choice)";
    return Choice<CipherSuite>{cs, why};
  }
  return Error(ErrorCode::no_common_cipher_suite,
               "no cipher suite for " + display_name(version) + " that both sides support");
}

Result<Choice<GroupChoice>> choose_group(std::span<const NamedGroup> ours,
                                         std::span<const NamedGroup> client_supported,
                                         std::span<const NamedGroup> client_shares) {
  for (NamedGroup g : ours) {
    if (contains(client_shares, g)) {
      return Choice<GroupChoice>{{g, false}, "the client sent a key share for it"};
    }
  }
  for (NamedGroup g : ours) {
    if (contains(client_supported, g)) {
      return Choice<GroupChoice>{
          {g, true}, "supported by both, but the client sent no share for it: HelloRetryRequest"};
    }
  }
  return Error(ErrorCode::no_common_group, "the client supports none of our key exchange groups");
}

bool scheme_fits_key(SignatureScheme scheme, crypto::KeyType type, ProtocolVersion version) {
  using S = SignatureScheme;
  using K = crypto::KeyType;
  const bool tls13 = version == ProtocolVersion::tls1_3;
  switch (scheme) {
    case S::ecdsa_secp256r1_sha256:
      return type == K::ec_p256 || (!tls13 && (type == K::ec_p384 || type == K::ec_p521));
    case S::ecdsa_secp384r1_sha384:
      return type == K::ec_p384 || (!tls13 && (type == K::ec_p256 || type == K::ec_p521));
    case S::ecdsa_secp521r1_sha512:
      return type == K::ec_p521 || (!tls13 && (type == K::ec_p256 || type == K::ec_p384));
    case S::rsa_pss_rsae_sha256:
    case S::rsa_pss_rsae_sha384:
    case S::rsa_pss_rsae_sha512: return type == K::rsa;
    case S::rsa_pss_pss_sha256:
    case S::rsa_pss_pss_sha384:
    case S::rsa_pss_pss_sha512: return type == K::rsa_pss;
    case S::rsa_pkcs1_sha256:
    case S::rsa_pkcs1_sha384:
    case S::rsa_pkcs1_sha512:
      // RFC 8446 §4.2.3: PKCS#1 v1.5 is for certificates only, never TLS 1.3 handshake signatures.
      return type == K::rsa && !tls13;
    case S::ed25519: return type == K::ed25519;
    default: return false;
  }
}

Result<Choice<SignatureScheme>> choose_signature_scheme(std::span<const SignatureScheme> ours,
                                                        std::span<const SignatureScheme> offered,
                                                        crypto::KeyType key_type,
                                                        ProtocolVersion version) {
  for (SignatureScheme s : ours) {
    if (contains(offered, s) && scheme_fits_key(s, key_type, version)) {
      return Choice<SignatureScheme>{s, "our preferred scheme that the peer accepts for a " +
                                            std::string(crypto::name_of(key_type)) + " key"};
    }
  }
  return Error(ErrorCode::no_common_signature_scheme,
               "the peer accepts no signature scheme that our " +
                   std::string(crypto::name_of(key_type)) + " key can produce");
}

Result<std::optional<std::string>> choose_alpn(std::span<const std::string> ours,
                                               std::span<const std::string> offered) {
  if (ours.empty() || offered.empty()) return std::optional<std::string>();
  for (const auto& p : ours) {
    if (contains(offered, p)) return std::optional<std::string>(p);
  }
  // RFC 7301 §3.2: no overlap -> no_application_protocol.
  return Error(ErrorCode::no_application_protocol,
               "the client offered no application protocol we speak");
}

}  // namespace tlspp::handshake
