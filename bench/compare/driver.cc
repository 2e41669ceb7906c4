#include "driver.h"

#include <algorithm>
#include <cstring>

namespace tlspp::bench {
namespace {

std::vector<DriverInfo>& mutable_drivers() {
  static std::vector<DriverInfo> drivers;
  return drivers;
}

// ---- the measuring loops, the same for every driver -----------------------------------------

class Handshakes final : public HandshakeRunner {
 public:
  Handshakes(std::unique_ptr<Setup> setup, bool resume)
      : setup_(std::move(setup)), pair_(setup_->new_pair()), resume_(resume) {}

  Batch run(std::uint64_t count) override {
    Batch batch;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::string e = pair_->open(resume_);
      if (e.empty()) e = pair_->handshake();
      if (e.empty()) e = pair_->check_mode();
      pair_->close();
      if (e.empty()) {
        ++batch.done;
      } else {
        batch.fail(std::move(e));
      }
    }
    return batch;
  }

 private:
  std::unique_ptr<Setup> setup_;
  std::unique_ptr<Pair> pair_;
  bool resume_;  // every handshake offers the session the Setup kept
};

class Bulk final : public BulkRunner {
 public:
  Bulk(std::unique_ptr<Setup> setup, std::size_t write_size)
      : setup_(std::move(setup)),
        pair_(setup_->new_pair()),
        write_size_(write_size),
        source_(write_size),
        sink_(write_size > 16384 ? write_size : 16384) {
    for (std::size_t i = 0; i < source_.size(); ++i) source_[i] = static_cast<std::uint8_t>(i);
  }
  ~Bulk() override { pair_->close(); }

  // Establishes the connection and checks that one write arrives intact. "" or the failure.
  std::string start() {
    std::string e = pair_->open(false);
    if (e.empty()) e = pair_->handshake();
    if (e.empty()) e = pair_->check_negotiated();
    if (e.empty()) e = pair_->check_mode();
    if (!e.empty()) return e;
    const Batch first = run(write_size_);
    if (first.failures != 0) return first.first_failure;
    if (std::memcmp(sink_.data(), source_.data(), write_size_) != 0) return "bytes corrupted";
    return {};
  }

  Batch run(std::uint64_t bytes) override {
    Batch batch;
    for (std::uint64_t sent = 0; sent < bytes;) {
      const std::size_t n = bytes - sent < write_size_ ? bytes - sent : write_size_;
      if (std::string e = pair_->client_write({source_.data(), n}); !e.empty()) {
        batch.fail(std::move(e));
        return batch;
      }
      std::size_t received = 0;
      while (received < n) {
        std::size_t got = 0;
        if (std::string e = pair_->server_read(sink_, &got); !e.empty()) {
          batch.fail(std::move(e));
          return batch;
        }
        if (got == 0) {  // everything sent was handed over, and no plaintext came out
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
  std::unique_ptr<Setup> setup_;
  std::unique_ptr<Pair> pair_;
  std::size_t write_size_;
  std::vector<std::uint8_t> source_;
  std::vector<std::uint8_t> sink_;
};

class Idle final : public IdleConnections {
 public:
  explicit Idle(std::unique_ptr<Setup> setup) : setup_(std::move(setup)) {}
  ~Idle() override {
    for (auto& pair : pairs_) pair->close();
  }

  // Opens one pair and exchanges one small record each way. "" or the failure.
  std::string add() {
    std::unique_ptr<Pair> pair = setup_->new_pair();
    std::string e = pair->open(false);
    if (e.empty()) e = pair->handshake();
    if (e.empty()) e = pair->exchange_ping();
    pairs_.push_back(std::move(pair));  // closed with the others, also after a failure
    return e;
  }

  std::string release_buffers(Side side) override {
    std::size_t refused = 0;
    std::string why;
    for (auto& pair : pairs_) {
      if (std::string e = pair->release_buffers(side); !e.empty()) {
        if (refused++ == 0) why = std::move(e);
      }
    }
    if (refused == 0 || refused == pairs_.size()) return why;
    return why + " (on " + std::to_string(refused) + " of " + std::to_string(pairs_.size()) +
           " connections)";
  }

  void free_side(Side side) override {
    for (auto& pair : pairs_) pair->free_side(side);
  }

 private:
  std::unique_ptr<Setup> setup_;
  std::vector<std::unique_ptr<Pair>> pairs_;
};

}  // namespace

Prepared<HandshakeRunner> Driver::prepare_handshakes(const Scenario& s) {
  using P = Prepared<HandshakeRunner>;
  std::string error;
  std::unique_ptr<Setup> state = setup(s, &error);
  if (!state) return P::failed(error);
  // One untimed full handshake checks the negotiated parameters and yields the session that
  // resumed handshakes start from.
  const bool resume = s.resumption != Resumption::none;
  {
    std::unique_ptr<Pair> first = state->new_pair();
    std::string e = first->open(false);
    if (e.empty()) e = first->handshake();
    if (e.empty()) e = first->check_negotiated();
    if (e.empty() && !resume) e = first->check_mode();
    if (!e.empty()) e = "first handshake: " + e;
    if (e.empty() && resume) e = first->keep_session();
    first->close();
    if (!e.empty()) return P::failed(e);
  }
  auto runner = std::make_unique<Handshakes>(std::move(state), resume);
  // One untimed probe: the scenario must work as asked before it is timed.
  const Batch probe = runner->run(1);
  if (probe.failures != 0) {
    if (s.resumption == Resumption::psk_ke && probe.first_failure == kDheInsteadOfKe &&
        !psk_ke_refusal().empty()) {
      return P::na(psk_ke_refusal());
    }
    return P::failed(probe.first_failure);
  }
  return P::ready(std::move(runner));
}

Prepared<BulkRunner> Driver::prepare_bulk(const Scenario& s, std::size_t write_size) {
  using P = Prepared<BulkRunner>;
  std::string error;
  std::unique_ptr<Setup> state = setup(s, &error);
  if (!state) return P::failed(error);
  auto runner = std::make_unique<Bulk>(std::move(state), write_size);
  if (std::string e = runner->start(); !e.empty()) return P::failed(e);
  return P::ready(std::move(runner));
}

Prepared<IdleConnections> Driver::open_idle(const Scenario& s, std::size_t count) {
  using P = Prepared<IdleConnections>;
  std::string error;
  std::unique_ptr<Setup> state = setup(s, &error);
  if (!state) return P::failed(error);
  auto idle = std::make_unique<Idle>(std::move(state));
  for (std::size_t i = 0; i < count; ++i) {
    if (std::string e = idle->add(); !e.empty()) return P::failed(e);
  }
  return P::ready(std::move(idle));
}

std::string Credentials::chain_file(CertKind kind) const {
  return dir + (kind == CertKind::ecdsa_p256 ? "/ecdsa_p256.crt" : "/rsa_2048.crt");
}

std::string Credentials::key_file(CertKind kind) const {
  return dir + (kind == CertKind::ecdsa_p256 ? "/ecdsa_p256.key" : "/rsa_2048.key");
}

const std::vector<DriverInfo>& registered_drivers() { return mutable_drivers(); }

DriverRegistration::DriverRegistration(DriverInfo info) {
  auto& drivers = mutable_drivers();
  drivers.push_back(info);
  std::stable_sort(drivers.begin(), drivers.end(),
                   [](const DriverInfo& a, const DriverInfo& b) { return a.order < b.order; });
}

std::string iana_suite(const Scenario& s) {
  const bool aes = s.aead == Aead::aes_128_gcm;
  if (s.version == Version::tls13) {
    return aes ? "TLS_AES_128_GCM_SHA256" : "TLS_CHACHA20_POLY1305_SHA256";
  }
  return std::string("TLS_ECDHE_") + (s.cert == CertKind::ecdsa_p256 ? "ECDSA" : "RSA") +
         (aes ? "_WITH_AES_128_GCM_SHA256" : "_WITH_CHACHA20_POLY1305_SHA256");
}

std::string_view to_string(Version v) { return v == Version::tls12 ? "TLS 1.2" : "TLS 1.3"; }

std::string_view to_string(CertKind k) {
  return k == CertKind::ecdsa_p256 ? "ECDSA P-256" : "RSA-2048";
}

std::string_view to_string(Aead a) {
  return a == Aead::aes_128_gcm ? "AES-128-GCM" : "ChaCha20-Poly1305";
}

std::string_view to_string(Resumption r) {
  switch (r) {
    case Resumption::none: return "full";
    case Resumption::psk_dhe_ke: return "psk_dhe_ke";
    case Resumption::psk_ke: return "psk_ke";
    case Resumption::ticket12: return "TLS 1.2 ticket";
  }
  return "?";
}

}  // namespace tlspp::bench
