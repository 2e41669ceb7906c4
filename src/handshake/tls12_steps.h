// Steps both TLS 1.2 state machines take (RFC 5246): the master secret (with or without the
// extended master secret of RFC 7627), the key block split into record keys, Finished
// verify_data, and what a full handshake logs.
#pragma once

#include <string>

#include "handshake/key_schedule12.h"
#include "handshake/machine.h"
#include "handshake/proofs.h"
#include "handshake/suites.h"
#include "handshake/transcript.h"
#include "msgs/handshake_header.h"
#include "msgs/vectors.h"

namespace tlspp::handshake {

// The record keys of one direction, held between the key block and the ChangeCipherSpec that
// switches to them.
struct PendingKeys12 {
  SecretBytes key;
  SecretBytes iv;
};

// The record keys of both directions, from the key block (RFC 5246 §6.3).
struct SessionKeys12 {
  PendingKeys12 client_write;
  PendingKeys12 server_write;
};

// RFC 5246 §8.1 / RFC 7627 §4: the master secret from `pre_master_secret` (consumed). With
// `extended`, the session hash is the transcript through ClientKeyExchange (which must already be
// in `transcript`). Writes the "CLIENT_RANDOM" key-log line and reports the secret.
Result<SecretBytes> derive_master_secret12(crypto::Provider& p, HandshakeIo& io,
                                           const SuiteInfo& suite, SecretBytes pre_master_secret,
                                           bool extended, const Transcript& transcript,
                                           const msgs::Random& client_random,
                                           const msgs::Random& server_random);

// RFC 5246 §6.3: the key block of `suite` under `master_secret`, split per direction.
Result<SessionKeys12> session_keys12(crypto::Provider& p, const SuiteInfo& suite,
                                     Bytes master_secret, const msgs::Random& client_random,
                                     const msgs::Random& server_random);

// Installs `keys` for writing or reading (a TLS 1.2 ChangeCipherSpec was sent or received); the
// io takes ownership of the key material.
Status install_keys12(HandshakeIo& io, const SuiteInfo& suite, PendingKeys12 keys,
                      bool for_writing);

// RFC 5246 §7.4.9: verify_data for the Finished `from_client` / from the server over the
// transcript so far.
Result<SecretBytes> finished12(crypto::Provider& p, const SuiteInfo& suite, Bytes master_secret,
                               bool from_client, const Transcript& transcript);

// RFC 5246 §7.4.9: "Recipients of Finished messages MUST verify that the contents are correct."
// Decodes the peer's Finished (`message`, sent by the client when `from_client`), checks it
// against the transcript so far, emits a CheckEvent named `what` (with `ok_detail` when it
// matches), then adds the message to the transcript and reports it. A mismatch is decrypt_error
// (ErrorCode::bad_finished).
Result<FinishedVerified> receive_finished12(crypto::Provider& p, HandshakeIo& io,
                                            Transcript& transcript, const SuiteInfo& suite,
                                            Bytes master_secret, bool from_client,
                                            const msgs::HandshakeMessageView& message,
                                            std::string_view what, std::string_view ok_detail);

}  // namespace tlspp::handshake
