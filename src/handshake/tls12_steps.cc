#include "handshake/tls12_steps.h"

#include "handshake/common.h"
#include "msgs/finished.h"

namespace tlspp::handshake {

Result<SecretBytes> derive_master_secret12(crypto::Provider& p, HandshakeIo& io,
                                           const SuiteInfo& suite, SecretBytes pre_master_secret,
                                           bool extended, const Transcript& transcript,
                                           const msgs::Random& client_random,
                                           const msgs::Random& server_random) {
  SecretBytes master;
  if (extended) {
    // RFC 7627 §3: session_hash = Hash(handshake_messages) through ClientKeyExchange.
    TLSPP_ASSIGN_OR_RETURN(Digest session_hash, transcript.current());
    TLSPP_ASSIGN_OR_RETURN(master, extended_master_secret12(
                                       p, suite.hash, std::move(pre_master_secret), session_hash));
  } else {
    TLSPP_ASSIGN_OR_RETURN(master, master_secret12(p, suite.hash, std::move(pre_master_secret),
                                                   client_random, server_random));
  }
  if (io.observed()) io.emit(SecretEvent{extended ? "extended master_secret" : "master_secret"});
  // draft-ietf-tls-keylogfile §3: TLS 1.2 logs the master secret under CLIENT_RANDOM.
  log_secret(io, "CLIENT_RANDOM", client_random, master);
  return master;
}

Result<SessionKeys12> session_keys12(crypto::Provider& p, const SuiteInfo& suite,
                                     Bytes master_secret, const msgs::Random& client_random,
                                     const msgs::Random& server_random) {
  TLSPP_ASSIGN_OR_RETURN(KeyBlock12 block, key_block12(p, suite.hash, suite.aead, master_secret,
                                                       client_random, server_random));
  return SessionKeys12{{std::move(block.client_key), std::move(block.client_iv)},
                       {std::move(block.server_key), std::move(block.server_iv)}};
}

Status install_keys12(HandshakeIo& io, const SuiteInfo& suite, PendingKeys12 keys,
                      bool for_writing) {
  RecordKeys rk{ProtocolVersion::tls1_2, suite.aead, std::move(keys.key), std::move(keys.iv),
                "application"};
  return for_writing ? io.install_write_keys(std::move(rk)) : io.install_read_keys(std::move(rk));
}

Result<SecretBytes> finished12(crypto::Provider& p, const SuiteInfo& suite, Bytes master_secret,
                               bool from_client, const Transcript& transcript) {
  TLSPP_ASSIGN_OR_RETURN(Digest hash, transcript.current());
  return finished_verify_data12(p, suite.hash, master_secret, from_client, hash);
}

Result<FinishedVerified> receive_finished12(crypto::Provider& p, HandshakeIo& io,
                                            Transcript& transcript, const SuiteInfo& suite,
                                            Bytes master_secret, bool from_client,
                                            const msgs::HandshakeMessageView& message,
                                            std::string_view what, std::string_view ok_detail) {
  TLSPP_ASSIGN_OR_RETURN(msgs::Finished fin,
                         msgs::Finished::decode(message.body, msgs::kTls12VerifyDataLength));
  TLSPP_ASSIGN_OR_RETURN(SecretBytes expected,
                         finished12(p, suite, master_secret, from_client, transcript));
  report_received(io, message, true);  // the message, then the check on it
  auto finished = verify_finished(expected, fin.verify_data);
  if (io.observed()) {
    io.emit(CheckEvent{std::string(what), finished.ok(),
                       finished.ok() ? std::string(ok_detail) : finished.error().reason});
  }
  if (!finished.ok()) return std::move(finished).error();
  transcript.add(message.encoded);
  return finished;
}

}  // namespace tlspp::handshake
