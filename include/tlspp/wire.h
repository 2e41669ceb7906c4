// Wire enums shared by every layer. All are "open": a value the peer sends that is not named here
// (unknown or GREASE, RFC 8701) is still representable, and every switch over them has a default.
#pragma once

#include <cstdint>
#include <string_view>

namespace tlspp {

// RFC 8446 §4.2.1, RFC 5246 §6.2.1.
enum class ProtocolVersion : std::uint16_t {
  ssl3_0 = 0x0300,
  tls1_0 = 0x0301,
  tls1_1 = 0x0302,
  tls1_2 = 0x0303,
  tls1_3 = 0x0304,
};

// RFC 8446 §5.1.
enum class ContentType : std::uint8_t {
  invalid = 0,
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};

// RFC 8446 §4, RFC 5246 §7.4.
enum class HandshakeType : std::uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  certificate_status = 22,
  key_update = 24,
  compressed_certificate = 25,
  message_hash = 254,
};

// RFC 8446 §B.4, RFC 5288, RFC 8422, RFC 7905.
enum class CipherSuite : std::uint16_t {
  tls_aes_128_gcm_sha256 = 0x1301,
  tls_aes_256_gcm_sha384 = 0x1302,
  tls_chacha20_poly1305_sha256 = 0x1303,
  // TLS 1.2 ECDHE (RFC 5289 / RFC 8422 / RFC 7905).
  tls_ecdhe_ecdsa_with_aes_128_gcm_sha256 = 0xC02B,
  tls_ecdhe_ecdsa_with_aes_256_gcm_sha384 = 0xC02C,
  tls_ecdhe_rsa_with_aes_128_gcm_sha256 = 0xC02F,
  tls_ecdhe_rsa_with_aes_256_gcm_sha384 = 0xC030,
  tls_ecdhe_rsa_with_chacha20_poly1305_sha256 = 0xCCA8,
  tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256 = 0xCCA9,
  // TLS 1.2 static RSA key exchange (RFC 5288), legacy and off by default.
  tls_rsa_with_aes_128_gcm_sha256 = 0x009C,
  tls_rsa_with_aes_256_gcm_sha384 = 0x009D,
  // Signalling values (RFC 5746 §3.3, RFC 7507).
  tls_empty_renegotiation_info_scsv = 0x00FF,
  tls_fallback_scsv = 0x5600,
};

// RFC 8446 §4.2.7, RFC 8422 §5.1.1.
enum class NamedGroup : std::uint16_t {
  secp256r1 = 0x0017,
  secp384r1 = 0x0018,
  secp521r1 = 0x0019,
  x25519 = 0x001D,
  x448 = 0x001E,
  ffdhe2048 = 0x0100,
};

// RFC 8446 §4.2.3.
enum class SignatureScheme : std::uint16_t {
  rsa_pkcs1_sha1 = 0x0201,
  ecdsa_sha1 = 0x0203,
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  ecdsa_secp521r1_sha512 = 0x0603,
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  ed25519 = 0x0807,
  ed448 = 0x0808,
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080A,
  rsa_pss_pss_sha512 = 0x080B,
};

// RFC 8446 §4.2, RFC 6066, RFC 7301, RFC 7627, RFC 5746, RFC 8449, RFC 5077.
enum class ExtensionType : std::uint16_t {
  server_name = 0,
  max_fragment_length = 1,
  status_request = 5,
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  use_srtp = 14,
  heartbeat = 15,
  application_layer_protocol_negotiation = 16,
  signed_certificate_timestamp = 18,
  client_certificate_type = 19,
  server_certificate_type = 20,
  padding = 21,
  encrypt_then_mac = 22,
  extended_master_secret = 23,
  compress_certificate = 27,
  record_size_limit = 28,
  session_ticket = 35,
  pre_shared_key = 41,
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  certificate_authorities = 47,
  oid_filters = 48,
  post_handshake_auth = 49,
  signature_algorithms_cert = 50,
  key_share = 51,
  renegotiation_info = 0xFF01,
};

// RFC 8446 §6.
enum class AlertLevel : std::uint8_t { warning = 1, fatal = 2 };

// RFC 8446 §6, RFC 5246 §7.2.
enum class AlertDescription : std::uint8_t {
  close_notify = 0,
  unexpected_message = 10,
  bad_record_mac = 20,
  record_overflow = 22,
  handshake_failure = 40,
  bad_certificate = 42,
  unsupported_certificate = 43,
  certificate_revoked = 44,
  certificate_expired = 45,
  certificate_unknown = 46,
  illegal_parameter = 47,
  unknown_ca = 48,
  access_denied = 49,
  decode_error = 50,
  decrypt_error = 51,
  protocol_version = 70,
  insufficient_security = 71,
  internal_error = 80,
  inappropriate_fallback = 86,
  user_canceled = 90,
  no_renegotiation = 100,
  missing_extension = 109,
  unsupported_extension = 110,
  unrecognized_name = 112,
  bad_certificate_status_response = 113,
  unknown_psk_identity = 115,
  certificate_required = 116,
  no_application_protocol = 120,
};

// RFC 8701 §2: GREASE values are 0x?A?A with both bytes equal.
constexpr bool is_grease(std::uint16_t value) {
  return (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);
}

// Names as the RFCs spell them ("x25519", "TLS_AES_128_GCM_SHA256", "decode_error"); a value with
// no name yields "" so callers can print the number instead.
std::string_view name_of(ProtocolVersion v);
std::string_view name_of(ContentType v);
std::string_view name_of(HandshakeType v);
std::string_view name_of(CipherSuite v);
std::string_view name_of(NamedGroup v);
std::string_view name_of(SignatureScheme v);
std::string_view name_of(ExtensionType v);
std::string_view name_of(AlertDescription v);

}  // namespace tlspp
