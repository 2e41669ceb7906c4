// Reading the X.509 fixtures (tests/data/x509/<name>/{roots,chain,leaf}.pem) in tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "x509/certificate.h"
#include "x509/pem.h"

namespace tlspp::test {

inline std::string fixture_dir(const std::string& name) {
  return std::string(TLSPP_SOURCE_DIR) + "/tests/data/x509/" + name;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The DER of every CERTIFICATE block in a PEM file (empty when the file is absent).
inline std::vector<std::vector<std::uint8_t>> read_pem_certs(const std::string& path) {
  std::vector<std::vector<std::uint8_t>> out;
  auto blocks = x509::parse_pem(read_text(path));
  if (!blocks.ok()) return out;
  for (auto& b : *blocks) {
    if (b.label == "CERTIFICATE") out.push_back(std::move(b.data));
  }
  return out;
}

// The single certificate of a PEM file, parsed (nullptr, with a test failure, if it does not).
inline x509::CertificatePtr load_cert(const std::string& path) {
  auto ders = read_pem_certs(path);
  if (ders.size() != 1) {
    ADD_FAILURE() << path << ": expected one certificate";
    return nullptr;
  }
  auto cert = x509::Certificate::parse(ders[0]);
  if (!cert.ok()) {
    ADD_FAILURE() << path << ": " << cert.error().reason;
    return nullptr;
  }
  return *cert;
}

}  // namespace tlspp::test
