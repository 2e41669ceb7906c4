#include "handshake/transcript.h"

#include <string>

namespace tlspp::handshake {

void Transcript::add(crypto::Bytes message) {
  if (keep_) kept_.insert(kept_.end(), message.begin(), message.end());
  if (ctx_) {
    ctx_->update(message);
  } else {
    pending_.insert(pending_.end(), message.begin(), message.end());
  }
}

Status Transcript::choose_hash(crypto::HashAlg alg) {
  if (ctx_) {
    if (alg == alg_) return {};
    return Error(ErrorCode::internal,
                 "transcript: hash already chosen as " + std::string(crypto::name_of(alg_)));
  }
  alg_ = alg;
  ctx_ = provider_->new_hash(alg);
  if (!ctx_) return Error(ErrorCode::crypto_failure, "transcript: no hash context");
  ctx_->update(pending_);
  pending_.clear();
  pending_.shrink_to_fit();
  return {};
}

void Transcript::forget_messages() {
  keep_ = false;
  kept_.clear();
  kept_.shrink_to_fit();
}

Status Transcript::replace_with_message_hash() {
  forget_messages();  // TLS 1.3 only: CertificateVerify signs the hash there
  TLSPP_ASSIGN_OR_RETURN(Digest ch1, current());
  ctx_ = provider_->new_hash(alg_);
  if (!ctx_) return Error(ErrorCode::crypto_failure, "transcript: no hash context");
  const std::uint8_t header[4] = {static_cast<std::uint8_t>(HandshakeType::message_hash), 0, 0,
                                  static_cast<std::uint8_t>(ch1.size)};
  ctx_->update(header);
  ctx_->update(ch1.span());
  return {};
}

Result<Digest> Transcript::current() const { return current_with({}); }

Result<Digest> Transcript::current_with(crypto::Bytes extra) const {
  if (!ctx_) return Error(ErrorCode::internal, "transcript: hash not chosen yet");
  Digest d;
  d.size = crypto::digest_size(alg_);
  if (extra.empty()) {
    TLSPP_TRY(ctx_->digest({d.bytes.data(), d.size}));
    return d;
  }
  auto copy = ctx_->clone();
  copy->update(extra);
  TLSPP_TRY(copy->digest({d.bytes.data(), d.size}));
  return d;
}

Result<Digest> Transcript::hash_with(crypto::HashAlg alg, crypto::Bytes extra) const {
  if (ctx_) {
    if (alg != alg_) return Error(ErrorCode::internal, "transcript: hash mismatch");
    return current_with(extra);
  }
  auto ctx = provider_->new_hash(alg);
  if (!ctx) return Error(ErrorCode::crypto_failure, "transcript: no hash context");
  ctx->update(pending_);
  ctx->update(extra);
  Digest d;
  d.size = crypto::digest_size(alg);
  TLSPP_TRY(ctx->digest({d.bytes.data(), d.size}));
  return d;
}

Result<Digest> Transcript::empty_hash(crypto::Provider& provider, crypto::HashAlg alg) {
  Digest d;
  d.size = crypto::digest_size(alg);
  TLSPP_TRY(provider.hash(alg, {}, {d.bytes.data(), d.size}));
  return d;
}

}  // namespace tlspp::handshake
