// Typed bodies of the extensions that are lists of fixed-size wire values: supported_versions,
// supported_groups, signature_algorithms(_cert), psk_key_exchange_modes and ec_point_formats.
// Each decode() reads one extension_data, refuses a list shorter than the RFC's minimum
// (ErrorCode::empty_list) or a length that is not a multiple of the element size
// (ErrorCode::bad_list_length), and requires the body to end with the list (trailing_data).
// Values tlspp does not know, GREASE included (RFC 8701), are kept as they are.
#pragma once

#include <cstdint>
#include <vector>

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.2.1, ClientHello form: ProtocolVersion versions<2..254>.
struct SupportedVersionsClientHello {
  static constexpr ExtensionType kType = ExtensionType::supported_versions;
  std::vector<ProtocolVersion> versions;

  static Result<SupportedVersionsClientHello> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const SupportedVersionsClientHello&) const = default;
};

// RFC 8446 §4.2.1, ServerHello and HelloRetryRequest form: one ProtocolVersion.
struct SupportedVersionsServerHello {
  static constexpr ExtensionType kType = ExtensionType::supported_versions;
  ProtocolVersion selected_version{};

  static Result<SupportedVersionsServerHello> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const SupportedVersionsServerHello&) const = default;
};

// RFC 8446 §4.2.7 (RFC 8422 §5.1.1 for TLS 1.2): NamedGroup named_group_list<2..2^16-1>.
struct SupportedGroups {
  static constexpr ExtensionType kType = ExtensionType::supported_groups;
  std::vector<NamedGroup> groups;

  static Result<SupportedGroups> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const SupportedGroups&) const = default;
};

// RFC 8446 §4.2.3: SignatureScheme supported_signature_algorithms<2..2^16-2>. The body of both
// signature_algorithms and signature_algorithms_cert (pass the type to make_extension).
struct SignatureSchemeList {
  std::vector<SignatureScheme> schemes;

  static Result<SignatureSchemeList> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const SignatureSchemeList&) const = default;
};

// RFC 8446 §4.2.9.
enum class PskKeyExchangeMode : std::uint8_t { psk_ke = 0, psk_dhe_ke = 1 };

// RFC 8446 §4.2.9: PskKeyExchangeMode ke_modes<1..255>.
struct PskKeyExchangeModes {
  static constexpr ExtensionType kType = ExtensionType::psk_key_exchange_modes;
  std::vector<PskKeyExchangeMode> modes;

  static Result<PskKeyExchangeModes> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const PskKeyExchangeModes&) const = default;
};

// RFC 8422 §5.1.2.
enum class EcPointFormat : std::uint8_t {
  uncompressed = 0,
  ansix962_compressed_prime = 1,
  ansix962_compressed_char2 = 2,
};

// RFC 8422 §5.1.2: ECPointFormat ec_point_format_list<1..2^8-1>. TLS 1.2 only. decode() also
// requires the uncompressed format: ErrorCode::bad_value (illegal_parameter) without it (RFC 8422
// §5.1.2: a list without "uncompressed" MUST abort the handshake with illegal_parameter).
struct EcPointFormats {
  static constexpr ExtensionType kType = ExtensionType::ec_point_formats;
  std::vector<EcPointFormat> formats;

  static Result<EcPointFormats> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const EcPointFormats&) const = default;
};

}  // namespace tlspp::msgs
