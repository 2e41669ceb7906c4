#include "msgs/server_hello.h"

#include <algorithm>
#include <string>

namespace tlspp::msgs {

DowngradeSentinel downgrade_sentinel(const Random& server_random) {
  const auto tail = std::span(server_random).last<8>();
  if (std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls12.begin())) {
    return DowngradeSentinel::tls12;
  }
  if (std::equal(tail.begin(), tail.end(), kDowngradeSentinelTls11.begin())) {
    return DowngradeSentinel::tls11_or_below;
  }
  return DowngradeSentinel::none;
}

const Extension* ServerHello::find_extension(ExtensionType type) const {
  return extensions ? extensions->find(type) : nullptr;
}

Result<ServerHello> ServerHello::decode(Bytes body) {
  codec::Reader r(body, "ServerHello");
  ServerHello out;
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t version, r.u16());
  out.legacy_version = static_cast<ProtocolVersion>(version);
  TLSPP_ASSIGN_OR_RETURN(out.random, read_random(r));
  TLSPP_ASSIGN_OR_RETURN(out.legacy_session_id_echo,
                         read_opaque8(r, {0, 32}, "ServerHello.legacy_session_id_echo"));
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t suite, r.u16());
  out.cipher_suite = static_cast<CipherSuite>(suite);
  TLSPP_ASSIGN_OR_RETURN(std::uint8_t compression, r.u8());
  // RFC 8446 §4.1.3: legacy_compression_method "MUST have the value 0".
  if (compression != 0) {
    return Error(ErrorCode::bad_value, "ServerHello: compression method " +
                                           std::to_string(compression) + " was not offered");
  }
  // RFC 5246 §7.4.1.3: a TLS 1.2 ServerHello may end here.
  if (r.empty()) return out;
  TLSPP_ASSIGN_OR_RETURN(Extensions extensions, Extensions::read(r, "ServerHello.extensions"));
  TLSPP_TRY(r.expect_empty());
  if (out.is_hello_retry_request()) {
    TLSPP_TRY(
        extensions.check_tls13_context(ExtensionContext::hello_retry_request, "HelloRetryRequest"));
  } else if (extensions.contains(ExtensionType::supported_versions)) {
    TLSPP_TRY(extensions.check_tls13_context(ExtensionContext::server_hello, "ServerHello"));
  }
  out.extensions = std::move(extensions);
  return out;
}

void ServerHello::encode(codec::Writer& w) const {
  w.u16(static_cast<std::uint16_t>(legacy_version));
  w.bytes(random);
  write_opaque8(w, legacy_session_id_echo);
  w.u16(static_cast<std::uint16_t>(cipher_suite));
  w.u8(0);
  if (extensions) extensions->encode(w);
}

}  // namespace tlspp::msgs
