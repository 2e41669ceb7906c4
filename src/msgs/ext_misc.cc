#include "msgs/ext_misc.h"

#include <algorithm>
#include <string>

namespace tlspp::msgs {

Result<EmptyExtension> EmptyExtension::decode(Bytes body) {
  TLSPP_TRY(expect_empty_body(body, "empty extension"));
  return EmptyExtension{};
}

Result<RenegotiationInfo> RenegotiationInfo::decode(Bytes body) {
  codec::Reader r(body, "renegotiation_info");
  TLSPP_ASSIGN_OR_RETURN(ByteVector value,
                         read_opaque8(r, {0, 255}, "renegotiation_info.renegotiated_connection"));
  TLSPP_TRY(r.expect_empty());
  return RenegotiationInfo{std::move(value)};
}

void RenegotiationInfo::encode(codec::Writer& w) const {
  write_opaque8(w, renegotiated_connection);
}

Result<SessionTicketExtension> SessionTicketExtension::decode(Bytes body) {
  return SessionTicketExtension{ByteVector(body.begin(), body.end())};
}

void SessionTicketExtension::encode(codec::Writer& w) const { w.bytes(ticket); }

Result<RecordSizeLimit> RecordSizeLimit::decode(Bytes body) {
  codec::Reader r(body, "record_size_limit");
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t limit, r.u16());
  TLSPP_TRY(r.expect_empty());
  // RFC 8449 §4: "Endpoints MUST NOT send a "record_size_limit" extension with a value smaller
  // than 64. An endpoint MUST treat receipt of a smaller value as a fatal error and generate an
  // "illegal_parameter" alert."
  if (limit < kMinimum) {
    return Error(ErrorCode::bad_value,
                 "record_size_limit: " + std::to_string(limit) + " is below the minimum of 64");
  }
  return RecordSizeLimit{limit};
}

void RecordSizeLimit::encode(codec::Writer& w) const { w.u16(limit); }

Result<Padding> Padding::decode(Bytes body) {
  // RFC 7685 §3: "The client MUST fill the padding extension completely with zero bytes".
  if (std::any_of(body.begin(), body.end(), [](std::uint8_t b) { return b != 0; })) {
    return Error(ErrorCode::bad_value, "padding: holds a non-zero byte");
  }
  return Padding{body.size()};
}

void Padding::encode(codec::Writer& w) const { w.zeros(length); }

Result<StatusRequest> StatusRequest::decode(Bytes body) {
  return StatusRequest{ByteVector(body.begin(), body.end())};
}

void StatusRequest::encode(codec::Writer& w) const { w.bytes(body); }

}  // namespace tlspp::msgs
