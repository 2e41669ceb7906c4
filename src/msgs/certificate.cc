#include "msgs/certificate.h"

#include <algorithm>

namespace tlspp::msgs {

namespace {
// opaque cert_data<1..2^24-1> / ASN.1Cert, as a span into `r`'s input.
Result<Bytes> read_cert_data(codec::Reader& r, std::string_view what) {
  TLSPP_ASSIGN_OR_RETURN(Bytes der, r.bytes24());
  TLSPP_TRY(check_length(der.size(), {1, 0xFFFFFF}, what));
  return der;
}

bool same_bytes(Bytes a, Bytes b) { return std::ranges::equal(a, b); }
}  // namespace

bool CertificateEntry::operator==(const CertificateEntry& other) const {
  return same_bytes(cert_data, other.cert_data) && extensions == other.extensions;
}

Result<CertificateTls13> CertificateTls13::decode(Bytes body) {
  codec::Reader r(body, "Certificate");
  CertificateTls13 out;
  TLSPP_ASSIGN_OR_RETURN(out.certificate_request_context,
                         read_opaque8(r, {0, 255}, "Certificate.certificate_request_context"));
  TLSPP_ASSIGN_OR_RETURN(codec::Reader list, r.sub24("Certificate.certificate_list"));
  TLSPP_TRY(r.expect_empty());
  while (!list.empty()) {
    CertificateEntry entry;
    TLSPP_ASSIGN_OR_RETURN(entry.cert_data, read_cert_data(list, "CertificateEntry.cert_data"));
    TLSPP_ASSIGN_OR_RETURN(entry.extensions, Extensions::read(list, "CertificateEntry.extensions"));
    TLSPP_TRY(entry.extensions.check_tls13_context(ExtensionContext::certificate, "Certificate"));
    out.certificate_list.push_back(std::move(entry));
  }
  return out;
}

void CertificateTls13::encode(codec::Writer& w) const {
  write_opaque8(w, certificate_request_context);
  w.prefixed(codec::Prefix::u24, [&](codec::Writer& list) {
    for (const CertificateEntry& entry : certificate_list) {
      write_opaque24(list, entry.cert_data);
      entry.extensions.encode(list);
    }
  });
}

Result<CertificateTls12> CertificateTls12::decode(Bytes body) {
  codec::Reader r(body, "Certificate");
  TLSPP_ASSIGN_OR_RETURN(codec::Reader list, r.sub24("Certificate.certificate_list"));
  TLSPP_TRY(r.expect_empty());
  CertificateTls12 out;
  while (!list.empty()) {
    TLSPP_ASSIGN_OR_RETURN(Bytes der, read_cert_data(list, "Certificate.ASN.1Cert"));
    out.certificate_list.push_back(der);
  }
  return out;
}

void CertificateTls12::encode(codec::Writer& w) const {
  w.prefixed(codec::Prefix::u24, [&](codec::Writer& list) {
    for (Bytes der : certificate_list) write_opaque24(list, der);
  });
}

bool CertificateTls12::operator==(const CertificateTls12& other) const {
  return std::ranges::equal(certificate_list, other.certificate_list, same_bytes);
}

}  // namespace tlspp::msgs
