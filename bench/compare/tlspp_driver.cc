// The tlspp driver: one ClientConfig/ServerConfig pair per Scenario, sans-I/O Connections whose
// output the driver moves through the harness's in-memory Pipes (the same one memcpy in and one
// out per direction that the OpenSSL BIO and the GnuTLS push/pull functions pay).
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "crypto/openssl/openssl_provider.h"
#include "driver.h"
#include "pipe.h"
#include "tlspp/config.h"
#include "tlspp/connection.h"
#include "x509/pem.h"
#include "x509/trust_store.h"

namespace tlspp::bench {
namespace {

using ConnPtr = std::unique_ptr<tlspp::Connection>;

// ---- resumption ---------------------------------------------------------------------------------
//
// The peers' method (BENCHMARKS.md): stateless tickets only (no server session cache), the client
// reads the tickets the server sends after each handshake, and every timed handshake offers the
// session of one untimed full handshake and is checked to be resumed, in the asked mode.

// Why tlspp cannot run the resumption mode `r`, or "" when it can.
//
// psk_ke: tlspp's client always lists psk_dhe_ke with a key share next to psk_ke
// (ClientConfig::allow_psk_ke adds psk_ke to the offer), and its server picks psk_dhe_ke whenever
// the client lists it and sent a usable key share (RFC 8446 §4.2.9 leaves the choice to the
// server; ServerConfig::allow_psk_ke accepts psk_ke only when it is all the client offers). So
// two tlspp peers never negotiate psk_ke — the same situation as OpenSSL 3.0. The untimed probe
// in prepare_handshakes() still tries, and reports n/a when a key share was used.
std::string resumption_unavailable(Resumption /*r*/) { return {}; }

// Stateless tickets only, on every scenario (full ones too), as the peers' servers run: no
// ServerSessionCache, so TLS 1.2 sessions get no session ID to cache and TLS 1.3 tickets are
// sealed with ticket_keys (ServerConfig::session_cache holds TLS 1.2 session IDs, and TLS 1.3
// tickets only when ticket_keys is null). The client keeps the default ClientSessionStore: it
// stores each ticket the server sends, as the peers' clients build a session from each.
void stateless_tickets_only(ServerConfig& server) { server.session_cache = nullptr; }

// Configures both sides for resumption in `s`'s mode. Returns "" or what failed.
std::string enable_resumption(const Scenario& s, ClientConfig& client, ServerConfig& server) {
  if (!client.session_store || !server.ticket_keys || server.tickets_per_handshake == 0) {
    return "resumption is off in the default configs";
  }
  if (s.resumption == Resumption::psk_ke) {
    client.allow_psk_ke = true;
    server.allow_psk_ke = true;
  }
  return {};
}

// The session a resumed handshake starts from: the newest ticket the client stored for the
// server during the untimed first handshake (ClientSessionStore::peek leaves it in the store).
using Session = std::shared_ptr<const ClientSession>;

Session take_session(const ClientConfig& client, const Scenario& s) {
  return client.session_store ? client.session_store->peek(s.server_name) : nullptr;
}

// ---- credentials --------------------------------------------------------------------------------

std::string slurp(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  *ok = static_cast<bool>(in);
  return ss.str();
}

// The server's chain and key of one kind, read with tlspp's own PEM reader and key loader.
Result<std::shared_ptr<const CertifiedKey>> load_identity(crypto::Provider& provider,
                                                          const Credentials& creds, CertKind kind) {
  auto key = std::make_shared<CertifiedKey>();
  bool ok = false;
  const std::string chain = slurp(creds.chain_file(kind), &ok);
  if (!ok) return Error(ErrorCode::invalid_argument, "cannot read " + creds.chain_file(kind));
  TLSPP_ASSIGN_OR_RETURN(auto blocks, x509::parse_pem(chain));
  for (auto& b : blocks) key->chain.push_back(std::move(b.data));
  const std::string pem = slurp(creds.key_file(kind), &ok);
  if (!ok) return Error(ErrorCode::invalid_argument, "cannot read " + creds.key_file(kind));
  TLSPP_ASSIGN_OR_RETURN(
      auto pk,
      provider.load_private_key({reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()}));
  key->key = std::shared_ptr<const crypto::PrivateKey>(std::move(pk));
  return std::shared_ptr<const CertifiedKey>(std::move(key));
}

CipherSuite suite_of(const Scenario& s) {
  const bool aes = s.aead == Aead::aes_128_gcm;
  if (s.version == Version::tls13) {
    return aes ? CipherSuite::tls_aes_128_gcm_sha256 : CipherSuite::tls_chacha20_poly1305_sha256;
  }
  if (s.cert == CertKind::ecdsa_p256) {
    return aes ? CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256
               : CipherSuite::tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256;
  }
  return aes ? CipherSuite::tls_ecdhe_rsa_with_aes_128_gcm_sha256
             : CipherSuite::tls_ecdhe_rsa_with_chacha20_poly1305_sha256;
}

// Exactly one version, one suite, X25519 — what the peers' drivers configure.
void configure_common(const Scenario& s, CommonConfig& c, std::shared_ptr<crypto::Provider> p) {
  c.provider = std::move(p);
  const ProtocolVersion v =
      s.version == Version::tls13 ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2;
  c.min_version = v;
  c.max_version = v;
  c.cipher_suites = {suite_of(s)};
  c.groups = {NamedGroup::x25519};
}

// Both configs of one Scenario, built once (no PEM parsing inside a timed call).
struct Configs {
  std::shared_ptr<const ClientConfig> client;
  std::shared_ptr<const ServerConfig> server;
};

// ---- one client/server pair ---------------------------------------------------------------------

// Moves everything `from` has to send into `pipe`.
void send_out(tlspp::Connection& from, Pipe& pipe) {
  const auto out = from.pending_output();
  if (out.empty()) return;
  pipe.write(out.data(), out.size());
  from.consume_output(out.size());
}

// Hands what `pipe` holds to `to` through `staging` (one read() into a receive buffer, as from a
// socket). Bytes `to` does not take (it holds 64 KiB of unread plaintext) stay at the front of
// `staging`; `*held` counts them. Returns "" or the error.
std::string deliver(Pipe& pipe, tlspp::Connection& to, std::vector<std::uint8_t>& staging,
                    std::size_t* held, const char* who) {
  for (;;) {
    *held += pipe.read(staging.data() + *held, staging.size() - *held);
    if (*held == 0) return {};
    auto used = to.receive({staging.data(), *held});
    if (!used.ok()) return std::string(who) + ": " + used.error().to_string();
    if (*used < *held) std::memmove(staging.data(), staging.data() + *used, *held - *used);
    *held -= *used;
    if (*used == 0 || pipe.empty()) return {};
  }
}

// A client and a server Connection joined by two Pipes.
struct Conn {
  PipePair pipes;
  ConnPtr client;
  ConnPtr server;
};

// Receive buffers for the pump, shared by every connection of a runner (as one event loop's).
struct Staging {
  std::vector<std::uint8_t> to_server = std::vector<std::uint8_t>(64 * 1024);
  std::vector<std::uint8_t> to_client = std::vector<std::uint8_t>(64 * 1024);
};

// Creates both Connections; the client offers `session` when given. Returns "" or the failure.
std::string open_conn(const Configs& cfg, const Scenario& s, const Session& session, Conn* conn) {
  ClientParams params;
  params.server_name = s.server_name;
  params.resume = session;  // offered instead of a store look-up when set
  auto client = tlspp::Connection::client(cfg.client, std::move(params));
  if (!client.ok()) return "client: " + client.error().to_string();
  auto server = tlspp::Connection::server(cfg.server);
  if (!server.ok()) return "server: " + server.error().to_string();
  conn->client = std::move(client).value();
  conn->server = std::move(server).value();
  return {};
}

// Runs both handshakes to completion and lets the client read what the server sent after its
// Finished (TLS 1.3 NewSessionTickets). Returns "" or the failure.
std::string complete(Conn* conn, Staging& staging) {
  for (int round = 0; round < 16; ++round) {
    std::size_t server_held = 0;
    std::size_t client_held = 0;
    send_out(*conn->client, conn->pipes.to_server);
    if (auto e = deliver(conn->pipes.to_server, *conn->server, staging.to_server, &server_held,
                         "server");
        !e.empty()) {
      return e;
    }
    send_out(*conn->server, conn->pipes.to_client);
    if (auto e = deliver(conn->pipes.to_client, *conn->client, staging.to_client, &client_held,
                         "client");
        !e.empty()) {
      return e;
    }
    if (server_held != 0 || client_held != 0 || conn->client->readable() != 0 ||
        conn->server->readable() != 0) {
      return "unexpected application data during the handshake";
    }
    if (conn->client->handshake_done() && conn->server->handshake_done() &&
        !conn->client->wants_write() && !conn->server->wants_write()) {
      return {};
    }
  }
  return "handshake stalled";
}

constexpr const char* kDheInsteadOfKe = "psk_dhe_ke negotiated instead of psk_ke";

// Checks that a resumed handshake really resumed on both sides, in the scenario's mode.
std::string check_resumed(const Scenario& s, const Conn& conn) {
  const SessionInfo& c = conn.client->info();
  const SessionInfo& sv = conn.server->info();
  if (!c.resumed || !sv.resumed) {
    return std::string("session not resumed: client ") + (c.resumed ? "1" : "0") + " server " +
           (sv.resumed ? "1" : "0");
  }
  if (s.resumption == Resumption::psk_dhe_ke && !c.group) {
    return "resumed without a key share (psk_ke) where psk_dhe_ke was asked";
  }
  if (s.resumption == Resumption::psk_ke && c.group) {
    return kDheInsteadOfKe;
  }
  return {};
}

// Checks the negotiated version, suite and group once per prepared scenario.
std::string check_negotiated(const Scenario& s, const Conn& conn) {
  const SessionInfo& i = conn.client->info();
  const ProtocolVersion v =
      s.version == Version::tls13 ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2;
  if (i.version != v) return "wrong version negotiated";
  if (i.cipher_suite != suite_of(s)) return "wrong suite negotiated";
  if (i.group != NamedGroup::x25519) return "X25519 not negotiated";
  return {};
}

// ---- runners ------------------------------------------------------------------------------------

class Handshakes final : public HandshakeRunner {
 public:
  Handshakes(Configs cfg, Scenario s, Session session)
      : cfg_(std::move(cfg)), s_(std::move(s)), session_(std::move(session)) {}

  Batch run(std::uint64_t count) override {
    Batch batch;
    for (std::uint64_t i = 0; i < count; ++i) {
      Conn conn;
      std::string e = open_conn(cfg_, s_, session_, &conn);
      if (e.empty()) e = complete(&conn, staging_);
      if (e.empty() && session_) e = check_resumed(s_, conn);
      if (e.empty()) {
        ++batch.done;
      } else {
        batch.fail(std::move(e));
      }
    }
    return batch;
  }

 private:
  Configs cfg_;
  Scenario s_;
  Session session_;  // what resumed handshakes start from; null for full ones
  Staging staging_;
};

class Bulk final : public BulkRunner {
 public:
  Bulk(Configs cfg, std::size_t write_size)
      : cfg_(std::move(cfg)),
        write_size_(write_size),
        source_(write_size),
        sink_(write_size > 16384 ? write_size : 16384) {
    for (std::size_t i = 0; i < source_.size(); ++i) source_[i] = static_cast<std::uint8_t>(i);
  }

  std::string start(const Scenario& s) {
    std::string e = open_conn(cfg_, s, nullptr, &conn_);
    if (e.empty()) e = complete(&conn_, staging_);
    if (e.empty()) e = check_negotiated(s, conn_);
    if (!e.empty()) return e;
    const Batch first = run(write_size_);  // the bytes must arrive intact once
    if (first.failures != 0) return first.first_failure;
    if (std::memcmp(sink_.data(), source_.data(), write_size_) != 0) return "bytes corrupted";
    return {};
  }

  Batch run(std::uint64_t bytes) override {
    Batch batch;
    tlspp::Connection& client = *conn_.client;
    tlspp::Connection& server = *conn_.server;
    for (std::uint64_t sent = 0; sent < bytes;) {
      const std::size_t n = bytes - sent < write_size_ ? bytes - sent : write_size_;
      if (auto st = client.write({source_.data(), n}); !st.ok()) {
        batch.fail("write: " + st.error().to_string());
        return batch;
      }
      send_out(client, conn_.pipes.to_server);
      std::size_t received = 0;
      while (received < n) {
        if (auto e = deliver(conn_.pipes.to_server, server, staging_.to_server, &held_, "server");
            !e.empty()) {
          batch.fail(std::move(e));
          return batch;
        }
        const std::size_t got = server.read(sink_);
        if (got == 0) {  // every byte sent was handed over, and no plaintext came out
          batch.fail("bytes missing: " + std::to_string(n - received));
          return batch;
        }
        received += got;
      }
      batch.done += received;
      sent += n;
    }
    return batch;
  }

 private:
  Configs cfg_;
  std::size_t write_size_;
  std::vector<std::uint8_t> source_;
  std::vector<std::uint8_t> sink_;
  Staging staging_;
  std::size_t held_ = 0;
  Conn conn_;
};

class Idle final : public IdleConnections {
 public:
  explicit Idle(Configs cfg) : cfg_(std::move(cfg)) {}

  // Opens one pair and exchanges one small record each way. Returns "" or the failure.
  std::string add(const Scenario& s) {
    auto conn = std::make_unique<Conn>();
    std::string e = open_conn(cfg_, s, nullptr, conn.get());
    if (e.empty()) e = complete(conn.get(), staging_);
    if (!e.empty()) return e;
    if (auto r = exchange(*conn->client, conn->pipes.to_server, *conn->server, staging_.to_server);
        !r.empty()) {
      return r;
    }
    if (auto r = exchange(*conn->server, conn->pipes.to_client, *conn->client, staging_.to_client);
        !r.empty()) {
      return r;
    }
    conns_.push_back(std::move(conn));
    return {};
  }

  std::string release_buffers(Side) override {
    // DESIGN.md: an idle Connection is to hold no buffers by itself; there is no call for it.
    return "tlspp has no call that releases an idle connection's buffers (by design it should "
           "hold none when idle)";
  }

  void free_side(Side side) override {
    for (auto& conn : conns_) (side == Side::client ? conn->client : conn->server).reset();
  }

 private:
  static std::string exchange(tlspp::Connection& from, Pipe& pipe, tlspp::Connection& to,
                              std::vector<std::uint8_t>& staging) {
    static constexpr std::uint8_t kPing[] = {'p', 'i', 'n', 'g'};
    if (auto st = from.write(kPing); !st.ok()) return "write: " + st.error().to_string();
    send_out(from, pipe);
    std::size_t held = 0;
    if (auto e = deliver(pipe, to, staging, &held, "record exchange"); !e.empty()) return e;
    std::uint8_t buf[16];
    if (to.read(buf) != sizeof kPing) return "record exchange: ping not received";
    return {};
  }

  Configs cfg_;
  Staging staging_;
  std::vector<std::unique_ptr<Conn>> conns_;
};

// ---- the driver ---------------------------------------------------------------------------------

class TlsppDriver final : public Driver {
 public:
  explicit TlsppDriver(Credentials creds)
      : creds_(std::move(creds)), provider_(crypto::openssl::make_provider()) {}

  std::string name() const override {
    return "tlspp 0.1.0 (protocol layer; crypto: " + std::string(provider_->name()) + ")";
  }

  Prepared<HandshakeRunner> prepare_handshakes(const Scenario& s) override {
    using P = Prepared<HandshakeRunner>;
    if (std::string why = resumption_unavailable(s.resumption); !why.empty()) return P::na(why);
    Configs cfg;
    if (std::string e = configs(s, &cfg); !e.empty()) return P::failed(e);
    // One untimed full handshake checks the negotiated parameters and yields the session that
    // resumed handshakes start from.
    Session session;
    {
      Conn conn;
      Staging staging;
      std::string e = open_conn(cfg, s, nullptr, &conn);
      if (e.empty()) e = complete(&conn, staging);
      if (e.empty()) e = check_negotiated(s, conn);
      if (!e.empty()) return P::failed("first handshake: " + e);
      if (s.resumption != Resumption::none) {
        session = take_session(*cfg.client, s);
        if (!session) return P::failed("no session stored after the first handshake");
        const ProtocolVersion want =
            s.version == Version::tls13 ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2;
        if (session->version() != want) return P::failed("the stored session has another version");
      }
    }
    auto runner = std::make_unique<Handshakes>(std::move(cfg), s, std::move(session));
    const Batch probe = runner->run(1);  // the scenario must work as asked before it is timed
    if (probe.failures != 0) {
      if (s.resumption == Resumption::psk_ke && probe.first_failure == kDheInsteadOfKe) {
        return P::na(
            "tlspp's client always offers psk_dhe_ke with a key share (allow_psk_ke only adds "
            "psk_ke to the offer), and its server then always picks psk_dhe_ke (allow_psk_ke "
            "accepts psk_ke only when it is all the client offers); the config has no psk_ke "
            "preference");
      }
      return P::failed(probe.first_failure);
    }
    return P::ready(std::move(runner));
  }

  Prepared<BulkRunner> prepare_bulk(const Scenario& s, std::size_t write_size) override {
    using P = Prepared<BulkRunner>;
    Configs cfg;
    if (std::string e = configs(s, &cfg); !e.empty()) return P::failed(e);
    auto runner = std::make_unique<Bulk>(std::move(cfg), write_size);
    if (std::string e = runner->start(s); !e.empty()) return P::failed(e);
    return P::ready(std::move(runner));
  }

  Prepared<IdleConnections> open_idle(const Scenario& s, std::size_t count) override {
    using P = Prepared<IdleConnections>;
    Configs cfg;
    if (std::string e = configs(s, &cfg); !e.empty()) return P::failed(e);
    auto idle = std::make_unique<Idle>(std::move(cfg));
    for (std::size_t i = 0; i < count; ++i) {
      if (std::string e = idle->add(s); !e.empty()) return P::failed(e);
    }
    return P::ready(std::move(idle));
  }

 private:
  // The configs of `s`, from the cache or built now (outside any timed call). "" or the failure.
  std::string configs(const Scenario& s, Configs* out) {
    const auto key = std::make_tuple(s.version, s.cert, s.aead, s.resumption, s.server_name);
    if (auto it = cache_.find(key); it != cache_.end()) {
      *out = it->second;
      return {};
    }
    if (!trust_) {
      auto store = std::make_shared<x509::TrustStore>();
      auto added = store->add_file(creds_.ca_file());
      if (!added.ok()) return "loading " + creds_.ca_file() + ": " + added.error().to_string();
      trust_ = std::move(store);
    }
    auto client = std::make_shared<ClientConfig>();
    auto server = std::make_shared<ServerConfig>();
    configure_common(s, *client, provider_);
    configure_common(s, *server, provider_);
    client->trust_store = trust_;
    stateless_tickets_only(*server);
    auto identity = load_identity(*provider_, creds_, s.cert);
    if (!identity.ok()) {
      return "loading " + creds_.chain_file(s.cert) + ": " + identity.error().to_string();
    }
    server->certificate = std::move(identity).value();
    if (s.resumption != Resumption::none) {
      if (std::string e = enable_resumption(s, *client, *server); !e.empty()) return e;
    }
    out->client = std::move(client);
    out->server = std::move(server);
    cache_.emplace(key, *out);
    return {};
  }

  Credentials creds_;
  std::shared_ptr<crypto::Provider> provider_;
  std::shared_ptr<const x509::TrustStore> trust_;
  std::map<std::tuple<Version, CertKind, Aead, Resumption, std::string>, Configs> cache_;
};

std::unique_ptr<Driver> make_tlspp_driver(const Credentials& creds) {
  return std::make_unique<TlsppDriver>(creds);
}

const DriverRegistration kTlspp{{"tlspp", Role::subject, 30, make_tlspp_driver}};

}  // namespace
}  // namespace tlspp::bench
