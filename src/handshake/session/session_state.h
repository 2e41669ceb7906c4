// What a resumable session remembers, as both sides keep it (the server inside a ticket or its
// session cache, the client in a ClientSession), and the handshake layer's access to the public
// session objects of tlspp/session.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codec/secret_bytes.h"
#include "crypto/provider.h"
#include "tlspp/result.h"
#include "tlspp/session.h"
#include "tlspp/wire.h"

namespace tlspp::handshake {

using codec::SecretBytes;

// RFC 8446 §4.6.1: ticket_lifetime is capped at seven days.
inline constexpr std::uint32_t kMaxTicketLifetimeSeconds = 7 * 24 * 3600;

struct SessionState {
  ProtocolVersion version{};
  CipherSuite suite{};
  // TLS 1.2: the master secret. TLS 1.3: the PSK (HKDF-Expand-Label(resumption_master_secret,
  // "resumption", ticket_nonce), RFC 8446 §4.6.1).
  SecretBytes secret;
  bool extended_master_secret = false;  // TLS 1.2 (RFC 7627 §5.3: resumption must match)
  std::string server_name;              // the SNI of the connection that established it
  std::string alpn;
  std::int64_t created_ms = 0;  // establishment (1.2) / ticket issue (1.3) time
  std::uint32_t lifetime_s = 0;
  std::uint32_t age_add = 0;         // TLS 1.3 ticket_age_add
  std::uint32_t max_early_data = 0;  // TLS 1.3 early_data.max_early_data_size
  // The peer's certificate chain (DER, leaf first) as verified when the session was established:
  // the server's for a client, the client's (if it authenticated) for a server.
  std::vector<std::vector<std::uint8_t>> peer_chain;

  SessionState() = default;
  SessionState(SessionState&&) = default;
  SessionState& operator=(SessionState&&) = default;
  SessionState clone() const;

  std::int64_t expires_ms() const {
    return created_ms + static_cast<std::int64_t>(lifetime_s) * 1000;
  }

  // A versioned, self-delimiting encoding; the result is secret (it holds `secret`).
  SecretBytes encode() const;
  // decode_error for anything malformed (including trailing bytes or an unknown format version).
  static Result<SessionState> decode(std::span<const std::uint8_t> bytes);
};

}  // namespace tlspp::handshake

// What the client keeps for one resumable session.
struct tlspp::ClientSession::Impl {
  handshake::SessionState state;
  // TLS 1.3: the ticket (the PSK identity). TLS 1.2: the RFC 5077 ticket, if the server sent one.
  std::vector<std::uint8_t> ticket;
  // TLS 1.2: the session ID the server assigned (empty when it did not cache the session).
  std::vector<std::uint8_t> session_id;
};

namespace tlspp::handshake {

// The handshake layer's access to the internals of the public session objects.
struct SessionAccess {
  // TicketKeys: seals `state` into a ticket with the current key (rotating first when due).
  static Result<std::vector<std::uint8_t>> seal(TicketKeys& keys, const SessionState& state,
                                                std::int64_t now_ms);
  // Opens a ticket sealed by any key still valid at now_ms. nullopt for anything that does not
  // open (unknown or expired key, tampered, malformed): the caller falls back to a full handshake.
  // When `sealed_by_current` is given, it is set to whether the ticket's key is the current one and
  // not yet due for rotation (a ticket sealed now would use the same key).
  static std::optional<SessionState> open(TicketKeys& keys, std::span<const std::uint8_t> ticket,
                                          std::int64_t now_ms, bool* sealed_by_current = nullptr);

  // ServerSessionCache: stores `state` under `id` (replacing any entry), evicting as needed.
  static void put(ServerSessionCache& cache, std::span<const std::uint8_t> id,
                  const SessionState& state, std::int64_t now_ms);
  // The unexpired state under `id` (copied; the entry stays), or nullopt.
  static std::optional<SessionState> get(ServerSessionCache& cache,
                                         std::span<const std::uint8_t> id, std::int64_t now_ms);
  // As get(), and removes the entry (single-use TLS 1.3 tickets).
  static std::optional<SessionState> take(ServerSessionCache& cache,
                                          std::span<const std::uint8_t> id, std::int64_t now_ms);
  static void erase(ServerSessionCache& cache, std::span<const std::uint8_t> id);

  // ReplayGuard: true the first time `id` is seen within the window; false for a repeat, or when
  // the guard is full of unexpired entries.
  static bool first_use(ReplayGuard& guard, std::span<const std::uint8_t> id, std::int64_t now_ms);

  // ClientSession construction and access.
  static std::shared_ptr<const ClientSession> make_client_session(ClientSession::Impl impl);
  static const ClientSession::Impl& impl(const ClientSession& session);
};

}  // namespace tlspp::handshake
