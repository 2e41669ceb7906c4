#include "raw_aead.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tlspp::bench {
namespace {

constexpr std::size_t kNonceLen = 12;
constexpr std::size_t kTagLen = 16;
constexpr std::size_t kHeaderLen = 5;

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

class RawAead final : public BulkRunner {
 public:
  RawAead(CtxPtr seal, CtxPtr open, std::size_t write_size)
      : seal_(std::move(seal)),
        open_(std::move(open)),
        write_size_(write_size),
        record_(write_size + 1 + kTagLen, 0x5a) {
    RAND_bytes(iv_.data(), static_cast<int>(iv_.size()));
  }

  Batch run(std::uint64_t bytes) override {
    Batch batch;
    for (std::uint64_t sent = 0; sent < bytes;) {
      const std::size_t n = bytes - sent < write_size_ ? bytes - sent : write_size_;
      if (seal_and_open(n + 1)) {
        batch.done += n;
      } else {
        batch.fail("EVP open rejected a record EVP sealed");
      }
      sent += n;
    }
    return batch;
  }

 private:
  // Seals then opens record_[0, len) in place under the next sequence number.
  bool seal_and_open(std::size_t len) {
    std::array<std::uint8_t, kNonceLen> nonce = iv_;
    for (int i = 0; i < 8; ++i)
      nonce[kNonceLen - 1 - i] ^= static_cast<std::uint8_t>(seq_ >> (8 * i));
    ++seq_;
    const std::array<std::uint8_t, kHeaderLen> header = {
        0x17, 0x03, 0x03, static_cast<std::uint8_t>((len + kTagLen) >> 8),
        static_cast<std::uint8_t>(len + kTagLen)};
    const int ilen = static_cast<int>(len);
    std::uint8_t* text = record_.data();
    std::uint8_t* tag = record_.data() + len;
    int out = 0;
    bool ok = EVP_EncryptInit_ex(seal_.get(), nullptr, nullptr, nullptr, nonce.data()) == 1 &&
              EVP_EncryptUpdate(seal_.get(), nullptr, &out, header.data(), kHeaderLen) == 1 &&
              EVP_EncryptUpdate(seal_.get(), text, &out, text, ilen) == 1 &&
              EVP_EncryptFinal_ex(seal_.get(), text + out, &out) == 1 &&
              EVP_CIPHER_CTX_ctrl(seal_.get(), EVP_CTRL_AEAD_GET_TAG, kTagLen, tag) == 1;
    ok = ok && EVP_DecryptInit_ex(open_.get(), nullptr, nullptr, nullptr, nonce.data()) == 1 &&
         EVP_DecryptUpdate(open_.get(), nullptr, &out, header.data(), kHeaderLen) == 1 &&
         EVP_DecryptUpdate(open_.get(), text, &out, text, ilen) == 1 &&
         EVP_CIPHER_CTX_ctrl(open_.get(), EVP_CTRL_AEAD_SET_TAG, kTagLen, tag) == 1 &&
         EVP_DecryptFinal_ex(open_.get(), text + out, &out) == 1;
    return ok;
  }

  CtxPtr seal_;
  CtxPtr open_;
  std::size_t write_size_;
  std::vector<std::uint8_t> record_;
  std::array<std::uint8_t, kNonceLen> iv_{};
  std::uint64_t seq_ = 0;
};

}  // namespace

Prepared<BulkRunner> prepare_raw_aead(Aead aead, std::size_t write_size) {
  const EVP_CIPHER* cipher =
      aead == Aead::aes_128_gcm ? EVP_aes_128_gcm() : EVP_chacha20_poly1305();
  std::vector<std::uint8_t> key(static_cast<std::size_t>(EVP_CIPHER_get_key_length(cipher)));
  RAND_bytes(key.data(), static_cast<int>(key.size()));
  CtxPtr seal(EVP_CIPHER_CTX_new());
  CtxPtr open(EVP_CIPHER_CTX_new());
  if (!seal || !open || EVP_EncryptInit_ex(seal.get(), cipher, nullptr, key.data(), nullptr) != 1 ||
      EVP_DecryptInit_ex(open.get(), cipher, nullptr, key.data(), nullptr) != 1) {
    return Prepared<BulkRunner>::failed("EVP context set-up failed");
  }
  auto runner = std::make_unique<RawAead>(std::move(seal), std::move(open), write_size);
  // One round trip before timing: the tag must verify.
  if (runner->run(write_size).failures != 0) {
    return Prepared<BulkRunner>::failed("EVP seal+open round trip failed");
  }
  return Prepared<BulkRunner>::ready(std::move(runner));
}

const char* libcrypto_version() { return OpenSSL_version(OPENSSL_VERSION); }

}  // namespace tlspp::bench
