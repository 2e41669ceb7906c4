// CertificateVerify (RFC 8446 §4.4.3): struct { SignatureScheme algorithm;
// opaque signature<0..2^16-1>; }. TLS 1.2's CertificateVerify (RFC 5246 §7.4.8, a digitally-signed
// struct with SignatureAndHashAlgorithm) has the same layout and uses this type too.
#pragma once

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct CertificateVerify {
  static constexpr HandshakeType kType = HandshakeType::certificate_verify;
  SignatureScheme algorithm{};
  ByteVector signature;

  // Failures: truncated / trailing_data (decode_error).
  static Result<CertificateVerify> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const CertificateVerify&) const = default;
};

}  // namespace tlspp::msgs
