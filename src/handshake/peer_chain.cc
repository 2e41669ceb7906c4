#include "handshake/peer_chain.h"

#include <memory>
#include <mutex>

#include "x509/algorithms.h"
#include "x509/certificate.h"
#include "x509/ip_address.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace tlspp::handshake {
namespace {

// The system trust store, loaded once per process on first use and then shared read-only.
Result<const x509::TrustStore*> system_store() {
  static std::once_flag once;
  static std::unique_ptr<x509::TrustStore> store;
  static std::optional<Error> failure;
  std::call_once(once, [] {
    auto loaded = x509::TrustStore::system();
    if (loaded.ok()) {
      store = std::make_unique<x509::TrustStore>(std::move(loaded).value());
    } else {
      failure = loaded.error();
    }
  });
  if (failure) return *failure;
  return store.get();
}

}  // namespace

Result<ChainVerified> PeerChainChecker::verify(crypto::Provider& provider,
                                               const x509::TrustStore* trust,
                                               std::span<const Bytes> chain, ChainPurpose purpose,
                                               std::string_view host, const Limits& limits,
                                               HandshakeIo& io) {
  if (trust == nullptr) {
    TLSPP_ASSIGN_OR_RETURN(trust, system_store());
  }
  std::size_t total = 0;
  for (Bytes der : chain) total += der.size();
  if (total > limits.max_chain_bytes) {
    return Error(ErrorCode::cert_chain_too_large, "the peer's chain has " + std::to_string(total) +
                                                      " bytes; the limit is " +
                                                      std::to_string(limits.max_chain_bytes));
  }
  x509::VerifyOptions options;
  options.purpose = purpose == ChainPurpose::server_auth ? x509::Purpose::server_auth
                                                         : x509::Purpose::client_auth;
  if (!host.empty()) {
    x509::PeerName name;
    name.kind = x509::parse_ip_address(host) ? x509::PeerName::Kind::ip : x509::PeerName::Kind::dns;
    name.text = std::string(host);
    options.peer_name = name;
  }
  options.time = io.now_ms() / 1000;
  options.max_intermediates = limits.max_chain_length;
  // System bundles hold long-lived roots that predate today's CA profile; judge anchors leniently
  // (validity, key strength, critical extensions and cA are still checked).
  options.strict_anchors = false;
  auto path = x509::verify_chain(options, chain, *trust, provider);
  if (!path.ok()) {
    if (io.observed()) io.emit(CheckEvent{"certificate chain", false, path.error().reason});
    return std::move(path).error();
  }
  if (io.observed()) {
    std::string route;
    for (const auto& cert : path->certificates) {
      if (!route.empty()) route += " <- ";
      route += cert->display_name();
    }
    io.emit(CheckEvent{"certificate chain", true, "signed up to a trusted root: " + route});
    io.emit(CheckEvent{"validity", true, "every certificate is valid now"});
    if (!host.empty()) {
      io.emit(CheckEvent{"host name", true, "the certificate is for " + std::string(host)});
    }
  }
  std::shared_ptr<const crypto::PublicKey> key(std::move(path->leaf_public_key));
  return ChainVerified(std::move(key), false);
}

Result<ChainVerified> PeerChainChecker::accept_unverified(crypto::Provider& provider,
                                                          std::span<const Bytes> chain,
                                                          HandshakeIo& io) {
  if (chain.empty()) return Error(ErrorCode::empty_list, "no certificate");
  TLSPP_ASSIGN_OR_RETURN(x509::CertificatePtr leaf, x509::Certificate::parse(chain.front()));
  TLSPP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::PublicKey> key,
                         x509::import_public_key(leaf->public_key(), provider));
  if (io.observed()) {
    io.emit(CheckEvent{"certificate chain", false,
                       "NOT VERIFIED: certificate verification is disabled "
                       "(dangerous_disable_certificate_verification); anyone could be on the other "
                       "end"});
  }
  return ChainVerified(std::shared_ptr<const crypto::PublicKey>(std::move(key)), true);
}

}  // namespace tlspp::handshake
