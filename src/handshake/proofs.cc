#include "handshake/proofs.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "codec/secret_bytes.h"
#include "handshake/negotiation.h"

namespace tlspp::handshake {

Result<SignatureVerified> verify_handshake_signature(const ChainVerified& chain,
                                                     SignatureScheme scheme,
                                                     ProtocolVersion version,
                                                     crypto::Bytes signed_content,
                                                     crypto::Bytes signature,
                                                     std::span<const SignatureScheme> offered) {
  // RFC 8446 §4.4.3: "If the CertificateVerify message is sent by a server, the signature
  // algorithm MUST be one offered in the client's "signature_algorithms" extension".
  if (std::find(offered.begin(), offered.end(), scheme) == offered.end()) {
    return Error(ErrorCode::illegal_parameter,
                 "the peer signed with " + display_name(scheme) + ", which we did not offer");
  }
  if (!scheme_fits_key(scheme, chain.key_type(), version)) {
    return Error(ErrorCode::illegal_parameter,
                 "signature scheme " + display_name(scheme) + " does not fit the peer's " +
                     std::string(crypto::name_of(chain.key_type())) + " key");
  }
  auto alg = crypto::signature_algorithm_for(scheme);
  if (!alg) {
    return Error(ErrorCode::illegal_parameter,
                 "unsupported signature scheme " + display_name(scheme));
  }
  auto verified = chain.leaf_key().verify(*alg, signed_content, signature);
  if (!verified.ok()) {
    return Error(ErrorCode::bad_certificate_verify,
                 "the peer's " + display_name(scheme) +
                     " signature over the handshake does not verify with its certificate's key");
  }
  return SignatureVerified(scheme);
}

Result<FinishedVerified> verify_finished(crypto::Bytes expected, crypto::Bytes received) {
  if (!codec::ct_equal(expected, received)) {
    return Error(ErrorCode::bad_finished,
                 "the peer's Finished does not match the handshake transcript");
  }
  return FinishedVerified();
}

Result<BinderVerified> verify_binder(crypto::Bytes expected, crypto::Bytes received) {
  if (!codec::ct_equal(expected, received)) {
    return Error(ErrorCode::bad_binder, "the PSK binder does not match the ClientHello");
  }
  return BinderVerified();
}

Result<PskSelected> accept_selected_identity(std::uint16_t selected, std::size_t offered) {
  if (selected >= offered) {
    return Error(ErrorCode::illegal_parameter, "the server selected PSK identity " +
                                                   std::to_string(selected) + " of " +
                                                   std::to_string(offered) + " offered");
  }
  return PskSelected(selected);
}

std::vector<std::uint8_t> certificate_verify_content(bool by_server,
                                                     crypto::Bytes transcript_hash) {
  static constexpr std::string_view kServer = "TLS 1.3, server CertificateVerify";
  static constexpr std::string_view kClient = "TLS 1.3, client CertificateVerify";
  const std::string_view context = by_server ? kServer : kClient;
  std::vector<std::uint8_t> out(64 + context.size() + 1 + transcript_hash.size(), 0x20);
  std::memcpy(out.data() + 64, context.data(), context.size());
  out[64 + context.size()] = 0;
  std::memcpy(out.data() + 64 + context.size() + 1, transcript_hash.data(), transcript_hash.size());
  return out;
}

}  // namespace tlspp::handshake
