// Proofs as types (DESIGN.md). Each check that must pass before application data flows yields a
// token that only the checking function can construct; the connected states hold the tokens as
// members, so a path through the state machine that skips a check does not compile.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "crypto/provider.h"
#include "tlspp/result.h"
#include "tlspp/wire.h"

namespace tlspp::handshake {

class PeerChainChecker;

// The peer's certificate chain was verified (or, with the configuration's explicitly dangerous
// option, deliberately accepted unverified), and its leaf key imported.
class ChainVerified {
 public:
  // The leaf key; not after drop_leaf_key().
  const crypto::PublicKey& leaf_key() const { return *leaf_key_; }
  crypto::KeyType key_type() const { return key_type_; }
  // True when the chain was accepted without verification (dangerous option).
  bool unverified() const { return unverified_; }
  // Frees the imported leaf key (≈ 1.6 KiB of libcrypto memory for a P-256 key) once every
  // signature under it has been checked, i.e. when the connection is established; the proof
  // itself stays.
  void drop_leaf_key() { leaf_key_.reset(); }

 private:
  friend class PeerChainChecker;
  ChainVerified(std::shared_ptr<const crypto::PublicKey> key, bool unverified)
      : leaf_key_(std::move(key)), key_type_(leaf_key_->type()), unverified_(unverified) {}
  std::shared_ptr<const crypto::PublicKey> leaf_key_;
  crypto::KeyType key_type_;
  bool unverified_;
};

// The peer's CertificateVerify (TLS 1.3) or ServerKeyExchange signature (TLS 1.2) verified under
// the leaf key of a ChainVerified.
class SignatureVerified {
 public:
  SignatureScheme scheme() const { return scheme_; }

 private:
  friend Result<SignatureVerified> verify_handshake_signature(const ChainVerified&, SignatureScheme,
                                                              ProtocolVersion, crypto::Bytes,
                                                              crypto::Bytes,
                                                              std::span<const SignatureScheme>);
  explicit SignatureVerified(SignatureScheme s) : scheme_(s) {}
  SignatureScheme scheme_;
};

// The peer's Finished matched the transcript.
class FinishedVerified {
 private:
  friend Result<FinishedVerified> verify_finished(crypto::Bytes expected, crypto::Bytes received);
  FinishedVerified() = default;
};

// TLS 1.3 resumption (RFC 8446 §4.2.11). Server: the client's binder for the PSK it selected
// verified, proving the client holds that PSK. Client: the server selected the PSK we offered;
// the server's Finished, keyed from that PSK, then proves the server holds it.
class BinderVerified {
 private:
  friend Result<BinderVerified> verify_binder(crypto::Bytes expected, crypto::Bytes received);
  BinderVerified() = default;
};
class PskSelected {
 public:
  std::uint16_t index() const { return index_; }

 private:
  friend Result<PskSelected> accept_selected_identity(std::uint16_t selected, std::size_t offered);
  explicit PskSelected(std::uint16_t index) : index_(index) {}
  std::uint16_t index_;
};

// RFC 8446 §4.2.11: constant-time binder comparison; ErrorCode::bad_binder (decrypt_error).
Result<BinderVerified> verify_binder(crypto::Bytes expected, crypto::Bytes received);
// RFC 8446 §4.2.11: the server's selected_identity must be one of the `offered` identities
// (illegal_parameter otherwise).
Result<PskSelected> accept_selected_identity(std::uint16_t selected, std::size_t offered);

// RFC 8446 §4.4.3 / RFC 5246 §7.4.3: checks that `scheme` is one we offered and fits the leaf key,
// then verifies `signature` over `signed_content` (already built by the caller). Errors:
// illegal_parameter for a scheme we did not offer or that does not fit the key; decrypt_error
// (ErrorCode::bad_certificate_verify) for a signature that does not verify.
Result<SignatureVerified> verify_handshake_signature(const ChainVerified& chain,
                                                     SignatureScheme scheme,
                                                     ProtocolVersion version,
                                                     crypto::Bytes signed_content,
                                                     crypto::Bytes signature,
                                                     std::span<const SignatureScheme> offered);

// Constant-time comparison of Finished verify_data; ErrorCode::bad_finished (decrypt_error) when
// they differ (RFC 8446 §4.4.4, RFC 5246 §7.4.9).
Result<FinishedVerified> verify_finished(crypto::Bytes expected, crypto::Bytes received);

// RFC 8446 §4.4.3: the content a TLS 1.3 CertificateVerify signs: 64 spaces, the context string
// ("TLS 1.3, server CertificateVerify" or "... client ..."), a zero byte, the transcript hash.
std::vector<std::uint8_t> certificate_verify_content(bool by_server, crypto::Bytes transcript_hash);

}  // namespace tlspp::handshake
