// AEAD record protection (RFC 5116): AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 (RFC 8439).
// The EVP_CIPHER_CTX is created and keyed once per traffic key; each record only sets the nonce,
// so seal/open allocate nothing and look nothing up.
#include <climits>
#include <cstring>
#include <string>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

constexpr int kEncrypt = 1;
// seal(): below this head size, copying the head in front of the tail and sealing in place costs
// less than a separate EVP_CipherUpdate for it (≈ 290 instructions against ≈ 1 per 8-16 bytes
// copied, measured with callgrind on AES-128-GCM).
constexpr std::size_t kCopyHeadBelow = 2048;
constexpr int kDecrypt = 0;

class OsslAead final : public Aead {
 public:
  OsslAead(AeadAlg alg, CipherCtxPtr ctx) : alg_(alg), ctx_(std::move(ctx)) {}

  AeadAlg alg() const override { return alg_; }

  using Aead::seal;

  Status seal(Bytes nonce, Bytes aad, Bytes head, MutableBytes out, MutableBytes tag) override {
    TLSPP_TRY(check_sizes(nonce, out, tag.size()));
    if (head.size() > out.size()) {
      return Error(ErrorCode::invalid_argument,
                   std::string(name_of(alg_)) + ": seal head is longer than the output");
    }
    MutableBytes tail = out.subspan(head.size());
    if (!head.empty() && !tail.empty() && head.size() < kCopyHeadBelow &&
        head.data() != out.data()) {
      // A short head is cheaper copied than encrypted in an update of its own: one update then
      // covers head and tail in place.
      std::memcpy(out.data(), head.data(), head.size());
      head = {};
      tail = out;
    }
    int len = 0;
    std::uint8_t final_block[16];
    if (EVP_CipherInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce.data(), kEncrypt) != 1 ||
        (!aad.empty() && EVP_CipherUpdate(ctx_.get(), nullptr, &len, aad.data(),
                                          static_cast<int>(aad.size())) != 1) ||
        (!head.empty() && EVP_CipherUpdate(ctx_.get(), out.data(), &len, head.data(),
                                           static_cast<int>(head.size())) != 1) ||
        (!tail.empty() && EVP_CipherUpdate(ctx_.get(), tail.data(), &len, tail.data(),
                                           static_cast<int>(tail.size())) != 1) ||
        EVP_CipherFinal_ex(ctx_.get(), final_block, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kAeadTagSize),
                            tag.data()) != 1) {
      codec::secure_wipe(out);  // never leave a half-encrypted record behind
      return ossl_error(ErrorCode::crypto_failure, std::string(name_of(alg_)) + " seal");
    }
    return ok_status();
  }

  Status open(Bytes nonce, Bytes aad, MutableBytes in_out, Bytes tag) override {
    TLSPP_TRY(check_sizes(nonce, in_out, tag.size()));
    int len = 0;
    std::uint8_t final_block[16];
    if (EVP_CipherInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce.data(), kDecrypt) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kAeadTagSize),
                            const_cast<std::uint8_t*>(tag.data())) != 1 ||
        (!aad.empty() && EVP_CipherUpdate(ctx_.get(), nullptr, &len, aad.data(),
                                          static_cast<int>(aad.size())) != 1) ||
        (!in_out.empty() && EVP_CipherUpdate(ctx_.get(), in_out.data(), &len, in_out.data(),
                                             static_cast<int>(in_out.size())) != 1)) {
      codec::secure_wipe(in_out);
      return ossl_error(ErrorCode::crypto_failure, std::string(name_of(alg_)) + " open");
    }
    if (EVP_CipherFinal_ex(ctx_.get(), final_block, &len) != 1) {
      // The tag did not match: unauthenticated plaintext is never released.
      codec::secure_wipe(in_out);
      clear_ossl_errors();
      return Error(ErrorCode::aead_open_failed,
                   std::string(name_of(alg_)) + ": authentication tag mismatch");
    }
    return ok_status();
  }

 private:
  Status check_sizes(Bytes nonce, MutableBytes in_out, std::size_t tag_size) const {
    if (nonce.size() != kAeadNonceSize) {
      return Error(ErrorCode::invalid_argument, std::string(name_of(alg_)) + ": nonce is " +
                                                    std::to_string(nonce.size()) +
                                                    " bytes, expected 12");
    }
    if (tag_size != kAeadTagSize) {
      return Error(ErrorCode::invalid_argument, std::string(name_of(alg_)) + ": tag is " +
                                                    std::to_string(tag_size) +
                                                    " bytes, expected 16");
    }
    if (in_out.size() > static_cast<std::size_t>(INT_MAX)) {
      return Error(ErrorCode::invalid_argument, std::string(name_of(alg_)) + ": input too long");
    }
    return ok_status();
  }

  AeadAlg alg_;
  CipherCtxPtr ctx_;  // keyed; EVP_CIPHER_CTX_free wipes the key schedule
};

}  // namespace

Result<std::unique_ptr<Aead>> new_aead(const Algorithms& algs, AeadAlg alg, Bytes key) {
  const EVP_CIPHER* cipher = algs.cipher(alg);
  if (cipher == nullptr) {
    return Error(ErrorCode::unsupported_algorithm,
                 std::string(name_of(alg)) + " is unavailable in libcrypto");
  }
  if (key.size() != aead_key_size(alg)) {
    return Error(ErrorCode::invalid_argument, std::string(name_of(alg)) + ": key is " +
                                                  std::to_string(key.size()) + " bytes, expected " +
                                                  std::to_string(aead_key_size(alg)));
  }
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  // Both GCM and ChaCha20-Poly1305 default to the 12-byte nonce of RFC 5116 §5.1 / RFC 8439 §2.8,
  // so the IV length is never set per record.
  if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), nullptr, kEncrypt) != 1 ||
      EVP_CIPHER_CTX_get_iv_length(ctx.get()) != static_cast<int>(kAeadNonceSize)) {
    return ossl_error(ErrorCode::crypto_failure, std::string(name_of(alg)) + " key setup");
  }
  return std::unique_ptr<Aead>(std::make_unique<OsslAead>(alg, std::move(ctx)));
}

}  // namespace tlspp::crypto::openssl
