#include "handshake/key_schedule12.h"

#include <array>

namespace tlspp::handshake {
namespace {
constexpr std::size_t kMasterSecretSize = 48;

// a || b into a fixed buffer (randoms are 32 bytes each).
std::array<std::uint8_t, 64> concat_randoms(Bytes a, Bytes b) {
  std::array<std::uint8_t, 64> out{};
  for (std::size_t i = 0; i < 32 && i < a.size(); ++i) out[i] = a[i];
  for (std::size_t i = 0; i < 32 && i < b.size(); ++i) out[32 + i] = b[i];
  return out;
}

Status check_randoms(Bytes a, Bytes b) {
  if (a.size() != 32 || b.size() != 32) {
    return Error(ErrorCode::invalid_argument, "TLS 1.2 key schedule: randoms must be 32 bytes");
  }
  return {};
}
}  // namespace

Result<SecretBytes> master_secret12(crypto::Provider& p, crypto::HashAlg prf_hash,
                                    SecretBytes pre_master_secret, Bytes client_random,
                                    Bytes server_random) {
  TLSPP_TRY(check_randoms(client_random, server_random));
  const auto seed = concat_randoms(client_random, server_random);
  return p.tls12_prf(prf_hash, pre_master_secret, "master secret", seed, kMasterSecretSize);
}

Result<SecretBytes> extended_master_secret12(crypto::Provider& p, crypto::HashAlg prf_hash,
                                             SecretBytes pre_master_secret, Bytes session_hash) {
  return p.tls12_prf(prf_hash, pre_master_secret, "extended master secret", session_hash,
                     kMasterSecretSize);
}

std::size_t fixed_iv_size12(crypto::AeadAlg aead) {
  return aead == crypto::AeadAlg::chacha20_poly1305 ? 12 : 4;
}

Result<KeyBlock12> key_block12(crypto::Provider& p, crypto::HashAlg prf_hash, crypto::AeadAlg aead,
                               Bytes master_secret, Bytes client_random, Bytes server_random) {
  TLSPP_TRY(check_randoms(client_random, server_random));
  // RFC 5246 §6.3: the seed is server_random + client_random (note the order).
  const auto seed = concat_randoms(server_random, client_random);
  const std::size_t key_len = crypto::aead_key_size(aead);
  const std::size_t iv_len = fixed_iv_size12(aead);
  TLSPP_ASSIGN_OR_RETURN(SecretBytes block, p.tls12_prf(prf_hash, master_secret, "key expansion",
                                                        seed, 2 * key_len + 2 * iv_len));
  auto part = [&](std::size_t offset, std::size_t len) {
    return SecretBytes(block.span().subspan(offset, len));
  };
  KeyBlock12 out;
  out.client_key = part(0, key_len);
  out.server_key = part(key_len, key_len);
  out.client_iv = part(2 * key_len, iv_len);
  out.server_iv = part(2 * key_len + iv_len, iv_len);
  return out;
}

Result<SecretBytes> finished_verify_data12(crypto::Provider& p, crypto::HashAlg prf_hash,
                                           Bytes master_secret, bool from_client,
                                           Bytes handshake_hash) {
  return p.tls12_prf(prf_hash, master_secret, from_client ? "client finished" : "server finished",
                     handshake_hash, kVerifyDataSize12);
}

}  // namespace tlspp::handshake
