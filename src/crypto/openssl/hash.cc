// Running digests (the TLS transcript hash) over a cached EVP_MD.
#include <string>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

class OsslHashContext final : public HashContext {
 public:
  // `md` may be null (algorithm unavailable): the context then fails in digest().
  OsslHashContext(HashAlg alg, const EVP_MD* md) : alg_(alg), ctx_(EVP_MD_CTX_new()) {
    ok_ = md != nullptr && ctx_ != nullptr && EVP_DigestInit_ex(ctx_.get(), md, nullptr) == 1;
    if (!ok_) clear_ossl_errors();  // reported by digest()
  }

  HashAlg alg() const override { return alg_; }

  void update(Bytes data) override {
    if (!ok_ || data.empty()) return;
    ok_ = EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1;
    if (!ok_) clear_ossl_errors();  // reported by digest()
  }

  Status digest(MutableBytes out) const override {
    const std::size_t size = digest_size(alg_);
    if (out.size() < size) {
      return Error(ErrorCode::invalid_argument,
                   std::string(name_of(alg_)) + " digest: output buffer too small");
    }
    if (!ok_) {
      return Error(ErrorCode::crypto_failure,
                   std::string(name_of(alg_)) + ": unavailable in libcrypto or an update failed");
    }
    // Finish a copy so that the running hash can continue.
    if (!scratch_) scratch_.reset(EVP_MD_CTX_new());
    unsigned int written = 0;
    if (!scratch_ || EVP_MD_CTX_copy_ex(scratch_.get(), ctx_.get()) != 1 ||
        EVP_DigestFinal_ex(scratch_.get(), out.data(), &written) != 1 || written != size) {
      return ossl_error(ErrorCode::crypto_failure, std::string(name_of(alg_)) + " digest");
    }
    return ok_status();
  }

  std::unique_ptr<HashContext> clone() const override {
    auto copy = std::unique_ptr<OsslHashContext>(new OsslHashContext(alg_));
    copy->ok_ =
        ok_ && copy->ctx_ != nullptr && EVP_MD_CTX_copy_ex(copy->ctx_.get(), ctx_.get()) == 1;
    if (!copy->ok_) clear_ossl_errors();  // reported by the copy's digest()
    return copy;
  }

 private:
  explicit OsslHashContext(HashAlg alg) : alg_(alg), ctx_(EVP_MD_CTX_new()) {}

  HashAlg alg_;
  MdCtxPtr ctx_;
  // Reused by digest() so that reading the transcript hash allocates only once.
  mutable MdCtxPtr scratch_;
  // False once anything failed (including an unavailable algorithm); digest() then reports it.
  bool ok_ = false;
};

}  // namespace

std::unique_ptr<HashContext> new_hash_context(const Algorithms& algs, HashAlg alg) {
  return std::make_unique<OsslHashContext>(alg, algs.md(alg));
}

}  // namespace tlspp::crypto::openssl
