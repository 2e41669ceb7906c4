#include "msgs/certificate_verify.h"

namespace tlspp::msgs {

Result<CertificateVerify> CertificateVerify::decode(Bytes body) {
  codec::Reader r(body, "CertificateVerify");
  TLSPP_ASSIGN_OR_RETURN(std::uint16_t algorithm, r.u16());
  TLSPP_ASSIGN_OR_RETURN(ByteVector signature,
                         read_opaque16(r, {0, 0xFFFF}, "CertificateVerify.signature"));
  TLSPP_TRY(r.expect_empty());
  return CertificateVerify{static_cast<SignatureScheme>(algorithm), std::move(signature)};
}

void CertificateVerify::encode(codec::Writer& w) const {
  w.u16(static_cast<std::uint16_t>(algorithm));
  write_opaque16(w, signature);
}

}  // namespace tlspp::msgs
