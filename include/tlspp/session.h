// Session resumption state shared between connections: the server's ticket keys, session cache and
// 0-RTT replay guard, and the client's session store. Each object is thread-safe and is shared by
// every connection of a config (std::shared_ptr in ServerConfig / ClientConfig). Time is never
// read here: the connection passes its configured clock's reading in.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp {

namespace crypto {
class Provider;
}  // namespace crypto
namespace handshake {
struct SessionAccess;  // the handshake layer's view of the internals
}  // namespace handshake

// Keys that seal session state into tickets, for TLS 1.2 session tickets (RFC 5077) and TLS 1.3
// NewSessionTicket alike. A ticket is key_name(16) || nonce(12) || AES-256-GCM(state) || tag(16),
// with the key name as additional data (the RFC 5077 §4 recommended construction, with an AEAD
// instead of AES-CBC + HMAC). The current key seals; every `rotation` a new key takes over, and a
// retired key still opens tickets for `grace` after its retirement, so a ticket stays usable for
// at least `grace` (set grace >= the ticket lifetime). Rotation happens on the first seal or open
// after it is due, at the time the connection's clock gives.
class TicketKeys {
 public:
  struct Options {
    std::chrono::seconds rotation{std::chrono::hours(1)};
    std::chrono::seconds grace{std::chrono::hours(2)};
    std::size_t max_retired_keys = 8;  // beyond this, the oldest retired key is dropped early
  };
  // Keys are drawn from `provider`'s randomness (null: the libcrypto provider).
  static std::shared_ptr<TicketKeys> create(std::shared_ptr<crypto::Provider> provider = nullptr);
  static std::shared_ptr<TicketKeys> create(std::shared_ptr<crypto::Provider> provider,
                                            Options options);

  ~TicketKeys();
  TicketKeys(const TicketKeys&) = delete;
  TicketKeys& operator=(const TicketKeys&) = delete;

  // Retires the current key now: tickets sealed from here on use a new one.
  Status rotate(std::int64_t now_ms);
  // How many keys can currently open tickets (the current one and those in their grace period).
  std::size_t key_count() const;

  struct Impl;

 private:
  friend struct handshake::SessionAccess;
  explicit TicketKeys(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The server's cache of session state by identifier: TLS 1.2 session IDs (RFC 5246 §7.4.1.2) and,
// when no TicketKeys are configured, TLS 1.3 tickets held server-side (single use). Bounded in
// entries (least recently used first out) and in lifetime.
class ServerSessionCache {
 public:
  struct Options {
    std::size_t max_entries = 20000;
    std::chrono::seconds lifetime{std::chrono::hours(2)};
  };
  static std::shared_ptr<ServerSessionCache> create();
  static std::shared_ptr<ServerSessionCache> create(Options options);

  ~ServerSessionCache();
  ServerSessionCache(const ServerSessionCache&) = delete;
  ServerSessionCache& operator=(const ServerSessionCache&) = delete;

  std::size_t size() const;
  // Forgets every session (e.g. after a configuration change that old sessions must not outlive).
  void clear();

  struct Impl;

 private:
  friend struct handshake::SessionAccess;
  explicit ServerSessionCache(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// RFC 8446 §8: 0-RTT anti-replay. Remembers each ticket used for early data for `window` (the
// freshness window on the obfuscated ticket age, §8.3): a second ClientHello with the same ticket
// inside the window gets a full 1-RTT handshake without early data, and one outside the window is
// refused early data by the age check. Bounded: when full of unexpired entries, early data is
// refused (never accepted unchecked).
class ReplayGuard {
 public:
  struct Options {
    std::size_t max_entries = 100000;
    std::chrono::milliseconds window{10000};
  };
  static std::shared_ptr<ReplayGuard> create();
  static std::shared_ptr<ReplayGuard> create(Options options);

  ~ReplayGuard();
  ReplayGuard(const ReplayGuard&) = delete;
  ReplayGuard& operator=(const ReplayGuard&) = delete;

  std::chrono::milliseconds window() const;
  std::size_t size() const;

  struct Impl;

 private:
  friend struct handshake::SessionAccess;
  explicit ReplayGuard(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A session the client can resume: a TLS 1.3 ticket (with its PSK) or a TLS 1.2 session (session
// ID and/or ticket, with the master secret). Immutable. serialize() holds the session's secret:
// whoever reads it can resume the session (and decrypt its 0-RTT data), so store it like a key.
class ClientSession {
 public:
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  ProtocolVersion version() const;
  CipherSuite cipher_suite() const;
  const std::string& server_name() const;
  const std::string& alpn() const;
  // When the session was established / the ticket received (Unix ms), and until when it may be
  // offered.
  std::int64_t created_ms() const;
  std::int64_t expires_ms() const;
  // TLS 1.3: how much 0-RTT data the ticket allows (0: none).
  std::uint32_t max_early_data() const;

  // A self-contained encoding (for `tlspp client --sess-out`), and back. parse() refuses anything
  // malformed with a decode error.
  std::vector<std::uint8_t> serialize() const;
  static Result<std::shared_ptr<const ClientSession>> parse(std::span<const std::uint8_t> bytes);

  struct Impl;

 private:
  friend struct handshake::SessionAccess;
  explicit ClientSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The client's sessions per server (key: "server name:port", or whatever the application passes
// as the connection's session key). TLS 1.3 tickets are used once each (RFC 8446 §C.4); a TLS 1.2
// session is kept until replaced or expired. Bounded: `max_servers` keys, least recently used
// first out, and `per_server` tickets each (newest kept).
class ClientSessionStore {
 public:
  struct Options {
    std::size_t max_servers = 256;
    std::size_t per_server = 4;
  };
  static std::shared_ptr<ClientSessionStore> create();
  static std::shared_ptr<ClientSessionStore> create(Options options);

  ~ClientSessionStore();
  ClientSessionStore(const ClientSessionStore&) = delete;
  ClientSessionStore& operator=(const ClientSessionStore&) = delete;

  // Adds a session for `key` (a TLS 1.2 session replaces the key's previous TLS 1.2 session).
  void put(const std::string& key, std::shared_ptr<const ClientSession> session);
  // The newest unexpired session for `key` at `now_ms`, or null. A TLS 1.3 ticket is removed (used
  // once); a TLS 1.2 session stays.
  std::shared_ptr<const ClientSession> take(const std::string& key, std::int64_t now_ms);
  // The newest session for `key` without removing it (e.g. to save it to a file), or null.
  std::shared_ptr<const ClientSession> peek(const std::string& key) const;
  void forget(const std::string& key);
  std::size_t size() const;  // sessions held, over all keys

  struct Impl;

 private:
  explicit ClientSessionStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tlspp
