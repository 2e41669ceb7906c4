#include "msgs/client_hello.h"

namespace tlspp::msgs {

const Extension* ClientHello::find_extension(ExtensionType type) const {
  return extensions ? extensions->find(type) : nullptr;
}

Result<ClientHello> ClientHello::decode(Bytes body) {
  codec::Reader r(body, "ClientHello");
  ClientHello out;
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t version, r.u16());
  out.legacy_version = static_cast<ProtocolVersion>(version);
  TLSPP_ASSIGN_OR_RETURN(out.random, read_random(r));
  TLSPP_ASSIGN_OR_RETURN(out.legacy_session_id,
                         read_opaque8(r, {0, 32}, "ClientHello.legacy_session_id"));
  TLSPP_ASSIGN_OR_RETURN(out.cipher_suites,
                         read_u16_list16<CipherSuite>(r, {2, 0xFFFE}, "ClientHello.cipher_suites"));
  TLSPP_ASSIGN_OR_RETURN(out.legacy_compression_methods,
                         read_opaque8(r, {1, 255}, "ClientHello.legacy_compression_methods"));
  // RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello may end here, without an extensions block.
  if (r.empty()) return out;
  TLSPP_ASSIGN_OR_RETURN(Extensions extensions, Extensions::read(r, "ClientHello.extensions"));
  TLSPP_TRY(r.expect_empty());
  TLSPP_TRY(extensions.check_tls13_context(ExtensionContext::client_hello, "ClientHello"));
  // RFC 8446 §4.2.11: "The "pre_shared_key" extension MUST be the last extension in the
  // ClientHello ... Servers MUST check that it is the last extension and otherwise fail the
  // handshake with an "illegal_parameter" alert."
  for (std::size_t i = 0; i + 1 < extensions.entries.size(); ++i) {
    if (extensions.entries[i].type == ExtensionType::pre_shared_key) {
      return Error(ErrorCode::pre_shared_key_not_last,
                   "ClientHello: pre_shared_key is not the last extension");
    }
  }
  out.extensions = std::move(extensions);
  return out;
}

void ClientHello::encode(codec::Writer& w) const {
  w.u16(static_cast<std::uint16_t>(legacy_version));
  w.bytes(random);
  write_opaque8(w, legacy_session_id);
  write_u16_list16<CipherSuite>(w, cipher_suites);
  write_opaque8(w, legacy_compression_methods);
  if (extensions) extensions->encode(w);
}

}  // namespace tlspp::msgs
