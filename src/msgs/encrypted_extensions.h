// EncryptedExtensions (RFC 8446 §4.3.1): struct { Extension extensions<0..2^16-1>; }.
#pragma once

#include "codec/writer.h"
#include "msgs/extensions.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct EncryptedExtensions {
  static constexpr HandshakeType kType = HandshakeType::encrypted_extensions;
  Extensions extensions;

  // Failures: truncated / trailing_data (decode_error); duplicate_extension and
  // forbidden_extension (illegal_parameter; RFC 8446 §4.2's EE column).
  static Result<EncryptedExtensions> decode(Bytes body);
  void encode(codec::Writer& w) const { extensions.encode(w); }
  bool operator==(const EncryptedExtensions&) const = default;
};

}  // namespace tlspp::msgs
