// The TLS 1.2 key schedule (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4): pre-master secret ->
// master secret -> key block, and Finished verify_data, all through the PRF.
#pragma once

#include "crypto/provider.h"
#include "tlspp/result.h"

namespace tlspp::handshake {

using crypto::Bytes;
using crypto::SecretBytes;

// RFC 5246 §8.1: master_secret = PRF(pre_master_secret, "master secret",
// ClientHello.random + ServerHello.random)[0..47]. The pre-master secret is wiped by the caller
// (it is consumed: pass it by value and let it go out of scope).
Result<SecretBytes> master_secret12(crypto::Provider& p, crypto::HashAlg prf_hash,
                                    SecretBytes pre_master_secret, Bytes client_random,
                                    Bytes server_random);

// RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret",
// session_hash)[0..47], session_hash = Hash(handshake messages up to ClientKeyExchange).
Result<SecretBytes> extended_master_secret12(crypto::Provider& p, crypto::HashAlg prf_hash,
                                             SecretBytes pre_master_secret, Bytes session_hash);

// RFC 5246 §6.3 key block for AEAD suites (no MAC keys): client_write_key, server_write_key,
// client_write_IV, server_write_IV. The IV is the 4-byte implicit salt for AES-GCM (RFC 5288 §3)
// and the 12-byte IV for ChaCha20-Poly1305 (RFC 7905 §2).
struct KeyBlock12 {
  SecretBytes client_key, server_key, client_iv, server_iv;
};
std::size_t fixed_iv_size12(crypto::AeadAlg aead);
Result<KeyBlock12> key_block12(crypto::Provider& p, crypto::HashAlg prf_hash, crypto::AeadAlg aead,
                               Bytes master_secret, Bytes client_random, Bytes server_random);

// RFC 5246 §7.4.9: verify_data = PRF(master_secret, "client finished" | "server finished",
// Hash(handshake_messages))[0..11].
inline constexpr std::size_t kVerifyDataSize12 = 12;
Result<SecretBytes> finished_verify_data12(crypto::Provider& p, crypto::HashAlg prf_hash,
                                           Bytes master_secret, bool from_client,
                                           Bytes handshake_hash);

}  // namespace tlspp::handshake
