// libFuzzer target: Certificate bodies in the TLS 1.3 and TLS 1.2 forms.
#include <cstddef>
#include <cstdint>

#include "extension_bodies.h"
#include "msgs/certificate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tlspp;
  const msgs::Bytes input(data, size);
  if (fuzz::round_trip<msgs::CertificateTls13>(input)) {
    auto cert = msgs::CertificateTls13::decode(input);
    for (const msgs::CertificateEntry& entry : cert->certificate_list) {
      fuzz::round_trip_extension_bodies(entry.extensions, msgs::ExtensionContext::certificate);
    }
  }
  fuzz::round_trip<msgs::CertificateTls12>(input);
  return 0;
}
