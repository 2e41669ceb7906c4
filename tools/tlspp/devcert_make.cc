// Building the development certificates: RFC 5280 §4.1 TBSCertificate written with tlspp's DER
// writer, keys generated and signatures made through the crypto provider.
#include <unistd.h>

#include <array>
#include <cstdlib>

#include "devcert.h"
#include "x509/certificate.h"
#include "x509/der_writer.h"
#include "x509/host_name.h"
#include "x509/ip_address.h"
#include "x509/oid.h"

namespace tlspp::tool {
namespace {

namespace der = x509::der;
namespace oid = x509::oid;
using der::Encoded;

constexpr x509::UnixTime kHour = 3600;
constexpr x509::UnixTime kDay = 24 * kHour;
constexpr x509::UnixTime kCaLifetime = 3650 * kDay;
constexpr x509::UnixTime kLeafLifetime = 397 * kDay;  // CA/B Forum BR §6.3.2 (since 2020-09)

constexpr std::array<std::uint8_t, 3> kOidOrganization = {0x55, 0x04, 0x0a};

// RFC 5280 §4.1.2.4: Name ::= SEQUENCE OF RDN; one attribute per RDN, UTF8String values.
Encoded make_name(const std::vector<std::pair<der::Bytes, std::string>>& attributes) {
  std::vector<Encoded> rdns;
  for (const auto& [type, value] : attributes) {
    const Encoded atv =
        der::encode_sequence({der::encode_oid(type), der::encode_utf8_string(value)});
    rdns.push_back(der::encode_constructed(der::kSet, {atv}));
  }
  return der::encode_constructed(der::kSequence, rdns);
}

// RFC 5280 §4.1: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }.
Encoded make_extension(der::Bytes id, bool critical, const Encoded& value) {
  if (!critical)
    return der::encode_sequence({der::encode_oid(id), der::encode_octet_string(value)});
  return der::encode_sequence(
      {der::encode_oid(id), der::encode_boolean(true), der::encode_octet_string(value)});
}

// RFC 5758 §3.2: ecdsa-with-SHA256 with absent parameters.
Encoded ecdsa_sha256_algorithm() {
  return der::encode_sequence({der::encode_oid(oid::kOidEcdsaWithSha256)});
}

// RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's bits.
Result<Encoded> key_identifier(crypto::Provider& provider, std::span<const std::uint8_t> spki) {
  der::Parser outer(spki, "SubjectPublicKeyInfo");
  TLSPP_ASSIGN_OR_RETURN(der::Element whole, outer.read_element(der::kSequence));
  TLSPP_ASSIGN_OR_RETURN(x509::PublicKeyInfo info, x509::parse_public_key_info(whole));
  Encoded id(crypto::digest_size(crypto::HashAlg::sha1));
  TLSPP_TRY(provider.hash(crypto::HashAlg::sha1, info.key, id));
  return id;
}

// A positive 16-byte serial number from the CSPRNG (RFC 5280 §4.1.2.2: at most 20 octets;
// CA/B Forum BR §7.1: at least 64 bits of randomness).
Result<Encoded> random_serial(crypto::Provider& provider) {
  std::array<std::uint8_t, 16> bytes{};
  TLSPP_TRY(provider.random(bytes));
  bytes[0] = static_cast<std::uint8_t>((bytes[0] & 0x7f) | 0x01);  // positive and non-zero
  return der::encode_unsigned_integer(bytes);
}

// Signs `tbs` with the CA key (ECDSA P-256 SHA-256) and wraps it as a Certificate.
Result<Encoded> sign_certificate(const Encoded& tbs, const crypto::PrivateKey& issuer_key) {
  TLSPP_ASSIGN_OR_RETURN(
      std::vector<std::uint8_t> signature,
      issuer_key.sign({crypto::SignatureKind::ecdsa, crypto::HashAlg::sha256}, tbs));
  return der::encode_sequence({tbs, ecdsa_sha256_algorithm(), der::encode_bit_string(signature)});
}

std::string user_at_host() {
  const char* user = std::getenv("USER");
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::string out = user != nullptr && *user != '\0' ? user : "user";
  if (host[0] != '\0') out += "@" + std::string(host);
  return out;
}

}  // namespace

Result<DevCertRequest> parse_dev_names(const std::vector<std::string>& names) {
  DevCertRequest request;
  for (const std::string& name : names) {
    if (auto ip = x509::parse_ip_address(name)) {
      request.ip_addresses.push_back(std::move(*ip));
    } else if (auto dns = x509::normalize_reference_name(name)) {
      request.dns_names.push_back(std::move(*dns));
    } else {
      return Error(ErrorCode::invalid_argument,
                   "'" + name + "' is neither a DNS name nor an IP address");
    }
  }
  if (request.dns_names.empty() && request.ip_addresses.empty()) {
    return Error(ErrorCode::invalid_argument, "a certificate needs at least one name");
  }
  return request;
}

Result<MadeCertificate> make_ca(crypto::Provider& provider, x509::UnixTime now) {
  TLSPP_ASSIGN_OR_RETURN(auto key, provider.generate_private_key(crypto::KeyType::ec_p256, 0));
  TLSPP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> spki,
                         key->public_key()->subject_public_key_info());
  TLSPP_ASSIGN_OR_RETURN(Encoded ski, key_identifier(provider, spki));
  TLSPP_ASSIGN_OR_RETURN(Encoded serial, random_serial(provider));
  const Encoded name =
      make_name({{oid::kOidCommonName, "tlspp development CA (" + user_at_host() + ")"},
                 {kOidOrganization, "tlspp development"}});
  // RFC 5280 §4.2.1.9: basicConstraints critical, cA TRUE, pathLenConstraint 0 (no intermediates);
  // §4.2.1.3: keyUsage keyCertSign (5) and cRLSign (6); §4.2.1.2: subjectKeyIdentifier.
  const Encoded extensions = der::encode_constructed(
      der::kSequence,
      std::vector<Encoded>{
          make_extension(oid::kOidExtBasicConstraints, true,
                         der::encode_sequence({der::encode_boolean(true), der::encode_integer(0)})),
          make_extension(oid::kOidExtKeyUsage, true, der::encode_named_bits({5, 6})),
          make_extension(oid::kOidExtSubjectKeyIdentifier, false, der::encode_octet_string(ski)),
      });
  const Encoded tbs = der::encode_sequence({
      der::encode_constructed(der::context_constructed(0), {der::encode_integer(2)}),  // v3
      serial,
      ecdsa_sha256_algorithm(),
      name,
      der::encode_sequence({der::encode_time(now - kHour), der::encode_time(now + kCaLifetime)}),
      name,
      spki,
      der::encode_constructed(der::context_constructed(3), {extensions}),
  });
  TLSPP_ASSIGN_OR_RETURN(Encoded cert, sign_certificate(tbs, *key));
  return MadeCertificate{std::move(cert), std::move(key)};
}

Result<MadeCertificate> make_leaf(crypto::Provider& provider, const DevCertRequest& request,
                                  crypto::KeyType key_type, std::span<const std::uint8_t> ca_der,
                                  const crypto::PrivateKey& ca_key, x509::UnixTime now) {
  TLSPP_ASSIGN_OR_RETURN(auto ca, x509::Certificate::parse(ca_der));
  if (!ca->subject_key_id()) {
    return Error(ErrorCode::invalid_argument, "the CA certificate has no subjectKeyIdentifier");
  }
  TLSPP_ASSIGN_OR_RETURN(auto key, provider.generate_private_key(key_type, 2048));
  TLSPP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> spki,
                         key->public_key()->subject_public_key_info());
  TLSPP_ASSIGN_OR_RETURN(Encoded ski, key_identifier(provider, spki));
  TLSPP_ASSIGN_OR_RETURN(Encoded serial, random_serial(provider));

  // The subject's CN, when there is one, copies the first DNS name of the SAN (CA/B BR §7.1.4.3).
  std::vector<std::pair<der::Bytes, std::string>> subject_attributes;
  if (!request.dns_names.empty()) {
    subject_attributes.emplace_back(oid::kOidCommonName, request.dns_names.front());
  }
  subject_attributes.emplace_back(kOidOrganization, "tlspp development");
  // RFC 5280 §4.2.1.6: dNSName [2] IA5String, iPAddress [7] OCTET STRING.
  std::vector<Encoded> general_names;
  for (const std::string& dns : request.dns_names) {
    general_names.push_back(der::encode_ia5_string(der::context(2), dns));
  }
  for (const auto& ip : request.ip_addresses)
    general_names.push_back(der::encode(der::context(7), ip));
  // keyUsage: digitalSignature (0) for ECDHE suites; RSA also keyEncipherment (2) for the TLS 1.2
  // RSA key exchange (RFC 5246 §7.4.2).
  const Encoded key_usage = key_type == crypto::KeyType::rsa ? der::encode_named_bits({0, 2})
                                                             : der::encode_named_bits({0});
  const Encoded extensions = der::encode_constructed(
      der::kSequence,
      std::vector<Encoded>{
          make_extension(oid::kOidExtBasicConstraints, true, der::encode_sequence({})),
          make_extension(oid::kOidExtKeyUsage, true, key_usage),
          make_extension(oid::kOidExtExtKeyUsage, false,
                         der::encode_sequence({der::encode_oid(oid::kOidServerAuth),
                                               der::encode_oid(oid::kOidClientAuth)})),
          make_extension(oid::kOidExtSubjectAltName, false,
                         der::encode_constructed(der::kSequence, general_names)),
          make_extension(oid::kOidExtSubjectKeyIdentifier, false, der::encode_octet_string(ski)),
          // RFC 5280 §4.2.1.1: AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] ... }.
          make_extension(
              oid::kOidExtAuthorityKeyIdentifier, false,
              der::encode_sequence({der::encode(der::context(0), ca->subject_key_id()->value)})),
      });
  const Encoded tbs = der::encode_sequence({
      der::encode_constructed(der::context_constructed(0), {der::encode_integer(2)}),
      serial,
      ecdsa_sha256_algorithm(),
      Encoded(ca->subject().encoding.begin(), ca->subject().encoding.end()),
      der::encode_sequence({der::encode_time(now - kHour), der::encode_time(now + kLeafLifetime)}),
      make_name(subject_attributes),
      spki,
      der::encode_constructed(der::context_constructed(3), {extensions}),
  });
  TLSPP_ASSIGN_OR_RETURN(Encoded cert, sign_certificate(tbs, ca_key));
  return MadeCertificate{std::move(cert), std::move(key)};
}

}  // namespace tlspp::tool
