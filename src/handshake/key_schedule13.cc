#include "handshake/key_schedule13.h"

#include "handshake/transcript.h"

namespace tlspp::handshake {
namespace {

// HKDF-Extract(salt = Derive-Secret(secret, "derived", ""), ikm or HashLen zeros).
Result<SecretBytes> extract_after_derived(crypto::Provider& p, crypto::HashAlg alg, Bytes secret,
                                          Bytes ikm) {
  TLSPP_ASSIGN_OR_RETURN(Digest empty, Transcript::empty_hash(p, alg));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes derived,
                         crypto::derive_secret(p, alg, secret, "derived", empty));
  if (!ikm.empty()) return p.hkdf_extract(alg, derived, ikm);
  const SecretBytes zeros(crypto::digest_size(alg));
  return p.hkdf_extract(alg, derived, zeros);
}

}  // namespace

Result<EarlySecret> EarlySecret::derive(crypto::Provider& p, crypto::HashAlg alg, Bytes psk) {
  // RFC 8446 §7.1: "If a given secret is not available, then the 0-value consisting of a string
  // of Hash.length bytes set to zeros is used." The salt of the first Extract is also 0.
  const SecretBytes zeros(crypto::digest_size(alg));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes secret,
                         p.hkdf_extract(alg, zeros, psk.empty() ? Bytes(zeros) : psk));
  return EarlySecret(p, alg, std::move(secret));
}

Result<SecretBytes> EarlySecret::binder_key(bool resumption) const {
  TLSPP_ASSIGN_OR_RETURN(Digest empty, Transcript::empty_hash(*p_, alg_));
  return crypto::derive_secret(*p_, alg_, secret_, resumption ? "res binder" : "ext binder", empty);
}

Result<SecretBytes> EarlySecret::client_early_traffic_secret(Bytes client_hello_hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "c e traffic", client_hello_hash);
}

Result<SecretBytes> EarlySecret::early_exporter_master_secret(Bytes client_hello_hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "e exp master", client_hello_hash);
}

Result<HandshakeSecret> EarlySecret::into_handshake_secret(Bytes shared_secret) && {
  TLSPP_ASSIGN_OR_RETURN(SecretBytes next,
                         extract_after_derived(*p_, alg_, secret_, shared_secret));
  secret_.wipe();
  return HandshakeSecret(*p_, alg_, std::move(next));
}

Result<SecretBytes> HandshakeSecret::client_handshake_traffic_secret(Bytes hello_hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "c hs traffic", hello_hash);
}

Result<SecretBytes> HandshakeSecret::server_handshake_traffic_secret(Bytes hello_hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "s hs traffic", hello_hash);
}

Result<MasterSecret> HandshakeSecret::into_master_secret() && {
  TLSPP_ASSIGN_OR_RETURN(SecretBytes next, extract_after_derived(*p_, alg_, secret_, {}));
  secret_.wipe();
  return MasterSecret(*p_, alg_, std::move(next));
}

Result<SecretBytes> MasterSecret::client_application_traffic_secret(Bytes hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "c ap traffic", hash);
}

Result<SecretBytes> MasterSecret::server_application_traffic_secret(Bytes hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "s ap traffic", hash);
}

Result<SecretBytes> MasterSecret::exporter_master_secret(Bytes hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "exp master", hash);
}

Result<SecretBytes> MasterSecret::resumption_master_secret(Bytes hash) const {
  return crypto::derive_secret(*p_, alg_, secret_, "res master", hash);
}

Result<TrafficKeys> traffic_keys(crypto::Provider& p, crypto::HashAlg hash, crypto::AeadAlg aead,
                                 Bytes traffic_secret) {
  // RFC 8446 §7.3
  TLSPP_ASSIGN_OR_RETURN(
      SecretBytes key,
      crypto::hkdf_expand_label(p, hash, traffic_secret, "key", {}, crypto::aead_key_size(aead)));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes iv, crypto::hkdf_expand_label(p, hash, traffic_secret, "iv",
                                                                   {}, crypto::kAeadNonceSize));
  return TrafficKeys{std::move(key), std::move(iv)};
}

Result<SecretBytes> next_traffic_secret(crypto::Provider& p, crypto::HashAlg hash,
                                        Bytes traffic_secret) {
  return crypto::hkdf_expand_label(p, hash, traffic_secret, "traffic upd", {},
                                   crypto::digest_size(hash));
}

Result<SecretBytes> finished_verify_data(crypto::Provider& p, crypto::HashAlg hash, Bytes base_key,
                                         Bytes transcript_hash) {
  const std::size_t n = crypto::digest_size(hash);
  TLSPP_ASSIGN_OR_RETURN(SecretBytes finished_key,
                         crypto::hkdf_expand_label(p, hash, base_key, "finished", {}, n));
  SecretBytes out(n);
  TLSPP_TRY(p.hmac(hash, finished_key, transcript_hash, out.span()));
  return out;
}

Result<SecretBytes> resumption_psk(crypto::Provider& p, crypto::HashAlg hash,
                                   Bytes resumption_master_secret, Bytes ticket_nonce) {
  return crypto::hkdf_expand_label(p, hash, resumption_master_secret, "resumption", ticket_nonce,
                                   crypto::digest_size(hash));
}

Result<SecretBytes> export_keying_material(crypto::Provider& p, crypto::HashAlg hash,
                                           Bytes exporter_master_secret, std::string_view label,
                                           Bytes context, std::size_t length) {
  // RFC 8446 §7.5: HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context),
  // key_length)
  TLSPP_ASSIGN_OR_RETURN(Digest empty, Transcript::empty_hash(p, hash));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes derived,
                         crypto::derive_secret(p, hash, exporter_master_secret, label, empty));
  Digest context_hash;
  context_hash.size = crypto::digest_size(hash);
  TLSPP_TRY(p.hash(hash, context, {context_hash.bytes.data(), context_hash.size}));
  return crypto::hkdf_expand_label(p, hash, derived, "exporter", context_hash, length);
}

}  // namespace tlspp::handshake
