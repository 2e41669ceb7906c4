// The handshake transcript (RFC 8446 §4.4.1, RFC 5246 §7.4.9): the running hash over every
// handshake message exactly as it was sent or received (header included). Until the cipher suite
// (and so the hash) is known — between ClientHello and ServerHello — messages are buffered and
// replayed into the hash once chosen.
#pragma once

#include <memory>
#include <vector>

#include "crypto/provider.h"
#include "handshake/digest.h"
#include "tlspp/result.h"

namespace tlspp::handshake {

class Transcript {
 public:
  explicit Transcript(crypto::Provider& provider) : provider_(&provider) {}

  // Appends one whole handshake message (4-byte header + body), as it appeared on the wire.
  void add(crypto::Bytes message);

  // Fixes the hash and replays what was buffered. Calling it again with the same hash is a no-op;
  // a different hash is ErrorCode::internal.
  Status choose_hash(crypto::HashAlg alg);
  bool hash_chosen() const { return ctx_ != nullptr; }
  crypto::HashAlg hash() const { return alg_; }

  // RFC 8446 §4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by the synthetic
  // message_hash message: handshake type 254, length Hash.length, body Hash(ClientHello1). The hash
  // must be chosen (by the HelloRetryRequest's suite) before calling this.
  Status replace_with_message_hash();

  // Transcript-Hash of everything so far. The hash must have been chosen.
  Result<Digest> current() const;
  // Transcript-Hash of everything so far followed by `extra` (not added), e.g. a ClientHello
  // truncated before its binders (RFC 8446 §4.2.11.2).
  Result<Digest> current_with(crypto::Bytes extra) const;
  // Transcript-Hash under `alg` of everything so far followed by `extra`, whether or not the hash
  // is chosen yet: a client computes PSK binders (RFC 8446 §4.2.11.2) before the server has picked
  // the suite. If the hash is chosen it must be `alg` (else ErrorCode::internal).
  Result<Digest> hash_with(crypto::HashAlg alg, crypto::Bytes extra) const;
  // Hash of the empty string, for Derive-Secret(., "derived", "").
  static Result<Digest> empty_hash(crypto::Provider& provider, crypto::HashAlg alg);

  // RFC 5246 §7.4.8: a TLS 1.2 CertificateVerify signs the handshake messages themselves (under
  // the signature's own hash, which need not be the PRF hash). After keep_messages(), called before
  // the first message, the transcript also keeps a copy of every message; messages() returns them
  // (empty when not kept); forget_messages() drops the copy and stops keeping.
  void keep_messages() { keep_ = true; }
  crypto::Bytes messages() const { return kept_; }
  void forget_messages();

 private:
  crypto::Provider* provider_;
  crypto::HashAlg alg_ = crypto::HashAlg::sha256;
  std::unique_ptr<crypto::HashContext> ctx_;
  std::vector<std::uint8_t> pending_;  // messages before the hash is chosen
  bool keep_ = false;
  std::vector<std::uint8_t> kept_;  // every message, while keep_ (TLS 1.2 client authentication)
};

}  // namespace tlspp::handshake
