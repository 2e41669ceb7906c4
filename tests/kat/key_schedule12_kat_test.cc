// Cross-check of key_schedule12.cc's byte slicing against the RFC formulas computed directly with
// the provider's PRF (the PRF itself is checked against published vectors in prf_kat_test.cc):
// RFC 5246 §8.1 master secret, RFC 7627 §4 extended master secret, RFC 5246 §6.3 key block (AEAD
// suites: keys then implicit IVs, client first) and §7.4.9 Finished verify_data.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "crypto/openssl/openssl_provider.h"
#include "handshake/key_schedule12.h"

namespace tlspp::handshake {
namespace {

std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t start) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(start + i);
  return v;
}

std::vector<std::uint8_t> bytes(const SecretBytes& s) { return {s.span().begin(), s.span().end()}; }

std::vector<std::uint8_t> cat(const std::vector<std::uint8_t>& a,
                              const std::vector<std::uint8_t>& b) {
  std::vector<std::uint8_t> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

struct Case {
  crypto::HashAlg hash;
  crypto::AeadAlg aead;
  std::size_t key_len, iv_len;
};

class KeySchedule12 : public ::testing::TestWithParam<Case> {};

TEST_P(KeySchedule12, MatchesRfcFormulas) {
  auto p = crypto::openssl::make_provider();
  const Case c = GetParam();
  const auto pms = pattern(48, 0x10), cr = pattern(32, 0x60), sr = pattern(32, 0xA0);

  // RFC 5246 §8.1: PRF(pre_master_secret, "master secret", client_random + server_random).
  auto master = master_secret12(*p, c.hash, SecretBytes(pms), cr, sr);
  ASSERT_TRUE(master.ok());
  auto expected_master = p->tls12_prf(c.hash, pms, "master secret", cat(cr, sr), 48);
  ASSERT_TRUE(expected_master.ok());
  EXPECT_EQ(bytes(*master), bytes(*expected_master));

  // RFC 7627 §4: PRF(pre_master_secret, "extended master secret", session_hash).
  const auto session_hash = pattern(crypto::digest_size(c.hash), 0x33);
  auto ems = extended_master_secret12(*p, c.hash, SecretBytes(pms), session_hash);
  auto expected_ems = p->tls12_prf(c.hash, pms, "extended master secret", session_hash, 48);
  ASSERT_TRUE(ems.ok() && expected_ems.ok());
  EXPECT_EQ(bytes(*ems), bytes(*expected_ems));
  EXPECT_NE(bytes(*ems), bytes(*master));

  // RFC 5246 §6.3: key_block = PRF(master, "key expansion", server_random + client_random),
  // split client_write_key, server_write_key, client_write_IV, server_write_IV.
  auto block = key_block12(*p, c.hash, c.aead, master->span(), cr, sr);
  ASSERT_TRUE(block.ok());
  const std::size_t total = 2 * c.key_len + 2 * c.iv_len;
  auto raw = p->tls12_prf(c.hash, master->span(), "key expansion", cat(sr, cr), total);
  ASSERT_TRUE(raw.ok());
  const auto all = bytes(*raw);
  auto slice = [&](std::size_t off, std::size_t len) {
    return std::vector<std::uint8_t>(all.begin() + off, all.begin() + off + len);
  };
  EXPECT_EQ(bytes(block->client_key), slice(0, c.key_len));
  EXPECT_EQ(bytes(block->server_key), slice(c.key_len, c.key_len));
  EXPECT_EQ(bytes(block->client_iv), slice(2 * c.key_len, c.iv_len));
  EXPECT_EQ(bytes(block->server_iv), slice(2 * c.key_len + c.iv_len, c.iv_len));

  // RFC 5246 §7.4.9: PRF(master, finished_label, Hash(handshake_messages))[0..11].
  const auto hs_hash = pattern(crypto::digest_size(c.hash), 0x77);
  for (bool from_client : {true, false}) {
    auto vd = finished_verify_data12(*p, c.hash, master->span(), from_client, hs_hash);
    auto expected = p->tls12_prf(c.hash, master->span(),
                                 from_client ? "client finished" : "server finished", hs_hash, 12);
    ASSERT_TRUE(vd.ok() && expected.ok());
    EXPECT_EQ(vd->size(), 12u);
    EXPECT_EQ(bytes(*vd), bytes(*expected));
  }
}

// RFC 5288 §3 (GCM: 4-byte salt), RFC 7905 §2 (ChaCha20: 12-byte IV).
INSTANTIATE_TEST_SUITE_P(
    Suites, KeySchedule12,
    ::testing::Values(Case{crypto::HashAlg::sha256, crypto::AeadAlg::aes_128_gcm, 16, 4},
                      Case{crypto::HashAlg::sha384, crypto::AeadAlg::aes_256_gcm, 32, 4},
                      Case{crypto::HashAlg::sha256, crypto::AeadAlg::chacha20_poly1305, 32, 12}));

}  // namespace
}  // namespace tlspp::handshake
