// The OpenSSL libssl driver: SSL_CTX pairs per Scenario, SSL objects over a custom BIO whose
// reads and writes go to the harness's in-memory Pipes.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstring>
#include <string>
#include <vector>

#include "driver.h"
#include "pipe.h"

namespace tlspp::bench {
namespace {

// Drains OpenSSL's error queue into one line.
std::string ssl_errors() {
  std::string text;
  char buf[256];
  while (unsigned long e = ERR_get_error()) {
    ERR_error_string_n(e, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? std::string("no OpenSSL error queued") : text;
}

// ---- the BIO over Pipes -------------------------------------------------------------------------

// What one side reads from and writes to.
struct Endpoint {
  Pipe* in;
  Pipe* out;
};

Endpoint* endpoint_of(BIO* bio) { return static_cast<Endpoint*>(BIO_get_data(bio)); }

int pipe_write(BIO* bio, const char* data, size_t len, size_t* written) {
  BIO_clear_retry_flags(bio);
  endpoint_of(bio)->out->write(data, len);
  *written = len;
  return 1;
}

int pipe_read(BIO* bio, char* out, size_t len, size_t* read) {
  BIO_clear_retry_flags(bio);
  *read = endpoint_of(bio)->in->read(out, len);
  if (*read == 0) {
    BIO_set_retry_read(bio);
    return 0;
  }
  return 1;
}

long pipe_ctrl(BIO* bio, int cmd, long, void*) {
  switch (cmd) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_PENDING: return static_cast<long>(endpoint_of(bio)->in->size());
    default: return 0;
  }
}

int pipe_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

// The method, created once and kept for the life of the process.
const BIO_METHOD* pipe_method() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tls_compare pipe");
    BIO_meth_set_write_ex(m, pipe_write);
    BIO_meth_set_read_ex(m, pipe_read);
    BIO_meth_set_ctrl(m, pipe_ctrl);
    BIO_meth_set_create(m, pipe_create);
    return m;
  }();
  return method;
}

// ---- contexts -----------------------------------------------------------------------------------

struct CtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SessionFree {
  void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, CtxFree>;
using SessionPtr = std::unique_ptr<SSL_SESSION, SessionFree>;

struct Contexts {
  CtxPtr client;
  CtxPtr server;
};

std::string suite_list(const Scenario& s) {
  if (s.version == Version::tls13) {
    return s.aead == Aead::aes_128_gcm ? "TLS_AES_128_GCM_SHA256" : "TLS_CHACHA20_POLY1305_SHA256";
  }
  return std::string("ECDHE-") + (s.cert == CertKind::ecdsa_p256 ? "ECDSA" : "RSA") +
         (s.aead == Aead::aes_128_gcm ? "-AES128-GCM-SHA256" : "-CHACHA20-POLY1305");
}

// Applies what both sides share: exactly one version, one suite, X25519.
bool configure_common(SSL_CTX* ctx, const Scenario& s) {
  const int version = s.version == Version::tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  const std::string suites = suite_list(s);
  bool ok =
      SSL_CTX_set_min_proto_version(ctx, version) == 1 &&
      SSL_CTX_set_max_proto_version(ctx, version) == 1 &&
      SSL_CTX_set1_groups_list(ctx, s.version == Version::tls13 ? "X25519" : "X25519:P-256") == 1;
  if (s.version == Version::tls13) {
    ok = ok && SSL_CTX_set_ciphersuites(ctx, suites.c_str()) == 1;
  } else {
    ok = ok && SSL_CTX_set_cipher_list(ctx, suites.c_str()) == 1;
  }
  if (s.resumption == Resumption::psk_ke) SSL_CTX_set_options(ctx, SSL_OP_ALLOW_NO_DHE_KEX);
  return ok;
}

// Builds the client and server contexts of `s`; returns "" or what failed.
std::string make_contexts(const Credentials& creds, const Scenario& s, Contexts* out) {
  out->client.reset(SSL_CTX_new(TLS_client_method()));
  out->server.reset(SSL_CTX_new(TLS_server_method()));
  SSL_CTX* client = out->client.get();
  SSL_CTX* server = out->server.get();
  if (client == nullptr || server == nullptr) return "SSL_CTX_new: " + ssl_errors();
  if (!configure_common(client, s) || !configure_common(server, s)) {
    return "configuring " + suite_list(s) + ": " + ssl_errors();
  }
  // The client verifies the chain against the test CA and the host name (SSL_set1_host).
  SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);
  if (SSL_CTX_load_verify_locations(client, creds.ca_file().c_str(), nullptr) != 1) {
    return "loading " + creds.ca_file() + ": " + ssl_errors();
  }
  if (SSL_CTX_use_certificate_chain_file(server, creds.chain_file(s.cert).c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(server, creds.key_file(s.cert).c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(server) != 1) {
    return "loading " + creds.chain_file(s.cert) + ": " + ssl_errors();
  }
  // Stateless tickets only: no server-side session cache grows with the connection count.
  SSL_CTX_set_session_cache_mode(server, SSL_SESS_CACHE_OFF);
#ifdef SSL_OP_PREFER_NO_DHE_KEX  // OpenSSL 3.3+
  if (s.resumption == Resumption::psk_ke) SSL_CTX_set_options(server, SSL_OP_PREFER_NO_DHE_KEX);
#endif
  return {};
}

// ---- one client/server pair ---------------------------------------------------------------------

// A client and a server SSL joined by two Pipes. Not movable: the BIOs point into it.
struct Conn {
  PipePair pipes;
  Endpoint client_end{&pipes.to_client, &pipes.to_server};
  Endpoint server_end{&pipes.to_server, &pipes.to_client};
  SSL* client = nullptr;
  SSL* server = nullptr;

  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    free_ssl(client);
    free_ssl(server);
  }

  // Frees `ssl` as after a clean close (no close_notify is exchanged, by any driver). Without
  // the shutdown flags SSL_free marks the session not resumable, as for a truncated connection.
  static void free_ssl(SSL* ssl) {
    if (ssl == nullptr) return;
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(ssl);
  }
};

void attach(SSL* ssl, Endpoint* end) {
  BIO* bio = BIO_new(pipe_method());
  BIO_set_data(bio, end);
  SSL_set_bio(ssl, bio, bio);
}

// Creates both SSL objects; the client resumes `session` when given. Returns "" or the failure.
std::string open_conn(const Contexts& ctx, const Scenario& s, SSL_SESSION* session, Conn* conn) {
  conn->client = SSL_new(ctx.client.get());
  conn->server = SSL_new(ctx.server.get());
  if (conn->client == nullptr || conn->server == nullptr) return "SSL_new: " + ssl_errors();
  attach(conn->client, &conn->client_end);
  attach(conn->server, &conn->server_end);
  SSL_set_connect_state(conn->client);
  SSL_set_accept_state(conn->server);
  if (SSL_set_tlsext_host_name(conn->client, s.server_name.c_str()) != 1 ||
      SSL_set1_host(conn->client, s.server_name.c_str()) != 1) {
    return "setting the server name: " + ssl_errors();
  }
  if (session != nullptr && SSL_set_session(conn->client, session) != 1) {
    return "SSL_set_session: " + ssl_errors();
  }
  return {};
}

// Steps one side's handshake; returns "" while it is fine (done or waiting for bytes).
std::string step(SSL* ssl, bool* done, const char* who) {
  const int r = SSL_do_handshake(ssl);
  if (r == 1) {
    *done = true;
    return {};
  }
  if (SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ) return {};
  std::string why = std::string(who) + " handshake: " + ssl_errors();
  if (SSL_get_verify_result(ssl) != X509_V_OK) {
    why += " (verify: ";
    why += X509_verify_cert_error_string(SSL_get_verify_result(ssl));
    why += ")";
  }
  return why;
}

// Runs both handshakes to completion, then lets the client read what the server sent after its
// Finished (TLS 1.3 NewSessionTickets). Returns "" or the failure.
std::string complete(Conn* conn) {
  bool client_done = false;
  bool server_done = false;
  for (int round = 0; round < 16 && !(client_done && server_done); ++round) {
    if (!client_done) {
      if (std::string e = step(conn->client, &client_done, "client"); !e.empty()) return e;
    }
    if (!server_done) {
      if (std::string e = step(conn->server, &server_done, "server"); !e.empty()) return e;
    }
  }
  if (!client_done || !server_done) return "handshake stalled";
  for (int i = 0; i < 8 && !conn->pipes.to_client.empty(); ++i) {
    char buf[64];
    size_t n = 0;
    if (SSL_read_ex(conn->client, buf, sizeof buf, &n) == 1) return "unexpected application data";
    if (SSL_get_error(conn->client, 0) != SSL_ERROR_WANT_READ) {
      return "client reading tickets: " + ssl_errors();
    }
  }
  if (!conn->pipes.to_client.empty() || !conn->pipes.to_server.empty()) {
    return "bytes left in flight after the handshake: " +
           std::to_string(conn->pipes.to_server.size()) + " to the server, " +
           std::to_string(conn->pipes.to_client.size()) + " to the client";
  }
  return {};
}

// Whether the client received a key share from the server, i.e. (EC)DHE took place.
bool used_key_share(SSL* client) {
  EVP_PKEY* key = nullptr;
  if (SSL_get_peer_tmp_key(client, &key) != 1) return false;
  EVP_PKEY_free(key);
  return true;
}

// Checks that a resumed handshake really resumed, in the scenario's mode.
std::string check_resumed(const Scenario& s, Conn* conn) {
  if (SSL_session_reused(conn->client) != 1 || SSL_session_reused(conn->server) != 1) {
    return "session not resumed: client " + std::to_string(SSL_session_reused(conn->client)) +
           " server " + std::to_string(SSL_session_reused(conn->server)) + " ticket " +
           std::to_string(SSL_SESSION_has_ticket(SSL_get_session(conn->client)));
  }
  if (s.resumption == Resumption::psk_dhe_ke && !used_key_share(conn->client)) {
    return "resumed without a key share (psk_ke) where psk_dhe_ke was asked";
  }
  if (s.resumption == Resumption::psk_ke && used_key_share(conn->client)) {
    return "psk_dhe_ke negotiated instead of psk_ke";
  }
  return {};
}

// Checks the negotiated version, suite and group once per prepared scenario.
std::string check_negotiated(const Scenario& s, Conn* conn) {
  const int version = s.version == Version::tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_version(conn->client) != version) return "wrong version negotiated";
  const SSL_CIPHER* cipher = SSL_get_current_cipher(conn->client);
  const char* suite = cipher != nullptr ? SSL_CIPHER_standard_name(cipher) : nullptr;
  if (suite == nullptr || iana_suite(s) != suite) {
    return "wrong suite negotiated: " + std::string(suite != nullptr ? suite : "none");
  }
  if (SSL_get_negotiated_group(conn->client) != NID_X25519) return "X25519 not negotiated";
  return {};
}

// ---- runners ------------------------------------------------------------------------------------

class Handshakes final : public HandshakeRunner {
 public:
  Handshakes(Contexts ctx, Scenario s, SessionPtr session)
      : ctx_(std::move(ctx)), s_(std::move(s)), session_(std::move(session)) {}

  Batch run(std::uint64_t count) override {
    Batch batch;
    for (std::uint64_t i = 0; i < count; ++i) {
      Conn conn;
      std::string e = open_conn(ctx_, s_, session_.get(), &conn);
      if (e.empty()) e = complete(&conn);
      if (e.empty() && session_) e = check_resumed(s_, &conn);
      if (e.empty()) {
        ++batch.done;
      } else {
        batch.fail(std::move(e));
      }
      ERR_clear_error();
    }
    return batch;
  }

 private:
  Contexts ctx_;
  Scenario s_;
  SessionPtr session_;  // the session every resumed handshake starts from; null for full ones
};

class Bulk final : public BulkRunner {
 public:
  Bulk(Contexts ctx, std::size_t write_size)
      : ctx_(std::move(ctx)),
        write_size_(write_size),
        source_(write_size),
        sink_(write_size > 16384 ? write_size : 16384) {
    for (std::size_t i = 0; i < source_.size(); ++i) source_[i] = static_cast<std::uint8_t>(i);
  }

  std::string start(const Scenario& s) {
    std::string e = open_conn(ctx_, s, nullptr, &conn_);
    if (e.empty()) e = complete(&conn_);
    if (e.empty()) e = check_negotiated(s, &conn_);
    if (!e.empty()) return e;
    const Batch first = run(write_size_);  // the bytes must arrive intact once
    if (first.failures != 0) return first.first_failure;
    if (std::memcmp(sink_.data(), source_.data(), write_size_) != 0) return "bytes corrupted";
    return {};
  }

  Batch run(std::uint64_t bytes) override {
    Batch batch;
    for (std::uint64_t sent = 0; sent < bytes;) {
      const std::size_t n = bytes - sent < write_size_ ? bytes - sent : write_size_;
      size_t written = 0;
      if (SSL_write_ex(conn_.client, source_.data(), n, &written) != 1 || written != n) {
        batch.fail("SSL_write_ex: " + ssl_errors());
        return batch;
      }
      std::size_t received = 0;
      while (received < n) {
        size_t got = 0;
        if (SSL_read_ex(conn_.server, sink_.data() + 0, sink_.size(), &got) != 1) {
          batch.fail("SSL_read_ex: " + ssl_errors());
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
  Contexts ctx_;
  std::size_t write_size_;
  std::vector<std::uint8_t> source_;
  std::vector<std::uint8_t> sink_;
  Conn conn_;
};

class Idle final : public IdleConnections {
 public:
  explicit Idle(Contexts ctx) : ctx_(std::move(ctx)) {}

  // Opens one pair and exchanges one small record each way. Returns "" or the failure.
  std::string add(const Scenario& s) {
    auto conn = std::make_unique<Conn>();
    std::string e = open_conn(ctx_, s, nullptr, conn.get());
    if (e.empty()) e = complete(conn.get());
    if (!e.empty()) return e;
    const char ping[] = "ping";
    char buf[16];
    size_t n = 0;
    if (SSL_write_ex(conn->client, ping, 4, &n) != 1 ||
        SSL_read_ex(conn->server, buf, 16, &n) != 1 ||
        SSL_write_ex(conn->server, ping, 4, &n) != 1 ||
        SSL_read_ex(conn->client, buf, 16, &n) != 1) {
      return "record exchange: " + ssl_errors();
    }
    conns_.push_back(std::move(conn));
    return {};
  }

  std::string release_buffers(Side side) override {
    std::size_t refused = 0;
    for (auto& conn : conns_) {
      if (SSL_free_buffers(side == Side::client ? conn->client : conn->server) != 1) ++refused;
    }
    if (refused != 0)
      return "SSL_free_buffers refused on " + std::to_string(refused) + " connections";
    return {};
  }

  void free_side(Side side) override {
    for (auto& conn : conns_) {
      SSL*& ssl = side == Side::client ? conn->client : conn->server;
      Conn::free_ssl(ssl);
      ssl = nullptr;
    }
  }

 private:
  Contexts ctx_;
  std::vector<std::unique_ptr<Conn>> conns_;
};

// ---- the driver ---------------------------------------------------------------------------------

class OpenSslDriver final : public Driver {
 public:
  explicit OpenSslDriver(Credentials creds) : creds_(std::move(creds)) {}

  std::string name() const override {
    return std::string(OpenSSL_version(OPENSSL_VERSION)) + " (libssl)";
  }

  Prepared<HandshakeRunner> prepare_handshakes(const Scenario& s) override {
    using P = Prepared<HandshakeRunner>;
    Contexts ctx;
    if (std::string e = make_contexts(creds_, s, &ctx); !e.empty()) return P::failed(e);
    // One untimed full handshake checks the negotiated parameters and yields the session (with
    // its ticket) that resumed handshakes start from.
    SessionPtr session;
    {
      Conn conn;
      std::string e = open_conn(ctx, s, nullptr, &conn);
      if (e.empty()) e = complete(&conn);
      if (e.empty()) e = check_negotiated(s, &conn);
      if (!e.empty()) return P::failed("first handshake: " + e);
      if (s.resumption != Resumption::none) {
        session.reset(SSL_get1_session(conn.client));
        if (!session || SSL_SESSION_is_resumable(session.get()) != 1) {
          return P::failed("no resumable session after the first handshake");
        }
      }
    }
    auto runner = std::make_unique<Handshakes>(std::move(ctx), s, std::move(session));
    // One untimed probe: the scenario must work as asked before it is timed.
    const Batch probe = runner->run(1);
    if (probe.failures != 0) {
      if (s.resumption == Resumption::psk_ke &&
          probe.first_failure == "psk_dhe_ke negotiated instead of psk_ke") {
        return P::na(
            "OpenSSL 3.0's client always offers psk_dhe_ke and its server then always picks it; "
            "SSL_OP_ALLOW_NO_DHE_KEX only adds psk_ke to the offer (a server preference for "
            "psk_ke, SSL_OP_PREFER_NO_DHE_KEX, exists only from OpenSSL 3.3)");
      }
      return P::failed(probe.first_failure);
    }
    return P::ready(std::move(runner));
  }

  Prepared<BulkRunner> prepare_bulk(const Scenario& s, std::size_t write_size) override {
    using P = Prepared<BulkRunner>;
    Contexts ctx;
    if (std::string e = make_contexts(creds_, s, &ctx); !e.empty()) return P::failed(e);
    auto runner = std::make_unique<Bulk>(std::move(ctx), write_size);
    if (std::string e = runner->start(s); !e.empty()) return P::failed(e);
    return P::ready(std::move(runner));
  }

  Prepared<IdleConnections> open_idle(const Scenario& s, std::size_t count) override {
    using P = Prepared<IdleConnections>;
    Contexts ctx;
    if (std::string e = make_contexts(creds_, s, &ctx); !e.empty()) return P::failed(e);
    auto idle = std::make_unique<Idle>(std::move(ctx));
    for (std::size_t i = 0; i < count; ++i) {
      if (std::string e = idle->add(s); !e.empty()) return P::failed(e);
    }
    return P::ready(std::move(idle));
  }

 private:
  Credentials creds_;
};

std::unique_ptr<Driver> make_openssl_driver(const Credentials& creds) {
  return std::make_unique<OpenSslDriver>(creds);
}

const DriverRegistration kOpenSsl{{"OpenSSL", Role::peer, 10, make_openssl_driver}};

}  // namespace
}  // namespace tlspp::bench
