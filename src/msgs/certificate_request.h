// CertificateRequest (RFC 8446 §4.3.2 for TLS 1.3; RFC 5246 §7.4.4 for TLS 1.2).
#pragma once

#include <cstdint>
#include <vector>

#include "codec/writer.h"
#include "msgs/extensions.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.3.2: struct { opaque certificate_request_context<0..2^8-1>;
//                           Extension extensions<2..2^16-1>; } CertificateRequest;
struct CertificateRequestTls13 {
  static constexpr HandshakeType kType = HandshakeType::certificate_request;
  ByteVector certificate_request_context;
  Extensions extensions;

  // Failures: truncated / trailing_data (decode_error); duplicate_extension and
  // forbidden_extension (illegal_parameter; RFC 8446 §4.2's CR column); missing_extension
  // (missing_extension) without signature_algorithms (RFC 8446 §4.3.2: "The
  // "signature_algorithms" extension MUST be specified").
  static Result<CertificateRequestTls13> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const CertificateRequestTls13&) const = default;
};

// RFC 5246 §7.4.4 (values from the TLS ClientCertificateType registry).
enum class ClientCertificateType : std::uint8_t {
  rsa_sign = 1,
  dss_sign = 2,
  rsa_fixed_dh = 3,
  dss_fixed_dh = 4,
  ecdsa_sign = 64,  // RFC 8422 §5.5
};

// RFC 5246 §7.4.4:
//   struct {
//     ClientCertificateType certificate_types<1..2^8-1>;
//     SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
//     DistinguishedName certificate_authorities<0..2^16-1>;
//   } CertificateRequest;
// (RFC 5246 prints the middle bound as <2^16-1>; §7.4.1.4.1 gives the list's range as
// <2..2^16-2>, which is what is enforced.)
struct CertificateRequestTls12 {
  static constexpr HandshakeType kType = HandshakeType::certificate_request;
  std::vector<ClientCertificateType> certificate_types;
  std::vector<SignatureScheme> supported_signature_algorithms;
  std::vector<ByteVector> certificate_authorities;  // DER DistinguishedNames

  // Failures: truncated / trailing_data / empty_list / bad_list_length (decode_error).
  static Result<CertificateRequestTls12> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const CertificateRequestTls12&) const = default;
};

}  // namespace tlspp::msgs
