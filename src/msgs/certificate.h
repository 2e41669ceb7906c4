// Certificate (RFC 8446 §4.4.2 for TLS 1.3; RFC 5246 §7.4.2 for TLS 1.2).
//
// Lifetime: certificate DER entries are spans, not copies. A decoded Certificate aliases the body
// it was decoded from, which must outlive it (the handshake validates the chain while the
// reassembled message is still held, and copies what it keeps). For encoding, the spans point at
// the caller's DER (e.g. the configured chain).
#pragma once

#include <vector>

#include "codec/writer.h"
#include "msgs/extensions.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

// RFC 8446 §4.4.2: struct { opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>; }
// (X.509 certificates only; tlspp does not negotiate raw public keys).
struct CertificateEntry {
  Bytes cert_data;  // DER, aliasing the decoded body
  Extensions extensions;

  bool operator==(const CertificateEntry& other) const;
};

// RFC 8446 §4.4.2: struct { opaque certificate_request_context<0..2^8-1>;
//                           CertificateEntry certificate_list<0..2^24-1>; } Certificate;
struct CertificateTls13 {
  static constexpr HandshakeType kType = HandshakeType::certificate;
  ByteVector certificate_request_context;
  std::vector<CertificateEntry> certificate_list;

  // Failures: truncated / trailing_data / empty_list (an empty cert_data) (decode_error);
  // duplicate_extension and forbidden_extension (illegal_parameter; RFC 8446 §4.2's CT column)
  // in an entry's extensions.
  static Result<CertificateTls13> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const CertificateTls13&) const = default;
};

// RFC 5246 §7.4.2: struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
// ASN.1Cert is opaque<1..2^24-1>.
struct CertificateTls12 {
  static constexpr HandshakeType kType = HandshakeType::certificate;
  std::vector<Bytes> certificate_list;  // DER, aliasing the decoded body

  // Failures: truncated / trailing_data / empty_list (decode_error).
  static Result<CertificateTls12> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const CertificateTls12& other) const;
};

}  // namespace tlspp::msgs
