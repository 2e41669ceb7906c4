#include "driver.h"

#include <algorithm>

namespace tlspp::bench {
namespace {

std::vector<DriverInfo>& mutable_drivers() {
  static std::vector<DriverInfo> drivers;
  return drivers;
}

}  // namespace

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
