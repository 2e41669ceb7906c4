#include "handshake/common.h"

#include "codec/hex.h"
#include "handshake/negotiation.h"

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
