// The typed extension-body decoders, for the fuzz targets: round_trip_extension_body() decodes an
// extension's body with the codec that applies in `context` and checks the round trip.
#pragma once

#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/ext_pre_shared_key.h"
#include "msgs/extensions.h"
#include "msgs_fuzz_util.h"

namespace tlspp::fuzz {

inline void round_trip_extension_body(const msgs::Extension& ext, msgs::ExtensionContext context) {
  using msgs::ExtensionContext;
  using T = ExtensionType;
  const Bytes body = ext.body;
  const bool client = context == ExtensionContext::client_hello;
  const bool hrr = context == ExtensionContext::hello_retry_request;
  switch (ext.type) {
    case T::server_name:
      client ? (void)round_trip<msgs::ServerNameList>(body)
             : (void)round_trip<msgs::EmptyExtension>(body);
      break;
    case T::supported_versions:
      client ? (void)round_trip<msgs::SupportedVersionsClientHello>(body)
             : (void)round_trip<msgs::SupportedVersionsServerHello>(body);
      break;
    case T::supported_groups: round_trip<msgs::SupportedGroups>(body); break;
    case T::signature_algorithms:
    case T::signature_algorithms_cert: round_trip<msgs::SignatureSchemeList>(body); break;
    case T::key_share:
      if (client) {
        round_trip<msgs::KeyShareClientHello>(body);
      } else if (hrr) {
        round_trip<msgs::KeyShareHelloRetryRequest>(body);
      } else {
        round_trip<msgs::KeyShareServerHello>(body);
      }
      break;
    case T::psk_key_exchange_modes: round_trip<msgs::PskKeyExchangeModes>(body); break;
    case T::pre_shared_key:
      client ? (void)round_trip<msgs::OfferedPsks>(body)
             : (void)round_trip<msgs::PreSharedKeyServerHello>(body);
      break;
    case T::early_data:
      context == ExtensionContext::new_session_ticket
          ? (void)round_trip<msgs::EarlyDataNewSessionTicket>(body)
          : (void)round_trip<msgs::EmptyExtension>(body);
      break;
    case T::cookie: round_trip<msgs::Cookie>(body); break;
    case T::application_layer_protocol_negotiation:
      client ? (void)round_trip<msgs::AlpnProtocols>(body)
             : (void)round_trip<msgs::AlpnProtocols>(body);
      (void)msgs::AlpnProtocols::decode_server(body);
      break;
    case T::certificate_authorities: round_trip<msgs::CertificateAuthorities>(body); break;
    case T::extended_master_secret:
    case T::post_handshake_auth: round_trip<msgs::EmptyExtension>(body); break;
    case T::renegotiation_info: round_trip<msgs::RenegotiationInfo>(body); break;
    case T::ec_point_formats: round_trip<msgs::EcPointFormats>(body); break;
    case T::session_ticket: round_trip<msgs::SessionTicketExtension>(body); break;
    case T::status_request: round_trip<msgs::StatusRequest>(body); break;
    case T::record_size_limit: round_trip<msgs::RecordSizeLimit>(body); break;
    case T::padding: round_trip<msgs::Padding>(body); break;
    default: break;
  }
}

inline void round_trip_extension_bodies(const msgs::Extensions& block,
                                        msgs::ExtensionContext context) {
  for (const msgs::Extension& ext : block.entries) round_trip_extension_body(ext, context);
}

}  // namespace tlspp::fuzz
