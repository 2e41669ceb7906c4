// HMAC (RFC 2104), HKDF (RFC 5869) and the TLS 1.2 PRF (RFC 5246 §5), all built on one keyed
// HMAC helper over the provider's cached HMAC templates: no algorithm is looked up by name here.
#include <openssl/core_names.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

constexpr std::size_t kMaxDigestSize = 64;

std::string what(HashAlg alg, std::string_view operation) {
  return std::string(operation) + "-" + std::string(name_of(alg));
}

// An HMAC key bound to one hash: computes HMAC(key, part1 || part2 || ...) any number of times.
// The context is keyed once, on the first MAC; later MACs re-initialise it with a null key, which
// restarts from the keyed inner and outer states (libcrypto's HMAC_Init_ex with a null key) instead
// of hashing the padded key again. The key bytes are borrowed until the first MAC (the caller keeps
// them alive); the context wipes its keyed states when freed.
class HmacKey {
 public:
  static Result<HmacKey> create(const Algorithms& algs, HashAlg alg, Bytes key) {
    const EVP_MAC_CTX* tmpl = algs.hmac_template(alg);
    if (tmpl == nullptr) {
      return Error(ErrorCode::unsupported_algorithm, what(alg, "HMAC") + " is unavailable");
    }
    MacCtxPtr ctx(EVP_MAC_CTX_dup(tmpl));
    if (!ctx) return ossl_error(ErrorCode::crypto_failure, what(alg, "HMAC") + " context");
    return HmacKey(alg, std::move(ctx), key);
  }

  // Writes the MAC of the concatenated parts to out[0..digest_size).
  Status mac(std::initializer_list<Bytes> parts, MutableBytes out) {
    // An empty key is keyed with a non-null pointer: a null one would mean "keep the key".
    static constexpr std::uint8_t kEmpty[1] = {0};
    const std::uint8_t* key = keyed_ ? nullptr : key_.empty() ? kEmpty : key_.data();
    if (EVP_MAC_init(ctx_.get(), key, keyed_ ? 0 : key_.size(), nullptr) != 1) {
      return ossl_error(ErrorCode::crypto_failure, what(alg_, "HMAC") + " init");
    }
    keyed_ = true;
    key_ = {};
    for (Bytes part : parts) {
      if (part.empty()) continue;
      if (EVP_MAC_update(ctx_.get(), part.data(), part.size()) != 1) {
        return ossl_error(ErrorCode::crypto_failure, what(alg_, "HMAC") + " update");
      }
    }
    std::size_t written = 0;
    if (EVP_MAC_final(ctx_.get(), out.data(), &written, out.size()) != 1 ||
        written != digest_size(alg_)) {
      return ossl_error(ErrorCode::crypto_failure, what(alg_, "HMAC") + " final");
    }
    return ok_status();
  }

 private:
  HmacKey(HashAlg alg, MacCtxPtr ctx, Bytes key) : alg_(alg), ctx_(std::move(ctx)), key_(key) {}

  HashAlg alg_;
  MacCtxPtr ctx_;
  Bytes key_;  // until the first MAC keys the context
  bool keyed_ = false;
};

// A digest-sized scratch buffer wiped when it goes out of scope.
struct Block {
  std::array<std::uint8_t, kMaxDigestSize> bytes{};
  ~Block() { codec::secure_wipe(bytes); }
};

}  // namespace

Status hmac(const Algorithms& algs, HashAlg alg, Bytes key, Bytes data, MutableBytes out) {
  if (out.size() < digest_size(alg)) {
    return Error(ErrorCode::invalid_argument, what(alg, "HMAC") + ": output buffer too small");
  }
  TLSPP_ASSIGN_OR_RETURN(HmacKey mac, HmacKey::create(algs, alg, key));
  return mac.mac({data}, out.first(digest_size(alg)));
}

Result<SecretBytes> hkdf_extract(const Algorithms& algs, HashAlg alg, Bytes salt, Bytes ikm) {
  // RFC 5869 §2.2: salt "if not provided, it is set to a string of HashLen zeros".
  const std::array<std::uint8_t, kMaxDigestSize> zeros{};
  if (salt.empty()) salt = Bytes(zeros).first(digest_size(alg));
  TLSPP_ASSIGN_OR_RETURN(HmacKey mac, HmacKey::create(algs, alg, salt));
  SecretBytes prk(digest_size(alg));
  TLSPP_TRY(mac.mac({ikm}, prk.span()));  // PRK = HMAC-Hash(salt, IKM)
  return prk;
}

Result<SecretBytes> hkdf_expand(const Algorithms& algs, HashAlg alg, Bytes prk, Bytes info,
                                std::size_t length) {
  const std::size_t hash_len = digest_size(alg);
  // RFC 5869 §2.3: PRK is "at least HashLen octets"; L <= 255*HashLen.
  if (prk.size() < hash_len) {
    return Error(ErrorCode::invalid_argument, what(alg, "HKDF-Expand") + ": PRK shorter than " +
                                                  std::to_string(hash_len) + " bytes");
  }
  if (length > 255 * hash_len) {
    return Error(ErrorCode::invalid_argument, what(alg, "HKDF-Expand") + ": length " +
                                                  std::to_string(length) + " exceeds " +
                                                  std::to_string(255 * hash_len));
  }
  SecretBytes okm(length);
  if (length == 0) return okm;
  TLSPP_ASSIGN_OR_RETURN(HmacKey mac, HmacKey::create(algs, alg, prk));
  // T(0) = empty; T(i) = HMAC-Hash(PRK, T(i-1) | info | i); OKM = first L octets of T(1) | T(2)...
  Block t;
  std::size_t t_len = 0;
  std::size_t done = 0;
  for (std::uint8_t i = 1; done < length; ++i) {
    const std::uint8_t counter[1] = {i};
    TLSPP_TRY(mac.mac({Bytes(t.bytes).first(t_len), info, counter},
                      MutableBytes(t.bytes).first(hash_len)));
    t_len = hash_len;
    const std::size_t n = std::min(hash_len, length - done);
    std::copy_n(t.bytes.begin(), n, okm.data() + done);
    done += n;
  }
  return okm;
}

Result<SecretBytes> tls12_prf(const Algorithms& algs, HashAlg alg, Bytes secret,
                              std::string_view label, Bytes seed, std::size_t length) {
  const std::size_t hash_len = digest_size(alg);
  const Bytes label_bytes(reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
  SecretBytes out(length);
  if (length == 0) return out;
  TLSPP_ASSIGN_OR_RETURN(HmacKey mac, HmacKey::create(algs, alg, secret));
  // RFC 5246 §5: P_hash(secret, seed') = HMAC(secret, A(1) + seed') + HMAC(secret, A(2) + seed')...
  // with A(0) = seed', A(i) = HMAC(secret, A(i-1)), and seed' = label + seed.
  Block a;
  Block block;
  TLSPP_TRY(mac.mac({label_bytes, seed}, MutableBytes(a.bytes).first(hash_len)));  // A(1)
  std::size_t done = 0;
  while (true) {
    const Bytes a_i = Bytes(a.bytes).first(hash_len);
    TLSPP_TRY(mac.mac({a_i, label_bytes, seed}, MutableBytes(block.bytes).first(hash_len)));
    const std::size_t n = std::min(hash_len, length - done);
    std::copy_n(block.bytes.begin(), n, out.data() + done);
    done += n;
    if (done == length) break;
    TLSPP_TRY(mac.mac({a_i}, MutableBytes(a.bytes).first(hash_len)));  // A(i+1)
  }
  return out;
}

}  // namespace tlspp::crypto::openssl
