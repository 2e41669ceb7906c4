// The alert message (RFC 8446 §6, RFC 5246 §7.2): struct { AlertLevel level;
// AlertDescription description; } Alert; carried in records of type alert.
#pragma once

#include "codec/writer.h"
#include "msgs/vectors.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::msgs {

struct Alert {
  AlertLevel level = AlertLevel::fatal;
  AlertDescription description = AlertDescription::close_notify;

  // Exactly two bytes, else truncated / trailing_data (decode_error). Unknown levels and
  // descriptions are kept; the caller decides (RFC 8446 §6: "the "level" field can safely be
  // ignored" in TLS 1.3).
  static Result<Alert> decode(Bytes body);
  void encode(codec::Writer& w) const;
  bool operator==(const Alert&) const = default;
};

}  // namespace tlspp::msgs
