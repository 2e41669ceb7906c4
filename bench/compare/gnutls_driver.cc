// The GnuTLS driver: one priority cache and credentials per Scenario, sessions whose push/pull
// functions read and write the harness's in-memory Pipes.
#include <gnutls/gnutls.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "driver.h"
#include "pipe.h"

namespace tlspp::bench {
namespace {

std::string error_text(const char* what, int code) {
  return std::string(what) + ": " + gnutls_strerror(code);
}

// ---- transport over Pipes -----------------------------------------------------------------------

// What one session reads from and writes to.
struct Endpoint {
  Pipe* in;
  Pipe* out;
  gnutls_session_t session = nullptr;
};

ssize_t pipe_push(gnutls_transport_ptr_t ptr, const void* data, size_t len) {
  static_cast<Endpoint*>(ptr)->out->write(data, len);
  return static_cast<ssize_t>(len);
}

ssize_t pipe_vec_push(gnutls_transport_ptr_t ptr, const giovec_t* iov, int count) {
  auto* end = static_cast<Endpoint*>(ptr);
  size_t total = 0;
  for (int i = 0; i < count; ++i) {
    end->out->write(iov[i].iov_base, iov[i].iov_len);
    total += iov[i].iov_len;
  }
  return static_cast<ssize_t>(total);
}

ssize_t pipe_pull(gnutls_transport_ptr_t ptr, void* data, size_t len) {
  auto* end = static_cast<Endpoint*>(ptr);
  const size_t n = end->in->read(data, len);
  if (n == 0) {
    gnutls_transport_set_errno(end->session, EAGAIN);
    return -1;
  }
  return static_cast<ssize_t>(n);
}

int pipe_pull_timeout(gnutls_transport_ptr_t ptr, unsigned int) {
  return static_cast<Endpoint*>(ptr)->in->empty() ? 0 : 1;
}

void attach(gnutls_session_t session, Endpoint* end) {
  end->session = session;
  gnutls_transport_set_ptr(session, end);
  gnutls_transport_set_push_function(session, pipe_push);
  gnutls_transport_set_vec_push_function(session, pipe_vec_push);
  gnutls_transport_set_pull_function(session, pipe_pull);
  gnutls_transport_set_pull_timeout_function(session, pipe_pull_timeout);
}

// ---- per-scenario configuration -----------------------------------------------------------------

// Exactly one version, one AEAD, X25519; the PSK key exchange names pick the TLS 1.3 resumption
// mode: with only +ECDHE-PSK the client offers psk_dhe_ke alone, with only +PSK it offers psk_ke
// alone (lib/ext/psk_ke_modes.c walks the key exchange priorities to build the offer).
std::string priority_string(const Scenario& s) {
  std::string p = "NORMAL:-VERS-ALL:";
  p += s.version == Version::tls13 ? "+VERS-TLS1.3" : "+VERS-TLS1.2";
  p += ":-CIPHER-ALL:";
  p += s.aead == Aead::aes_128_gcm ? "+AES-128-GCM" : "+CHACHA20-POLY1305";
  p += s.version == Version::tls13 ? ":-GROUP-ALL:+GROUP-X25519"
                                   : ":-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1";
  if (s.version == Version::tls12) {
    p += s.cert == CertKind::ecdsa_p256 ? ":-KX-ALL:+ECDHE-ECDSA" : ":-KX-ALL:+ECDHE-RSA";
  }
  if (s.resumption == Resumption::psk_dhe_ke) p += ":+ECDHE-PSK";
  if (s.resumption == Resumption::psk_ke) p += ":+PSK";
  return p;
}

// Everything sessions of one Scenario share. Owns the GnuTLS objects it holds.
class Config {
 public:
  Config() = default;
  Config(const Config&) = delete;
  Config& operator=(const Config&) = delete;
  ~Config() {
    if (priority_ != nullptr) gnutls_priority_deinit(priority_);
    if (client_cred_ != nullptr) gnutls_certificate_free_credentials(client_cred_);
    if (server_cred_ != nullptr) gnutls_certificate_free_credentials(server_cred_);
    if (ticket_key_.data != nullptr) {
      gnutls_memset(ticket_key_.data, 0, ticket_key_.size);
      gnutls_free(ticket_key_.data);
    }
  }

  // Loads credentials and compiles the priority string; returns "" or what failed.
  std::string init(const Credentials& creds, const Scenario& s) {
    scenario_ = s;
    const std::string prio = priority_string(s);
    int rc = gnutls_priority_init(&priority_, prio.c_str(), nullptr);
    if (rc < 0) return error_text(prio.c_str(), rc);
    if ((rc = gnutls_certificate_allocate_credentials(&client_cred_)) < 0 ||
        (rc = gnutls_certificate_allocate_credentials(&server_cred_)) < 0) {
      return error_text("gnutls_certificate_allocate_credentials", rc);
    }
    rc = gnutls_certificate_set_x509_trust_file(client_cred_, creds.ca_file().c_str(),
                                                GNUTLS_X509_FMT_PEM);
    if (rc != 1) return error_text(creds.ca_file().c_str(), rc < 0 ? rc : GNUTLS_E_FILE_ERROR);
    rc = gnutls_certificate_set_x509_key_file(server_cred_, creds.chain_file(s.cert).c_str(),
                                              creds.key_file(s.cert).c_str(), GNUTLS_X509_FMT_PEM);
    if (rc < 0) return error_text(creds.chain_file(s.cert).c_str(), rc);
    if ((rc = gnutls_session_ticket_key_generate(&ticket_key_)) < 0) {
      return error_text("gnutls_session_ticket_key_generate", rc);
    }
    return {};
  }

  // A new client session verifying the chain and the scenario's host name.
  std::string new_client(gnutls_session_t* out) const {
    int rc = gnutls_init(out, GNUTLS_CLIENT);
    if (rc < 0) return error_text("gnutls_init", rc);
    const std::string& name = scenario_.server_name;
    if ((rc = gnutls_priority_set(*out, priority_)) < 0 ||
        (rc = gnutls_credentials_set(*out, GNUTLS_CRD_CERTIFICATE, client_cred_)) < 0 ||
        (rc = gnutls_server_name_set(*out, GNUTLS_NAME_DNS, name.data(), name.size())) < 0) {
      return error_text("client session set-up", rc);
    }
    gnutls_session_set_verify_cert(*out, name.c_str(), 0);
    return {};
  }

  // A new server session issuing session tickets (TLS 1.3 and 1.2).
  std::string new_server(gnutls_session_t* out) const {
    int rc = gnutls_init(out, GNUTLS_SERVER);
    if (rc < 0) return error_text("gnutls_init", rc);
    if ((rc = gnutls_priority_set(*out, priority_)) < 0 ||
        (rc = gnutls_credentials_set(*out, GNUTLS_CRD_CERTIFICATE, server_cred_)) < 0 ||
        (rc = gnutls_session_ticket_enable_server(*out, &ticket_key_)) < 0) {
      return error_text("server session set-up", rc);
    }
    return {};
  }

  const Scenario& scenario() const { return scenario_; }

 private:
  Scenario scenario_;
  gnutls_priority_t priority_ = nullptr;
  gnutls_certificate_credentials_t client_cred_ = nullptr;
  gnutls_certificate_credentials_t server_cred_ = nullptr;
  gnutls_datum_t ticket_key_{nullptr, 0};
};

// ---- one client/server pair ---------------------------------------------------------------------

// A Scenario's GnuTLS objects and the session data resumed handshakes offer.
class GnuTlsSetup final : public Setup {
 public:
  explicit GnuTlsSetup(std::unique_ptr<Config> config) : config_(std::move(config)) {}
  std::unique_ptr<Pair> new_pair() override;

  const Config& config() const { return *config_; }
  std::vector<unsigned char> session_data;  // kept from the first handshake; else empty

 private:
  std::unique_ptr<Config> config_;
};

// A client and a server session joined by two Pipes. Not movable: the transports point into it.
class GnuTlsPair final : public Pair {
 public:
  explicit GnuTlsPair(GnuTlsSetup& setup) : setup_(setup) {}
  ~GnuTlsPair() override { close(); }

  std::string open(bool resume) override {
    const Config& config = setup_.config();
    if (std::string e = config.new_client(&client_); !e.empty()) return e;
    if (std::string e = config.new_server(&server_); !e.empty()) return e;
    attach(client_, &client_end_);
    attach(server_, &server_end_);
    if (resume) {
      const auto& data = setup_.session_data;
      const int rc = gnutls_session_set_data(client_, data.data(), data.size());
      if (rc < 0) return error_text("gnutls_session_set_data", rc);
    }
    return {};
  }

  void close() override {
    free_side(Side::client);
    free_side(Side::server);
    pipes_ = PipePair{};
  }

  std::string handshake() override;
  std::string check_negotiated() override;
  std::string check_mode() override;

  std::string keep_session() override {
    gnutls_datum_t data{nullptr, 0};
    const int rc = gnutls_session_get_data2(client_, &data);
    if (rc < 0) return error_text("gnutls_session_get_data2", rc);
    setup_.session_data.assign(data.data, data.data + data.size);
    gnutls_free(data.data);
    return {};
  }

  std::string client_write(std::span<const std::uint8_t> data) override {
    const ssize_t written = gnutls_record_send(client_, data.data(), data.size());
    if (written != static_cast<ssize_t>(data.size())) {
      return error_text("gnutls_record_send", static_cast<int>(written));
    }
    return {};
  }

  std::string server_read(std::span<std::uint8_t> out, std::size_t* got) override {
    const ssize_t n = gnutls_record_recv(server_, out.data(), out.size());
    if (n <= 0) return error_text("gnutls_record_recv", static_cast<int>(n));
    *got = static_cast<std::size_t>(n);
    return {};
  }

  std::string exchange_ping() override {
    char buf[16];
    if (gnutls_record_send(client_, "ping", 4) != 4 ||
        gnutls_record_recv(server_, buf, sizeof buf) != 4 ||
        gnutls_record_send(server_, "pong", 4) != 4 ||
        gnutls_record_recv(client_, buf, sizeof buf) != 4) {
      return "record exchange failed";
    }
    return {};
  }

  std::string release_buffers(Side) override {
    return "GnuTLS has no call that releases an idle session's buffers";
  }

  void free_side(Side side) override {
    gnutls_session_t& session = side == Side::client ? client_ : server_;
    if (session != nullptr) gnutls_deinit(session);
    session = nullptr;
  }

 private:
  GnuTlsSetup& setup_;
  PipePair pipes_;
  Endpoint client_end_{&pipes_.to_client, &pipes_.to_server};
  Endpoint server_end_{&pipes_.to_server, &pipes_.to_client};
  gnutls_session_t client_ = nullptr;
  gnutls_session_t server_ = nullptr;
};

std::unique_ptr<Pair> GnuTlsSetup::new_pair() { return std::make_unique<GnuTlsPair>(*this); }

// Steps one side's handshake; returns "" while it is fine (done or waiting for bytes).
std::string step(gnutls_session_t session, bool* done, const char* who) {
  const int rc = gnutls_handshake(session);
  if (rc == GNUTLS_E_SUCCESS) {
    *done = true;
    return {};
  }
  if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(rc)) return {};
  return error_text((std::string(who) + " handshake").c_str(), rc);
}

std::string GnuTlsPair::handshake() {
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
    const ssize_t rc = gnutls_record_recv(client_, buf, sizeof buf);
    if (rc >= 0) return "unexpected application data";
    if (rc != GNUTLS_E_AGAIN) return error_text("client reading tickets", static_cast<int>(rc));
  }
  if (!pipes_.to_client.empty() || !pipes_.to_server.empty()) {
    return "bytes left in flight after the handshake: " + std::to_string(pipes_.to_server.size()) +
           " to the server, " + std::to_string(pipes_.to_client.size()) + " to the client";
  }
  return {};
}

// Resumed in the scenario's mode: psk_dhe_ke negotiates a group (X25519), psk_ke none.
// (gnutls_kx_get is no help here: in 3.7 it reports a TLS 1.3 resumption with a key share as
// ECDHE-RSA and one without as 0.)
std::string GnuTlsPair::check_mode() {
  const Scenario& s = setup_.config().scenario();
  if (s.resumption == Resumption::none) {
    if (gnutls_session_is_resumed(client_) == 0 && gnutls_session_is_resumed(server_) == 0) {
      return {};
    }
    return "a full handshake was asked, but the session was resumed";
  }
  if (gnutls_session_is_resumed(client_) == 0 || gnutls_session_is_resumed(server_) == 0) {
    return "session not resumed";
  }
  if (s.version != Version::tls13) return {};
  const gnutls_group_t group = gnutls_group_get(client_);
  if (s.resumption == Resumption::psk_dhe_ke && group != GNUTLS_GROUP_X25519) {
    return "psk_dhe_ke asked, but no X25519 key share was used";
  }
  if (s.resumption == Resumption::psk_ke && group != GNUTLS_GROUP_INVALID) {
    return std::string(kDheInsteadOfKe) + " (" + gnutls_group_get_name(group) + ")";
  }
  return {};
}

std::string GnuTlsPair::check_negotiated() {
  const Scenario& s = setup_.config().scenario();
  const gnutls_protocol_t version = s.version == Version::tls13 ? GNUTLS_TLS1_3 : GNUTLS_TLS1_2;
  if (gnutls_protocol_get_version(client_) != version) return "wrong version negotiated";
  const char* suite = gnutls_ciphersuite_get(client_);
  if (suite == nullptr || iana_suite(s) != suite) {
    return "wrong suite negotiated: " + std::string(suite != nullptr ? suite : "none");
  }
  if (gnutls_group_get(client_) != GNUTLS_GROUP_X25519) return "X25519 not negotiated";
  return {};
}

// ---- the driver ---------------------------------------------------------------------------------

class GnuTlsDriver final : public Driver {
 public:
  explicit GnuTlsDriver(Credentials creds) : creds_(std::move(creds)) {}

  std::string name() const override {
    return std::string("GnuTLS ") + gnutls_check_version(nullptr);
  }

  std::unique_ptr<Setup> setup(const Scenario& s, std::string* error) override {
    auto config = std::make_unique<Config>();
    if (std::string e = config->init(creds_, s); !e.empty()) {
      *error = std::move(e);
      return nullptr;
    }
    return std::make_unique<GnuTlsSetup>(std::move(config));
  }

 private:
  Credentials creds_;
};

std::unique_ptr<Driver> make_gnutls_driver(const Credentials& creds) {
  return std::make_unique<GnuTlsDriver>(creds);
}

const DriverRegistration kGnuTls{{"GnuTLS", Role::peer, 20, make_gnutls_driver}};

}  // namespace
}  // namespace tlspp::bench
