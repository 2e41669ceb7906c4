#include "handshake/common.h"

#include "codec/hex.h"
#include "handshake/negotiation.h"
#include "msgs/key_update.h"

namespace tlspp::handshake {

void report_received(HandshakeIo& io, const msgs::HandshakeMessageView& message, bool encrypted,
                     std::vector<Field> fields) {
  if (!io.observed()) return;
  io.emit(MessageEvent{Direction::received, message.type, message.body.size(), encrypted,
                       std::move(fields)});
}

Status install_traffic_keys13(HandshakeIo& io, crypto::Provider& provider, const SuiteInfo& suite,
                              Bytes traffic_secret, bool for_writing, std::string epoch) {
  TLSPP_ASSIGN_OR_RETURN(TrafficKeys keys,
                         traffic_keys(provider, suite.hash, suite.aead, traffic_secret));
  RecordKeys record_keys{ProtocolVersion::tls1_3, suite.aead, std::move(keys.key),
                         std::move(keys.iv), std::move(epoch)};
  if (for_writing) return io.install_write_keys(std::move(record_keys));
  return io.install_read_keys(std::move(record_keys));
}

void edit_extensions(const CommonConfig& config, HandshakeType message,
                     msgs::Extensions& extensions) {
  if (!config.edit_extensions) return;
  RawExtensions raw;
  for (auto& e : extensions.entries) {
    raw.emplace_back(static_cast<std::uint16_t>(e.type), std::move(e.body));
  }
  config.edit_extensions(message, raw);
  extensions.entries.clear();
  for (auto& [type, body] : raw) {
    extensions.entries.push_back({static_cast<ExtensionType>(type), std::move(body)});
  }
}

Status check_extension_count(const msgs::Extensions& block, const Limits& limits,
                             std::string_view what) {
  // RFC 8446 §4.2 allows up to 2^16-1 bytes of extensions; this implementation accepts at most
  // limits.max_extensions entries. RFC 8446 §6.2 / RFC 5246 §7.2.2: "decode_error: A message could
  // not be decoded because some field was out of the specified range".
  if (block.entries.size() > limits.max_extensions) {
    return Error(ErrorCode::too_many_extensions,
                 std::string(what) + " carries " + std::to_string(block.entries.size()) +
                     " extensions; the limit is " + std::to_string(limits.max_extensions));
  }
  return {};
}

Status send_key_update13(HandshakeIo& io, crypto::Provider& provider, const SuiteInfo& suite,
                         SecretBytes& write_secret, bool request_peer_update) {
  msgs::KeyUpdate ku;
  ku.request_update = request_peer_update ? msgs::KeyUpdateRequest::update_requested
                                          : msgs::KeyUpdateRequest::update_not_requested;
  TLSPP_ASSIGN_OR_RETURN(msgs::ByteVector encoded, msgs::encode_handshake(ku));
  TLSPP_TRY(io.send_handshake(encoded));
  if (io.observed()) {
    io.emit(MessageEvent{Direction::sent,
                         HandshakeType::key_update,
                         1,
                         true,
                         {{"request_update", {request_peer_update ? "yes" : "no"}}}});
  }
  // The sender switches to the next generation right after its KeyUpdate.
  TLSPP_ASSIGN_OR_RETURN(SecretBytes next, next_traffic_secret(provider, suite.hash, write_secret));
  write_secret = std::move(next);
  return install_traffic_keys13(io, provider, suite, write_secret, true, "application (updated)");
}

Status receive_key_update13(HandshakeIo& io, crypto::Provider& provider, const SuiteInfo& suite,
                            const msgs::HandshakeMessageView& message, SecretBytes& read_secret,
                            SecretBytes& write_secret) {
  TLSPP_ASSIGN_OR_RETURN(msgs::KeyUpdate ku, msgs::KeyUpdate::decode(message.body));
  const bool requested = ku.request_update == msgs::KeyUpdateRequest::update_requested;
  report_received(io, message, true, {{"request_update", {requested ? "yes" : "no"}}});
  TLSPP_ASSIGN_OR_RETURN(SecretBytes next, next_traffic_secret(provider, suite.hash, read_secret));
  read_secret = std::move(next);
  TLSPP_TRY(
      install_traffic_keys13(io, provider, suite, read_secret, false, "application (updated)"));
  if (requested) return send_key_update13(io, provider, suite, write_secret, false);
  return {};
}

void log_secret(HandshakeIo& io, std::string_view label, Bytes client_random, Bytes secret) {
  io.key_log(label, client_random, secret);
}

Error unexpected(std::string_view state, std::initializer_list<HandshakeType> expected,
                 HandshakeType got) {
  std::string want;
  for (HandshakeType t : expected) {
    if (!want.empty()) want += " or ";
    want += std::string(name_of(t));
  }
  std::string got_name(name_of(got));
  if (got_name.empty()) got_name = "message type " + std::to_string(static_cast<int>(got));
  return Error(ErrorCode::unexpected_message,
               std::string(state) + ": expected " + want + ", received " + got_name);
}

template <class E>
std::vector<std::string> display_names(std::span<const E> values) {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (E v : values) {
    std::string name = display_name(v);
    if (is_grease(static_cast<std::uint16_t>(v))) name += " (GREASE)";
    out.push_back(std::move(name));
  }
  return out;
}

template std::vector<std::string> display_names(std::span<const CipherSuite>);
template std::vector<std::string> display_names(std::span<const NamedGroup>);
template std::vector<std::string> display_names(std::span<const SignatureScheme>);
template std::vector<std::string> display_names(std::span<const ProtocolVersion>);

}  // namespace tlspp::handshake
