// Steps every state machine repeats: sending a message (encode, transcript, queue, report),
// reporting a received one, installing traffic keys (with their key-log line), and reading typed
// extensions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "handshake/key_schedule13.h"
#include "handshake/machine.h"
#include "handshake/suites.h"
#include "handshake/transcript.h"
#include "msgs/extensions.h"
#include "msgs/handshake_header.h"

namespace tlspp::handshake {

// Encodes `message` (a msgs struct with kType and encode()), adds it to the transcript, queues it
// and reports it with `fields`. Returns the encoded message (header included).
template <class Message>
Result<msgs::ByteVector> send_message(HandshakeIo& io, Transcript& transcript,
                                      const Message& message, bool encrypted,
                                      std::vector<Field> fields = {}) {
  TLSPP_ASSIGN_OR_RETURN(msgs::ByteVector encoded, msgs::encode_handshake(message));
  transcript.add(encoded);
  TLSPP_TRY(io.send_handshake(encoded));
  if (io.observed()) {
    io.emit(MessageEvent{Direction::sent, Message::kType,
                         encoded.size() - msgs::kHandshakeHeaderSize, encrypted,
                         std::move(fields)});
  }
  return encoded;
}

// Reports a received message (after it was decoded and accepted).
void report_received(HandshakeIo& io, const msgs::HandshakeMessageView& message, bool encrypted,
                     std::vector<Field> fields = {});

// RFC 8446 §7.3: derives key and IV from `traffic_secret` and installs them for writing or
// reading; reports a KeysEvent.
Status install_traffic_keys13(HandshakeIo& io, crypto::Provider& provider, const SuiteInfo& suite,
                              Bytes traffic_secret, bool for_writing, std::string epoch);

// RFC 8446 §4.6.3: sends KeyUpdate, then moves our write keys to the next generation of
// `write_secret` (updated in place; the old one is wiped).
Status send_key_update13(HandshakeIo& io, crypto::Provider& provider, const SuiteInfo& suite,
                         SecretBytes& write_secret, bool request_peer_update);
// RFC 8446 §4.6.3: a received KeyUpdate: the peer's next generation becomes our read keys, and
// update_requested is answered with our own KeyUpdate(update_not_requested).
Status receive_key_update13(HandshakeIo& io, crypto::Provider& provider, const SuiteInfo& suite,
                            const msgs::HandshakeMessageView& message, SecretBytes& read_secret,
                            SecretBytes& write_secret);

// Writes "<label> <client random> <secret>" to the key log (draft-ietf-tls-keylogfile).
void log_secret(HandshakeIo& io, std::string_view label, Bytes client_random, Bytes secret);

// ErrorCode::unexpected_message naming the state, the message types it expects and what arrived
// (STYLE.md: type before body).
Error unexpected(std::string_view state, std::initializer_list<HandshakeType> expected,
                 HandshakeType got);

// Runs the configured ExtensionEditor (config.h; a test hook) over `extensions` of `message`; does
// nothing when none is configured.
void edit_extensions(const CommonConfig& config, HandshakeType message,
                     msgs::Extensions& extensions);

// Limits::max_extensions: ErrorCode::too_many_extensions (decode_error) when `block` holds more
// entries than `limits` allows; `what` names the message in the reason. Decoding already bounded
// the block by the message size cap; this bounds the per-extension work that follows.
Status check_extension_count(const msgs::Extensions& block, const Limits& limits,
                             std::string_view what);

// The typed body of extension `type` in `extensions`, or nullopt when absent. Decode failures
// propagate (with the extension's name in the reason).
template <class Body>
Result<std::optional<Body>> find_extension(const msgs::Extensions& extensions, ExtensionType type) {
  const msgs::Extension* ext = extensions.find(type);
  if (ext == nullptr) return std::optional<Body>();
  TLSPP_ASSIGN_OR_RETURN(Body body, Body::decode(ext->body));
  return std::optional<Body>(std::move(body));
}

// The names of `values` for display ("x25519", "0x1a1a (GREASE)").
template <class E>
std::vector<std::string> display_names(std::span<const E> values);

}  // namespace tlspp::handshake
