#include "msgs/ext_lists.h"

#include <algorithm>

namespace tlspp::msgs {

namespace {
// Reads the single prefixed list that makes up a body and checks that nothing follows it.
template <class T, class F>
Result<T> whole_body(Bytes body, std::string_view what, F&& read_list) {
  codec::Reader r(body, what);
  TLSPP_ASSIGN_OR_RETURN(T out, read_list(r));
  TLSPP_TRY(r.expect_empty());
  return out;
}
}  // namespace

Result<SupportedVersionsClientHello> SupportedVersionsClientHello::decode(Bytes body) {
  static constexpr std::string_view kWhat = "supported_versions";
  return whole_body<SupportedVersionsClientHello>(
      body, kWhat, [](codec::Reader& r) -> Result<SupportedVersionsClientHello> {
        TLSPP_ASSIGN_OR_RETURN(auto versions, read_u16_list8<ProtocolVersion>(r, {2, 254}, kWhat));
        return SupportedVersionsClientHello{std::move(versions)};
      });
}

void SupportedVersionsClientHello::encode(codec::Writer& w) const {
  write_u16_list8<ProtocolVersion>(w, versions);
}

Result<SupportedVersionsServerHello> SupportedVersionsServerHello::decode(Bytes body) {
  codec::Reader r(body, "supported_versions");
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t version, r.u16());
  TLSPP_TRY(r.expect_empty());
  return SupportedVersionsServerHello{static_cast<ProtocolVersion>(version)};
}

void SupportedVersionsServerHello::encode(codec::Writer& w) const {
  w.u16(static_cast<std::uint16_t>(selected_version));
}

Result<SupportedGroups> SupportedGroups::decode(Bytes body) {
  static constexpr std::string_view kWhat = "supported_groups";
  return whole_body<SupportedGroups>(body, kWhat, [](codec::Reader& r) -> Result<SupportedGroups> {
    TLSPP_ASSIGN_OR_RETURN(auto groups, read_u16_list16<NamedGroup>(r, {2, 0xFFFF}, kWhat));
    return SupportedGroups{std::move(groups)};
  });
}

void SupportedGroups::encode(codec::Writer& w) const { write_u16_list16<NamedGroup>(w, groups); }

Result<SignatureSchemeList> SignatureSchemeList::decode(Bytes body) {
  static constexpr std::string_view kWhat = "signature_algorithms";
  return whole_body<
      SignatureSchemeList>(body, kWhat, [](codec::Reader& r) -> Result<SignatureSchemeList> {
    TLSPP_ASSIGN_OR_RETURN(auto schemes, read_u16_list16<SignatureScheme>(r, {2, 0xFFFE}, kWhat));
    return SignatureSchemeList{std::move(schemes)};
  });
}

void SignatureSchemeList::encode(codec::Writer& w) const {
  write_u16_list16<SignatureScheme>(w, schemes);
}

Result<PskKeyExchangeModes> PskKeyExchangeModes::decode(Bytes body) {
  static constexpr std::string_view kWhat = "psk_key_exchange_modes";
  return whole_body<PskKeyExchangeModes>(
      body, kWhat, [](codec::Reader& r) -> Result<PskKeyExchangeModes> {
        TLSPP_ASSIGN_OR_RETURN(auto modes, read_u8_list8<PskKeyExchangeMode>(r, {1, 255}, kWhat));
        return PskKeyExchangeModes{std::move(modes)};
      });
}

void PskKeyExchangeModes::encode(codec::Writer& w) const {
  write_u8_list8<PskKeyExchangeMode>(w, modes);
}

Result<EcPointFormats> EcPointFormats::decode(Bytes body) {
  static constexpr std::string_view kWhat = "ec_point_formats";
  TLSPP_ASSIGN_OR_RETURN(
      EcPointFormats out,
      whole_body<EcPointFormats>(body, kWhat, [](codec::Reader& r) -> Result<EcPointFormats> {
        TLSPP_ASSIGN_OR_RETURN(auto formats, read_u8_list8<EcPointFormat>(r, {1, 255}, kWhat));
        return EcPointFormats{std::move(formats)};
      }));
  // RFC 8422 §5.1.2: a list without the uncompressed format MUST abort the handshake with an
  // illegal_parameter alert (and §5.2: the server's list MUST contain it).
  if (std::find(out.formats.begin(), out.formats.end(), EcPointFormat::uncompressed) ==
      out.formats.end()) {
    return Error(ErrorCode::bad_value, "ec_point_formats: the uncompressed format is missing");
  }
  return out;
}

void EcPointFormats::encode(codec::Writer& w) const { write_u8_list8<EcPointFormat>(w, formats); }

}  // namespace tlspp::msgs
