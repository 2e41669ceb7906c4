// The OpenSSL libssl driver: SSL_CTX pairs per Scenario, SSL objects over a custom BIO whose
// reads and writes go to the harness's in-memory Pipes.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstring>
#include <span>
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

// A Scenario's contexts and the session resumed handshakes offer.
class OpenSslSetup final : public Setup {
 public:
  OpenSslSetup(Contexts ctx, Scenario s) : ctx_(std::move(ctx)), s_(std::move(s)) {}
  std::unique_ptr<Pair> new_pair() override;

  const Contexts& contexts() const { return ctx_; }
  const Scenario& scenario() const { return s_; }
  SessionPtr session;  // kept from the first handshake; null for full handshakes

 private:
  Contexts ctx_;
  Scenario s_;
};

// A client and a server SSL joined by two Pipes. Not movable: the BIOs point into it.
class OpenSslPair final : public Pair {
 public:
  explicit OpenSslPair(OpenSslSetup& setup) : setup_(setup) {}
  ~OpenSslPair() override { close(); }

  std::string open(bool resume) override {
    const Scenario& s = setup_.scenario();
    client_ = SSL_new(setup_.contexts().client.get());
    server_ = SSL_new(setup_.contexts().server.get());
    if (client_ == nullptr || server_ == nullptr) return "SSL_new: " + ssl_errors();
    attach(client_, &client_end_);
    attach(server_, &server_end_);
    SSL_set_connect_state(client_);
    SSL_set_accept_state(server_);
    if (SSL_set_tlsext_host_name(client_, s.server_name.c_str()) != 1 ||
        SSL_set1_host(client_, s.server_name.c_str()) != 1) {
      return "setting the server name: " + ssl_errors();
    }
    if (resume && SSL_set_session(client_, setup_.session.get()) != 1) {
      return "SSL_set_session: " + ssl_errors();
    }
    return {};
  }

  void close() override {
    free_ssl(client_);
    free_ssl(server_);
    client_ = server_ = nullptr;
    pipes_ = PipePair{};
    ERR_clear_error();
  }

  std::string handshake() override;
  std::string check_negotiated() override;
  std::string check_mode() override;

  std::string keep_session() override {
    setup_.session.reset(SSL_get1_session(client_));
    if (!setup_.session || SSL_SESSION_is_resumable(setup_.session.get()) != 1) {
      return "no resumable session after the first handshake";
    }
    return {};
  }

  std::string client_write(std::span<const std::uint8_t> data) override {
    size_t written = 0;
    if (SSL_write_ex(client_, data.data(), data.size(), &written) != 1 || written != data.size()) {
      return "SSL_write_ex: " + ssl_errors();
    }
    return {};
  }

  std::string server_read(std::span<std::uint8_t> out, std::size_t* got) override {
    size_t n = 0;
    if (SSL_read_ex(server_, out.data(), out.size(), &n) != 1)
      return "SSL_read_ex: " + ssl_errors();
    *got = n;
    return {};
  }

  std::string exchange_ping() override {
    const char ping[] = "ping";
    char buf[16];
    size_t n = 0;
    if (SSL_write_ex(client_, ping, 4, &n) != 1 || SSL_read_ex(server_, buf, 16, &n) != 1 ||
        SSL_write_ex(server_, ping, 4, &n) != 1 || SSL_read_ex(client_, buf, 16, &n) != 1) {
      return "record exchange: " + ssl_errors();
    }
    return {};
  }

  std::string release_buffers(Side side) override {
    if (SSL_free_buffers(side == Side::client ? client_ : server_) != 1) {
      return "SSL_free_buffers refused";
    }
    return {};
  }

  void free_side(Side side) override {
    SSL*& ssl = side == Side::client ? client_ : server_;
    free_ssl(ssl);
    ssl = nullptr;
  }

 private:
  // Frees `ssl` as after a clean close (no close_notify is exchanged, by any driver). Without
  // the shutdown flags SSL_free marks the session not resumable, as for a truncated connection.
  static void free_ssl(SSL* ssl) {
    if (ssl == nullptr) return;
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(ssl);
  }

  static void attach(SSL* ssl, Endpoint* end) {
    BIO* bio = BIO_new(pipe_method());
    BIO_set_data(bio, end);
    SSL_set_bio(ssl, bio, bio);
  }

  OpenSslSetup& setup_;
  PipePair pipes_;
  Endpoint client_end_{&pipes_.to_client, &pipes_.to_server};
  Endpoint server_end_{&pipes_.to_server, &pipes_.to_client};
  SSL* client_ = nullptr;
  SSL* server_ = nullptr;
};

std::unique_ptr<Pair> OpenSslSetup::new_pair() { return std::make_unique<OpenSslPair>(*this); }

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

std::string OpenSslPair::handshake() {
  bool client_done = false;
  bool server_done = false;
  for (int round = 0; round < 16 && !(client_done && server_done); ++round) {
    if (!client_done) {
      if (std::string e = step(client_, &client_done, "client"); !e.empty()) return e;
    }
    if (!server_done) {
      if (std::string e = step(server_, &server_done, "server"); !e.empty()) return e;
    }
  }
  if (!client_done || !server_done) return "handshake stalled";
  for (int i = 0; i < 8 && !pipes_.to_client.empty(); ++i) {
    char buf[64];
    size_t n = 0;
    if (SSL_read_ex(client_, buf, sizeof buf, &n) == 1) return "unexpected application data";
    if (SSL_get_error(client_, 0) != SSL_ERROR_WANT_READ) {
      return "client reading tickets: " + ssl_errors();
    }
  }
  if (!pipes_.to_client.empty() || !pipes_.to_server.empty()) {
    return "bytes left in flight after the handshake: " + std::to_string(pipes_.to_server.size()) +
           " to the server, " + std::to_string(pipes_.to_client.size()) + " to the client";
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

std::string OpenSslPair::check_mode() {
  const Scenario& s = setup_.scenario();
  if (s.resumption == Resumption::none) {
    if (SSL_session_reused(client_) == 0 && SSL_session_reused(server_) == 0) return {};
    return "a full handshake was asked, but the session was resumed";
  }
  if (SSL_session_reused(client_) != 1 || SSL_session_reused(server_) != 1) {
    return "session not resumed: client " + std::to_string(SSL_session_reused(client_)) +
           " server " + std::to_string(SSL_session_reused(server_)) + " ticket " +
           std::to_string(SSL_SESSION_has_ticket(SSL_get_session(client_)));
  }
  if (s.resumption == Resumption::psk_dhe_ke && !used_key_share(client_)) {
    return "resumed without a key share (psk_ke) where psk_dhe_ke was asked";
  }
  if (s.resumption == Resumption::psk_ke && used_key_share(client_)) {
    return std::string(kDheInsteadOfKe);
  }
  return {};
}

std::string OpenSslPair::check_negotiated() {
  const Scenario& s = setup_.scenario();
  const int version = s.version == Version::tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_version(client_) != version) return "wrong version negotiated";
  const SSL_CIPHER* cipher = SSL_get_current_cipher(client_);
  const char* suite = cipher != nullptr ? SSL_CIPHER_standard_name(cipher) : nullptr;
  if (suite == nullptr || iana_suite(s) != suite) {
    return "wrong suite negotiated: " + std::string(suite != nullptr ? suite : "none");
  }
  if (SSL_get_negotiated_group(client_) != NID_X25519) return "X25519 not negotiated";
  return {};
}

// ---- the driver ---------------------------------------------------------------------------------

class OpenSslDriver final : public Driver {
 public:
  explicit OpenSslDriver(Credentials creds) : creds_(std::move(creds)) {}

  std::string name() const override {
    return std::string(OpenSSL_version(OPENSSL_VERSION)) + " (libssl)";
  }

  std::unique_ptr<Setup> setup(const Scenario& s, std::string* error) override {
    Contexts ctx;
    if (std::string e = make_contexts(creds_, s, &ctx); !e.empty()) {
      *error = std::move(e);
      return nullptr;
    }
    return std::make_unique<OpenSslSetup>(std::move(ctx), s);
  }

  std::string psk_ke_refusal() const override {
    return "OpenSSL 3.0's client always offers psk_dhe_ke and its server then always picks it; "
           "SSL_OP_ALLOW_NO_DHE_KEX only adds psk_ke to the offer (a server preference for "
           "psk_ke, SSL_OP_PREFER_NO_DHE_KEX, exists only from OpenSSL 3.3)";
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
