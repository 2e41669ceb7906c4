// The TLS 1.3 key schedule (RFC 8446 §7.1) as a chain of types. Each stage holds its secret in
// SecretBytes and is consumed (&&) by the step to the next, so a secret is wiped as soon as the
// next stage exists:
//
//   EarlySecret --(ECDHE)--> HandshakeSecret --(0)--> MasterSecret
//
// Each stage derives the traffic secrets that hang off it, given the transcript hash the RFC names.
#pragma once

#include <string_view>

#include "crypto/provider.h"
#include "handshake/digest.h"
#include "tlspp/result.h"

namespace tlspp::handshake {

using crypto::Bytes;
using crypto::SecretBytes;

class MasterSecret;

class HandshakeSecret {
 public:
  // RFC 8446 §7.1 "c hs traffic" / "s hs traffic" over Transcript-Hash(ClientHello..ServerHello).
  Result<SecretBytes> client_handshake_traffic_secret(Bytes hello_hash) const;
  Result<SecretBytes> server_handshake_traffic_secret(Bytes hello_hash) const;
  // Derive-Secret(., "derived", "") then HKDF-Extract with a zero IKM.
  Result<MasterSecret> into_master_secret() &&;

 private:
  friend class EarlySecret;
  HandshakeSecret(crypto::Provider& p, crypto::HashAlg alg, SecretBytes s)
      : p_(&p), alg_(alg), secret_(std::move(s)) {}
  crypto::Provider* p_;
  crypto::HashAlg alg_;
  SecretBytes secret_;
};

class EarlySecret {
 public:
  // HKDF-Extract(0, PSK); with no PSK (a full handshake) the IKM is HashLen zeros.
  static Result<EarlySecret> derive(crypto::Provider& p, crypto::HashAlg alg, Bytes psk);

  // "res binder" (resumption PSK) or "ext binder" (external PSK) over the empty transcript.
  Result<SecretBytes> binder_key(bool resumption) const;
  // "c e traffic" / "e exp master" over Transcript-Hash(ClientHello).
  Result<SecretBytes> client_early_traffic_secret(Bytes client_hello_hash) const;
  Result<SecretBytes> early_exporter_master_secret(Bytes client_hello_hash) const;

  // Derive-Secret(., "derived", "") then HKDF-Extract with the (EC)DHE shared secret, or HashLen
  // zeros when `shared_secret` is empty (psk_ke, RFC 8446 §7.1).
  Result<HandshakeSecret> into_handshake_secret(Bytes shared_secret) &&;

 private:
  EarlySecret(crypto::Provider& p, crypto::HashAlg alg, SecretBytes s)
      : p_(&p), alg_(alg), secret_(std::move(s)) {}
  crypto::Provider* p_;
  crypto::HashAlg alg_;
  SecretBytes secret_;
};

class MasterSecret {
 public:
  // Over Transcript-Hash(ClientHello..server Finished).
  Result<SecretBytes> client_application_traffic_secret(Bytes server_finished_hash) const;
  Result<SecretBytes> server_application_traffic_secret(Bytes server_finished_hash) const;
  Result<SecretBytes> exporter_master_secret(Bytes server_finished_hash) const;
  // Over Transcript-Hash(ClientHello..client Finished).
  Result<SecretBytes> resumption_master_secret(Bytes client_finished_hash) const;

 private:
  friend class HandshakeSecret;
  MasterSecret(crypto::Provider& p, crypto::HashAlg alg, SecretBytes s)
      : p_(&p), alg_(alg), secret_(std::move(s)) {}
  crypto::Provider* p_;
  crypto::HashAlg alg_;
  SecretBytes secret_;
};

// RFC 8446 §7.3: the AEAD key and IV for one direction from a traffic secret.
struct TrafficKeys {
  SecretBytes key;
  SecretBytes iv;
};
Result<TrafficKeys> traffic_keys(crypto::Provider& p, crypto::HashAlg hash, crypto::AeadAlg aead,
                                 Bytes traffic_secret);

// RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(N, "traffic upd", "", HashLen).
Result<SecretBytes> next_traffic_secret(crypto::Provider& p, crypto::HashAlg hash,
                                        Bytes traffic_secret);

// RFC 8446 §4.4.4: verify_data = HMAC(finished_key, transcript_hash) with
// finished_key = HKDF-Expand-Label(base_key, "finished", "", HashLen). Also computes PSK binders
// (§4.2.11.2) with the binder key as base_key.
Result<SecretBytes> finished_verify_data(crypto::Provider& p, crypto::HashAlg hash, Bytes base_key,
                                         Bytes transcript_hash);

// RFC 8446 §4.6.1: the PSK a ticket stands for:
// HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, HashLen).
Result<SecretBytes> resumption_psk(crypto::Provider& p, crypto::HashAlg hash,
                                   Bytes resumption_master_secret, Bytes ticket_nonce);

// RFC 8446 §7.5: TLS-Exporter(label, context, length) from an exporter master secret.
Result<SecretBytes> export_keying_material(crypto::Provider& p, crypto::HashAlg hash,
                                           Bytes exporter_master_secret, std::string_view label,
                                           Bytes context, std::size_t length);

}  // namespace tlspp::handshake
