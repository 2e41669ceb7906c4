// Typed bodies of the extensions that carry lists of names or opaque values: server_name (RFC 6066
// §3), application_layer_protocol_negotiation (RFC 7301 §3.1), certificate_authorities (RFC 8446
// §4.2.4) and cookie (RFC 8446 §4.2.2). All values are owned copies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 6066 §3.
enum class ServerNameType : std::uint8_t { host_name = 0 };

struct ServerName {
  ServerNameType type = ServerNameType::host_name;
  std::string name;  // the bytes as sent; the handshake validates host names

  bool operator==(const ServerName&) const = default;
};

// RFC 6066 §3, the ClientHello form: ServerName server_name_list<1..2^16-1>, each name
// opaque<1..2^16-1>. Names of unknown types are kept. decode() refuses two names of one type
// with ErrorCode::bad_value (illegal_parameter; RFC 6066 §3: "The ServerNameList MUST NOT contain
// more than one name of the same name_type"). The server's acknowledgement is an empty body
// (EmptyExtension).
struct ServerNameList {
  static constexpr ExtensionType kType = ExtensionType::server_name;
  std::vector<ServerName> names;

  // The host_name entry, if any (a view into this list).
  std::optional<std::string_view> host_name() const;

  static Result<ServerNameList> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const ServerNameList&) const = default;
};

// RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>, ProtocolName opaque<1..2^8-1>
// (empty names are a decode_error). The server's form holds exactly one name: decode_server()
// refuses any other count with ErrorCode::bad_list_length (decode_error).
struct AlpnProtocols {
  static constexpr ExtensionType kType = ExtensionType::application_layer_protocol_negotiation;
  std::vector<std::string> protocols;

  static Result<AlpnProtocols> decode(Bytes body);
  static Result<AlpnProtocols> decode_server(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const AlpnProtocols&) const = default;
};

// RFC 8446 §4.2.4: DistinguishedName authorities<3..2^16-1>, each opaque<1..2^16-1> (DER; not
// parsed here).
struct CertificateAuthorities {
  static constexpr ExtensionType kType = ExtensionType::certificate_authorities;
  std::vector<ByteVector> authorities;

  static Result<CertificateAuthorities> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const CertificateAuthorities&) const = default;
};

// The DistinguishedName list shared by certificate_authorities and the TLS 1.2 CertificateRequest
// (RFC 5246 §7.4.4: <0..2^16-1>), read from a u16-prefixed vector in `r`.
Result<std::vector<ByteVector>> read_distinguished_names(codec::Reader& r, LengthRange range,
                                                         std::string_view what);
void write_distinguished_names(codec::Writer& w, const std::vector<ByteVector>& names);

// RFC 8446 §4.2.2: opaque cookie<1..2^16-1>.
struct Cookie {
  static constexpr ExtensionType kType = ExtensionType::cookie;
  ByteVector cookie;

  static Result<Cookie> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const Cookie&) const = default;
};

}  // namespace tlspp::msgs
