// The tlspp driver: one ClientConfig/ServerConfig pair per Scenario, sans-I/O Connections whose
// output the driver moves through the harness's in-memory Pipes (the same one memcpy in and one
// out per direction that the OpenSSL BIO and the GnuTLS push/pull functions pay; on the bulk
// rows' receive side the copy out of the pipe goes into Connection::receive_space()).
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
    // The client lists psk_ke next to psk_dhe_ke (with its key share, as the peers' clients do);
    // the server picks psk_ke (like OpenSSL 3.3's SSL_OP_PREFER_NO_DHE_KEX).
    client.allow_psk_ke = true;
    server.allow_psk_ke = true;
    server.prefer_psk_ke = true;
  }
  return {};
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

// Hands what `pipe` holds to `to` without a staging buffer: each pipe read goes straight into
// Connection::receive_space() (a record's header, then its body), so the one copy out of the pipe
// that every driver pays is the only one. Bytes `to` cannot take now (64 KiB of unread plaintext)
// stay in the pipe. Returns "" or the error.
std::string deliver_direct(Pipe& pipe, tlspp::Connection& to, const char* who) {
  for (;;) {
    const std::span<std::uint8_t> space = to.receive_space();
    if (space.empty()) return {};
    const std::size_t n = pipe.read(space.data(), space.size());
    if (n == 0) return {};
    if (auto st = to.commit_received(n); !st.ok()) {
      return std::string(who) + ": " + st.error().to_string();
    }
  }
}

// Both configs of one Scenario, built once (no PEM parsing inside a timed call), the receive
// buffers every pair of the Scenario shares (as one event loop's), and the session to resume.
class TlsppSetup final : public Setup {
 public:
  TlsppSetup(std::shared_ptr<const ClientConfig> client, std::shared_ptr<const ServerConfig> server,
             Scenario s)
      : client_config(std::move(client)),
        server_config(std::move(server)),
        scenario(std::move(s)) {}
  std::unique_ptr<Pair> new_pair() override;

  const std::shared_ptr<const ClientConfig> client_config;
  const std::shared_ptr<const ServerConfig> server_config;
  const Scenario scenario;
  std::vector<std::uint8_t> to_server = std::vector<std::uint8_t>(64 * 1024);
  std::vector<std::uint8_t> to_client = std::vector<std::uint8_t>(64 * 1024);
  // The newest ticket the client stored during the first handshake (ClientSessionStore::peek
  // leaves it in the store); every resumed handshake offers it. Null for full handshakes.
  std::shared_ptr<const ClientSession> session;
};

// A client and a server Connection joined by two Pipes.
class TlsppPair final : public Pair {
 public:
  explicit TlsppPair(TlsppSetup& setup) : setup_(setup) {}
  ~TlsppPair() override { close(); }

  std::string open(bool resume) override {
    // The client stores the tickets it reads (as the peers' clients build a session from each),
    // but only offers the one passed in `params.resume`: what earlier pairs stored is dropped, or
    // the store would turn every full handshake into a resumption.
    if (setup_.client_config->session_store) {
      setup_.client_config->session_store->forget(setup_.scenario.server_name);
    }
    ClientParams params;
    params.server_name = setup_.scenario.server_name;
    if (resume) params.resume = setup_.session;  // offered instead of a store look-up
    auto client = tlspp::Connection::client(setup_.client_config, std::move(params));
    if (!client.ok()) return "client: " + client.error().to_string();
    auto server = tlspp::Connection::server(setup_.server_config);
    if (!server.ok()) return "server: " + server.error().to_string();
    client_ = std::move(client).value();
    server_ = std::move(server).value();
    return {};
  }

  void close() override {
    client_.reset();
    server_.reset();
    pipes_ = PipePair{};
    held_ = 0;
  }

  std::string handshake() override;
  std::string check_negotiated() override;
  std::string check_mode() override;

  std::string keep_session() override {
    const ClientConfig& client = *setup_.client_config;
    if (client.session_store)
      setup_.session = client.session_store->peek(setup_.scenario.server_name);
    if (!setup_.session) return "no session stored after the first handshake";
    const ProtocolVersion want = setup_.scenario.version == Version::tls13
                                     ? ProtocolVersion::tls1_3
                                     : ProtocolVersion::tls1_2;
    if (setup_.session->version() != want) return "the stored session has another version";
    return {};
  }

  std::string client_write(std::span<const std::uint8_t> data) override {
    if (auto st = client_->write(data); !st.ok()) return "write: " + st.error().to_string();
    send_out(*client_, pipes_.to_server);
    return {};
  }

  // The bulk rows' receive path: the pipe is read into the server's receive_space() (see
  // deliver_direct); bytes staged by an earlier deliver() go first through receive().
  std::string server_read(std::span<std::uint8_t> out, std::size_t* got) override {
    if (auto e = held_ > 0 ? deliver(pipes_.to_server, *server_, setup_.to_server, &held_, "server")
                           : deliver_direct(pipes_.to_server, *server_, "server");
        !e.empty()) {
      return e;
    }
    *got = server_->read(out);
    return {};
  }

  std::string exchange_ping() override {
    if (auto e = exchange(*client_, pipes_.to_server, *server_, setup_.to_server); !e.empty()) {
      return e;
    }
    return exchange(*server_, pipes_.to_client, *client_, setup_.to_client);
  }

  std::string release_buffers(Side side) override {
    // Connection::release_buffers(): frees the receive and output buffers of an idle connection
    // (an idle Connection already drops most of them by itself; the next burst allocates again).
    (side == Side::client ? client_ : server_)->release_buffers();
    return {};
  }

  void free_side(Side side) override { (side == Side::client ? client_ : server_).reset(); }

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

  TlsppSetup& setup_;
  PipePair pipes_;
  ConnPtr client_;
  ConnPtr server_;
  std::size_t held_ = 0;  // bytes in setup_.to_server the server has not taken yet (bulk)
};

std::unique_ptr<Pair> TlsppSetup::new_pair() { return std::make_unique<TlsppPair>(*this); }

// Runs both handshakes to completion and lets the client read what the server sent after its
// Finished (TLS 1.3 NewSessionTickets).
std::string TlsppPair::handshake() {
  for (int round = 0; round < 16; ++round) {
    std::size_t server_held = 0;
    std::size_t client_held = 0;
    send_out(*client_, pipes_.to_server);
    if (auto e = deliver(pipes_.to_server, *server_, setup_.to_server, &server_held, "server");
        !e.empty()) {
      return e;
    }
    send_out(*server_, pipes_.to_client);
    if (auto e = deliver(pipes_.to_client, *client_, setup_.to_client, &client_held, "client");
        !e.empty()) {
      return e;
    }
    if (server_held != 0 || client_held != 0 || client_->readable() != 0 ||
        server_->readable() != 0) {
      return "unexpected application data during the handshake";
    }
    if (client_->handshake_done() && server_->handshake_done() && !client_->wants_write() &&
        !server_->wants_write()) {
      return {};
    }
  }
  return "handshake stalled";
}

std::string TlsppPair::check_mode() {
  const Scenario& s = setup_.scenario;
  const SessionInfo& c = client_->info();
  const SessionInfo& sv = server_->info();
  if (s.resumption == Resumption::none) {
    if (!c.resumed && !sv.resumed) return {};
    return "a full handshake was asked, but the session was resumed";
  }
  if (!c.resumed || !sv.resumed) {
    return std::string("session not resumed: client ") + (c.resumed ? "1" : "0") + " server " +
           (sv.resumed ? "1" : "0");
  }
  // SessionInfo::group is empty exactly for psk_ke.
  if (s.resumption == Resumption::psk_dhe_ke && !c.group) {
    return "resumed without a key share (psk_ke) where psk_dhe_ke was asked";
  }
  if (s.resumption == Resumption::psk_ke && c.group) return std::string(kDheInsteadOfKe);
  return {};
}

std::string TlsppPair::check_negotiated() {
  const Scenario& s = setup_.scenario;
  const SessionInfo& i = client_->info();
  const ProtocolVersion v =
      s.version == Version::tls13 ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2;
  if (i.version != v) return "wrong version negotiated";
  if (i.cipher_suite != suite_of(s)) return "wrong suite negotiated";
  if (i.group != NamedGroup::x25519) return "X25519 not negotiated";
  return {};
}

// ---- the driver ---------------------------------------------------------------------------------

class TlsppDriver final : public Driver {
 public:
  explicit TlsppDriver(Credentials creds)
      : creds_(std::move(creds)), provider_(crypto::openssl::make_provider()) {}

  std::string name() const override {
    return "tlspp 0.1.0 (protocol layer; crypto: " + std::string(provider_->name()) + ")";
  }

  std::unique_ptr<Setup> setup(const Scenario& s, std::string* error) override {
    Configs cfg;
    if (std::string e = configs(s, &cfg); !e.empty()) {
      *error = std::move(e);
      return nullptr;
    }
    return std::make_unique<TlsppSetup>(cfg.client, cfg.server, s);
  }

 private:
  // Both configs of one Scenario.
  struct Configs {
    std::shared_ptr<const ClientConfig> client;
    std::shared_ptr<const ServerConfig> server;
  };

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
