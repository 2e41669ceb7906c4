#include "msgs/ext_names.h"

#include <algorithm>

namespace tlspp::msgs {

std::optional<std::string_view> ServerNameList::host_name() const {
  for (const ServerName& n : names) {
    if (n.type == ServerNameType::host_name) return std::string_view(n.name);
  }
  return std::nullopt;
}

Result<ServerNameList> ServerNameList::decode(Bytes body) {
  codec::Reader r(body, "server_name");
  TLSPP_ASSIGN_OR_RETURN(codec::Reader list, r.sub16("server_name.server_name_list"));
  TLSPP_TRY(check_length(list.remaining(), {1, 0xFFFF}, list.what()));
  ServerNameList out;
  std::vector<std::uint8_t> types;
  while (!list.empty()) {
    TLSPP_ASSIGN_OR_RETURN(std::uint8_t type, list.u8());
    TLSPP_ASSIGN_OR_RETURN(ByteVector name, read_opaque16(list, {1, 0xFFFF}, "server_name.name"));
    out.names.push_back(
        ServerName{static_cast<ServerNameType>(type), std::string(name.begin(), name.end())});
    types.push_back(type);
  }
  TLSPP_TRY(r.expect_empty());
  // RFC 6066 §3: "The ServerNameList MUST NOT contain more than one name of the same name_type."
  std::sort(types.begin(), types.end());
  if (std::adjacent_find(types.begin(), types.end()) != types.end()) {
    return Error(ErrorCode::bad_value, "server_name: two names of the same name_type");
  }
  return out;
}

void ServerNameList::encode(codec::Writer& w) const {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& list) {
    for (const ServerName& n : names) {
      list.u8(static_cast<std::uint8_t>(n.type));
      write_opaque16(list, string_bytes(n.name));
    }
  });
}

namespace {
Result<AlpnProtocols> decode_alpn(Bytes body) {
  codec::Reader r(body, "application_layer_protocol_negotiation");
  TLSPP_ASSIGN_OR_RETURN(codec::Reader list, r.sub16("ALPN.protocol_name_list"));
  TLSPP_TRY(check_length(list.remaining(), {2, 0xFFFF}, list.what()));
  AlpnProtocols out;
  while (!list.empty()) {
    // RFC 7301 §3.1: "Empty strings MUST NOT be included".
    TLSPP_ASSIGN_OR_RETURN(ByteVector name, read_opaque8(list, {1, 255}, "ALPN.protocol_name"));
    out.protocols.emplace_back(name.begin(), name.end());
  }
  TLSPP_TRY(r.expect_empty());
  return out;
}
}  // namespace

Result<AlpnProtocols> AlpnProtocols::decode(Bytes body) { return decode_alpn(body); }

Result<AlpnProtocols> AlpnProtocols::decode_server(Bytes body) {
  TLSPP_ASSIGN_OR_RETURN(AlpnProtocols out, decode_alpn(body));
  // RFC 7301 §3.1: the server's "ProtocolNameList MUST contain exactly one "ProtocolName"".
  if (out.protocols.size() != 1) {
    return Error(ErrorCode::bad_list_length, "ALPN: the server's protocol_name_list holds " +
                                                 std::to_string(out.protocols.size()) +
                                                 " names, not exactly one");
  }
  return out;
}

void AlpnProtocols::encode(codec::Writer& w) const {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& list) {
    for (const std::string& p : protocols) {
      write_opaque8(list, string_bytes(p));
    }
  });
}

Result<std::vector<ByteVector>> read_distinguished_names(codec::Reader& r, LengthRange range,
                                                         std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(codec::Reader list, r.sub16(what));
  TLSPP_TRY(check_length(list.remaining(), range, what));
  std::vector<ByteVector> out;
  while (!list.empty()) {
    TLSPP_ASSIGN_OR_RETURN(ByteVector dn, read_opaque16(list, {1, 0xFFFF}, "DistinguishedName"));
    out.push_back(std::move(dn));
  }
  return out;
}

void write_distinguished_names(codec::Writer& w, const std::vector<ByteVector>& names) {
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& list) {
    for (const ByteVector& dn : names) write_opaque16(list, dn);
  });
}

Result<CertificateAuthorities> CertificateAuthorities::decode(Bytes body) {
  codec::Reader r(body, "certificate_authorities");
  TLSPP_ASSIGN_OR_RETURN(auto names,
                         read_distinguished_names(r, {3, 0xFFFF}, "certificate_authorities"));
  TLSPP_TRY(r.expect_empty());
  return CertificateAuthorities{std::move(names)};
}

void CertificateAuthorities::encode(codec::Writer& w) const {
  write_distinguished_names(w, authorities);
}

Result<Cookie> Cookie::decode(Bytes body) {
  codec::Reader r(body, "cookie");
  TLSPP_ASSIGN_OR_RETURN(ByteVector cookie, read_opaque16(r, {1, 0xFFFF}, "cookie"));
  TLSPP_TRY(r.expect_empty());
  return Cookie{std::move(cookie)};
}

void Cookie::encode(codec::Writer& w) const { write_opaque16(w, cookie); }

}  // namespace tlspp::msgs
