// DeterministicProvider: a Provider whose randomness is reproducible, for trace replays (RFC 8448),
// fuzzers and tests. It wraps another provider (normally openssl::make_provider()) and forwards
// every primitive to it, except:
//   - random() returns the bytes queued with queue_random() first (FIFO), then a stream derived
//     from the seed: block i = SHA-256(seed || uint64_be(i)), computed by the inner provider;
//   - generate_key_share(group) returns key_share_from_private(group, scalar) for a scalar queued
//     with queue_key_share_private(), else for a scalar drawn from the seeded stream (never from
//     the queued random bytes), so handshakes reproduce byte for byte;
//   - keys from load_private_key() return a queued signature (queue_signature()) from sign()
//     instead of signing: RSA-PSS and ECDSA signatures are randomised, so a replay injects the
//     trace's signature.
// Not reproducible: signatures that were not queued, and the random pre-master secret
// decrypt_tls_premaster() substitutes for an invalid one (libcrypto draws it).
//
// Thread-safe like every Provider: the queues and the stream are guarded by a mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/provider.h"

namespace tlspp::crypto {

class DeterministicProvider final : public Provider {
 public:
  // `inner` does the cryptography (must not be null); `seed` selects the random stream.
  explicit DeterministicProvider(std::shared_ptr<Provider> inner, Bytes seed = {});
  ~DeterministicProvider() override;

  // The next random() calls return these bytes, in order, before the seeded stream resumes.
  void queue_random(Bytes bytes);
  // The next generate_key_share(group) returns the key pair of this private key (X25519: the
  // 32-byte scalar; NIST curves: the big-endian scalar). One queue per group.
  void queue_key_share_private(NamedGroup group, Bytes private_key);
  // The next sign() through any key this provider loaded returns `signature` unchanged.
  void queue_signature(std::vector<std::uint8_t> signature);

  std::string_view name() const override;
  std::vector<std::string> algorithms() const override;
  Status random(MutableBytes out) override;
  std::unique_ptr<HashContext> new_hash(HashAlg alg) override;
  Status hmac(HashAlg alg, Bytes key, Bytes data, MutableBytes out) override;
  Result<SecretBytes> hkdf_extract(HashAlg alg, Bytes salt, Bytes ikm) override;
  Result<SecretBytes> hkdf_expand(HashAlg alg, Bytes prk, Bytes info, std::size_t length) override;
  Result<SecretBytes> tls12_prf(HashAlg alg, Bytes secret, std::string_view label, Bytes seed,
                                std::size_t length) override;
  Result<std::unique_ptr<Aead>> new_aead(AeadAlg alg, Bytes key) override;
  Result<std::unique_ptr<KeyShare>> generate_key_share(NamedGroup group) override;
  Result<std::unique_ptr<KeyShare>> key_share_from_private(NamedGroup group,
                                                           Bytes private_key) override;
  Result<std::unique_ptr<PublicKey>> import_rsa_public_key(Bytes modulus, Bytes exponent) override;
  Result<std::unique_ptr<PublicKey>> import_ec_public_key(NamedGroup curve, Bytes point) override;
  Result<std::unique_ptr<PublicKey>> import_ed25519_public_key(Bytes raw) override;
  Result<std::unique_ptr<PrivateKey>> load_private_key(Bytes pem_or_der) override;
  Result<std::unique_ptr<PublicKey>> load_public_key(Bytes pem_or_der) override;

  // The queues and the stream; shared with the keys this provider loads (they may outlive it).
  struct State;

 private:
  std::shared_ptr<Provider> inner_;
  std::shared_ptr<State> state_;
};

}  // namespace tlspp::crypto
