// AeadSlot: one direction's keyed AEAD, which an idle connection may drop and re-create.
//
// A keyed AEAD holds its cipher context and key schedule (about 1.2 KiB with libcrypto's AES-GCM).
// The slot keeps the key (in SecretBytes, wiped on destruction) and the provider that made the
// AEAD, so release() can free the AEAD and get() re-keys it through Provider::new_aead on the next
// record in that direction. A slot made from an AEAD alone (tests' stand-ins) has no key to re-key
// with: release() keeps its AEAD.
#pragma once

#include <memory>
#include <utility>

#include "codec/secret_bytes.h"
#include "crypto/provider.h"
#include "tlspp/result.h"

namespace tlspp::record {

class AeadSlot {
 public:
  // Keys an AEAD through `provider` (not owned: it must outlive the slot, as the connection's
  // provider outlives its record layer) and keeps `key` to re-key after release().
  static Result<AeadSlot> create(crypto::Provider& provider, crypto::AeadAlg alg,
                                 codec::SecretBytes key) {
    TLSPP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::Aead> aead, provider.new_aead(alg, key));
    return AeadSlot(std::move(aead), &provider, std::move(key));
  }
  // A slot over an already keyed AEAD (non-null); release() keeps it.
  explicit AeadSlot(std::unique_ptr<crypto::Aead> aead)
      : alg_(aead->alg()), aead_(std::move(aead)) {}

  crypto::AeadAlg alg() const { return alg_; }
  // The keyed AEAD, re-created after release(); the provider's error when re-keying fails.
  Result<crypto::Aead*> get() {
    if (!aead_) {
      TLSPP_ASSIGN_OR_RETURN(aead_, provider_->new_aead(alg_, key_));
    }
    return aead_.get();
  }
  // Frees the AEAD when it can be re-created (the key is kept).
  void release() {
    if (provider_ != nullptr) aead_.reset();
  }
  // True while the AEAD is keyed (not released).
  bool holds_aead() const { return aead_ != nullptr; }

 private:
  AeadSlot(std::unique_ptr<crypto::Aead> aead, crypto::Provider* provider, codec::SecretBytes key)
      : alg_(aead->alg()), aead_(std::move(aead)), provider_(provider), key_(std::move(key)) {}

  crypto::AeadAlg alg_;
  std::unique_ptr<crypto::Aead> aead_;
  crypto::Provider* provider_ = nullptr;  // null: cannot re-key
  codec::SecretBytes key_;                // empty when provider_ is null
};

}  // namespace tlspp::record
