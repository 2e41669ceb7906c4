#include "msgs/certificate_request.h"

#include "msgs/ext_names.h"

namespace tlspp::msgs {

Result<CertificateRequestTls13> CertificateRequestTls13::decode(Bytes body) {
  codec::Reader r(body, "CertificateRequest");
  CertificateRequestTls13 out;
  TLSPP_ASSIGN_OR_RETURN(
      out.certificate_request_context,
      read_opaque8(r, {0, 255}, "CertificateRequest.certificate_request_context"));
  TLSPP_ASSIGN_OR_RETURN(out.extensions, Extensions::read(r, "CertificateRequest.extensions"));
  TLSPP_TRY(r.expect_empty());
  TLSPP_TRY(out.extensions.check_tls13_context(ExtensionContext::certificate_request,
                                               "CertificateRequest"));
  // RFC 8446 §4.3.2: "The "signature_algorithms" extension MUST be specified".
  if (!out.extensions.contains(ExtensionType::signature_algorithms)) {
    return Error(ErrorCode::missing_extension,
                 "CertificateRequest: no signature_algorithms extension");
  }
  return out;
}

void CertificateRequestTls13::encode(codec::Writer& w) const {
  write_opaque8(w, certificate_request_context);
  extensions.encode(w);
}

Result<CertificateRequestTls12> CertificateRequestTls12::decode(Bytes body) {
  codec::Reader r(body, "CertificateRequest");
  CertificateRequestTls12 out;
  TLSPP_ASSIGN_OR_RETURN(
      out.certificate_types,
      read_u8_list8<ClientCertificateType>(r, {1, 255}, "CertificateRequest.certificate_types"));
  TLSPP_ASSIGN_OR_RETURN(out.supported_signature_algorithms,
                         read_u16_list16<SignatureScheme>(
                             r, {2, 0xFFFE}, "CertificateRequest.supported_signature_algorithms"));
  TLSPP_ASSIGN_OR_RETURN(
      out.certificate_authorities,
      read_distinguished_names(r, {0, 0xFFFF}, "CertificateRequest.certificate_authorities"));
  TLSPP_TRY(r.expect_empty());
  return out;
}

void CertificateRequestTls12::encode(codec::Writer& w) const {
  write_u8_list8<ClientCertificateType>(w, certificate_types);
  write_u16_list16<SignatureScheme>(w, supported_signature_algorithms);
  write_distinguished_names(w, certificate_authorities);
}

}  // namespace tlspp::msgs
