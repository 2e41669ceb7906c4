// libFuzzer target for the X.509 parsers: the input as one DER certificate, and the same input as
// PEM text whose CERTIFICATE blocks are parsed in turn. Parsed certificates are exercised through
// the accessors that walk their contents (names, SAN host matching, name constraints, profile
// checks), so that anything the parser accepts is also safe to use.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "x509/certificate.h"
#include "x509/chain_checks.h"
#include "x509/host_name.h"
#include "x509/name_constraints.h"
#include "x509/pem.h"

namespace {

void exercise(const tlspp::x509::Certificate& cert) {
  using namespace tlspp::x509;
  (void)cert.display_name();
  (void)cert.issuer().to_string();
  (void)cert.self_issued();
  (void)format_time(cert.not_before());
  (void)check_peer_name(cert, PeerName{PeerName::Kind::dns, "www.example.com"});
  (void)check_peer_name(cert, PeerName{PeerName::Kind::ip, "192.0.2.1"});
  VerifyOptions options;
  (void)check_profile(cert, Role::leaf, options);
  (void)check_profile(cert, Role::intermediate, options);
  (void)check_validity(cert, 1893456000);
  if (cert.name_constraints())
    (void)check_name_constraints(cert.name_constraints()->value, cert, cert);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tlspp::codec::Bytes input(data, size);
  auto cert = tlspp::x509::Certificate::parse(input);
  if (cert.ok()) exercise(**cert);

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto blocks = tlspp::x509::parse_pem(text);
  if (blocks.ok()) {
    for (const auto& block : *blocks) {
      auto c = tlspp::x509::Certificate::parse(block.data);
      if (c.ok()) exercise(**c);
    }
  }
  return 0;
}
