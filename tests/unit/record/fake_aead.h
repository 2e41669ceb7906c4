// A stand-in AEAD for record-layer unit tests that must not depend on a crypto provider: a keyed
// XOR keystream and a 128-bit keyed tag over nonce, additional data and ciphertext. It is not
// secure, but it behaves like an AEAD where the record layer can tell: a different key, nonce,
// AAD, ciphertext or tag makes open() fail (with overwhelming probability), and a failed open()
// zeroes the buffer as crypto::Aead requires.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/provider.h"

namespace tlspp::record::testing {

class FakeAead : public crypto::Aead {
 public:
  FakeAead(crypto::AeadAlg alg, crypto::Bytes key) : alg_(alg), key_(key.begin(), key.end()) {}

  crypto::AeadAlg alg() const override { return alg_; }

  using crypto::Aead::seal;

  Status seal(crypto::Bytes nonce, crypto::Bytes aad, crypto::Bytes head, crypto::MutableBytes out,
              crypto::MutableBytes tag) override {
    if (nonce.size() != crypto::kAeadNonceSize || tag.size() != crypto::kAeadTagSize ||
        head.size() > out.size()) {
      return Error(ErrorCode::invalid_argument, "FakeAead: bad nonce, tag or head size");
    }
    ++seals;
    if (!head.empty() && head.data() != out.data()) {
      std::copy(head.begin(), head.end(), out.begin());
    }
    xor_stream(nonce, out);
    compute_tag(nonce, aad, out, tag);
    return ok_status();
  }

  Status open(crypto::Bytes nonce, crypto::Bytes aad, crypto::MutableBytes in_out,
              crypto::Bytes tag) override {
    if (nonce.size() != crypto::kAeadNonceSize || tag.size() != crypto::kAeadTagSize) {
      return Error(ErrorCode::invalid_argument, "FakeAead: bad nonce or tag size");
    }
    ++opens;
    std::uint8_t expected[crypto::kAeadTagSize];
    compute_tag(nonce, aad, in_out, expected);
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < crypto::kAeadTagSize; ++i) diff |= expected[i] ^ tag[i];
    if (diff != 0) {
      for (auto& b : in_out) b = 0;
      return Error(ErrorCode::aead_open_failed, "FakeAead: tag mismatch");
    }
    xor_stream(nonce, in_out);
    return ok_status();
  }

  int seals = 0;
  int opens = 0;

 private:
  static std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  static std::uint64_t absorb(std::uint64_t h, crypto::Bytes data) {
    for (std::uint8_t b : data) h = mix(h ^ b);
    return mix(h ^ data.size());
  }
  std::uint64_t seed(crypto::Bytes nonce) const {
    return absorb(absorb(0x5eed, key_), nonce) ^ static_cast<std::uint64_t>(alg_);
  }
  void xor_stream(crypto::Bytes nonce, crypto::MutableBytes data) const {
    const std::uint64_t s = seed(nonce);
    std::uint64_t block = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (i % 8 == 0) block = mix(s + i / 8);
      data[i] ^= static_cast<std::uint8_t>(block >> (8 * (i % 8)));
    }
  }
  void compute_tag(crypto::Bytes nonce, crypto::Bytes aad, crypto::Bytes ciphertext,
                   crypto::MutableBytes tag) const {
    const std::uint64_t h1 = absorb(absorb(seed(nonce) ^ 0x7a6, aad), ciphertext);
    const std::uint64_t h2 = mix(h1 ^ 0x2);
    for (std::size_t i = 0; i < 8; ++i) {
      tag[i] = static_cast<std::uint8_t>(h1 >> (8 * i));
      tag[8 + i] = static_cast<std::uint8_t>(h2 >> (8 * i));
    }
  }

  crypto::AeadAlg alg_;
  std::vector<std::uint8_t> key_;
};

inline std::unique_ptr<FakeAead> make_fake_aead(crypto::AeadAlg alg, std::uint8_t key_byte) {
  const std::vector<std::uint8_t> key(crypto::aead_key_size(alg), key_byte);
  return std::make_unique<FakeAead>(alg, key);
}

}  // namespace tlspp::record::testing
