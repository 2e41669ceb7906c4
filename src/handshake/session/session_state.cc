#include "handshake/session/session_state.h"

#include "codec/reader.h"
#include "codec/writer.h"

namespace tlspp::handshake {
namespace {

// Format version of SessionState::encode; bump on any change (old tickets then fail to decode and
// their clients get a full handshake).
constexpr std::uint8_t kStateFormat = 1;
constexpr std::size_t kMaxChainEntries = 16;

// The Writer's buffer held the secret: move it into SecretBytes and wipe the vector.
SecretBytes to_secret(std::vector<std::uint8_t>&& bytes) {
  SecretBytes out(bytes);
  codec::secure_wipe(bytes);
  return out;
}

Result<std::string> read_string8(codec::Reader& r) {
  TLSPP_ASSIGN_OR_RETURN(auto b, r.bytes8());
  return std::string(b.begin(), b.end());
}

void write_string8(codec::Writer& w, const std::string& s) {
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& body) {
    body.bytes({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  });
}

}  // namespace

SessionState SessionState::clone() const {
  SessionState out;
  out.version = version;
  out.suite = suite;
  out.secret = secret.clone();
  out.extended_master_secret = extended_master_secret;
  out.server_name = server_name;
  out.alpn = alpn;
  out.created_ms = created_ms;
  out.lifetime_s = lifetime_s;
  out.age_add = age_add;
  out.max_early_data = max_early_data;
  out.peer_chain = peer_chain;
  return out;
}

namespace {

// The exact size of SessionState::encode's output, reserved up front: a Writer that grows would
// free buffers holding the secret without wiping them.
std::size_t encoded_size(const SessionState& s) {
  std::size_t n = 1 + 2 + 2 + 1 + s.secret.size() + 1 + 1 + s.server_name.size() + 1 +
                  s.alpn.size() + 8 + 4 + 4 + 4 + 3;
  for (const auto& cert : s.peer_chain) n += 3 + cert.size();
  return n;
}

}  // namespace

SecretBytes SessionState::encode() const {
  std::vector<std::uint8_t> buffer;
  buffer.reserve(encoded_size(*this));
  codec::Writer w(std::move(buffer));
  w.u8(kStateFormat);
  w.u16(static_cast<std::uint16_t>(version));
  w.u16(static_cast<std::uint16_t>(suite));
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& b) { b.bytes(secret.span()); });
  w.u8(extended_master_secret ? 1 : 0);
  write_string8(w, server_name);
  write_string8(w, alpn);
  w.u64(static_cast<std::uint64_t>(created_ms));
  w.u32(lifetime_s);
  w.u32(age_add);
  w.u32(max_early_data);
  w.prefixed(codec::Prefix::u24, [&](codec::Writer& list) {
    for (const auto& cert : peer_chain) {
      list.prefixed(codec::Prefix::u24, [&](codec::Writer& c) { c.bytes(cert); });
    }
  });
  auto bytes = std::move(w).finish();
  // Only a chain over 16 MiB could fail the Writer; such a session is stored without its chain.
  return bytes.ok() ? to_secret(std::move(bytes).value()) : SecretBytes();
}

Result<SessionState> SessionState::decode(std::span<const std::uint8_t> bytes) {
  codec::Reader r(bytes, "session state");
  SessionState s;
  TLSPP_ASSIGN_OR_RETURN(auto format, r.u8());
  if (format != kStateFormat) {
    return Error(ErrorCode::bad_encoding, "session state: unknown format version");
  }
  TLSPP_ASSIGN_OR_RETURN(auto version, r.u16());
  s.version = static_cast<ProtocolVersion>(version);
  TLSPP_ASSIGN_OR_RETURN(auto suite, r.u16());
  s.suite = static_cast<CipherSuite>(suite);
  TLSPP_ASSIGN_OR_RETURN(auto secret, r.bytes8());
  if (secret.empty()) return Error(ErrorCode::bad_encoding, "session state: empty secret");
  s.secret = SecretBytes(secret);
  TLSPP_ASSIGN_OR_RETURN(auto ems, r.u8());
  if (ems > 1) return Error(ErrorCode::bad_encoding, "session state: bad EMS flag");
  s.extended_master_secret = ems == 1;
  TLSPP_ASSIGN_OR_RETURN(s.server_name, read_string8(r));
  TLSPP_ASSIGN_OR_RETURN(s.alpn, read_string8(r));
  TLSPP_ASSIGN_OR_RETURN(auto created, r.u64());
  s.created_ms = static_cast<std::int64_t>(created);
  TLSPP_ASSIGN_OR_RETURN(s.lifetime_s, r.u32());
  TLSPP_ASSIGN_OR_RETURN(s.age_add, r.u32());
  TLSPP_ASSIGN_OR_RETURN(s.max_early_data, r.u32());
  TLSPP_ASSIGN_OR_RETURN(auto chain, r.sub24("session state: peer chain"));
  while (!chain.empty()) {
    if (s.peer_chain.size() == kMaxChainEntries) {
      return Error(ErrorCode::bad_encoding, "session state: peer chain too long");
    }
    TLSPP_ASSIGN_OR_RETURN(auto cert, chain.bytes24());
    if (cert.empty()) return Error(ErrorCode::bad_encoding, "session state: empty certificate");
    s.peer_chain.emplace_back(cert.begin(), cert.end());
  }
  TLSPP_TRY(r.expect_empty());
  return s;
}

}  // namespace tlspp::handshake

namespace tlspp {

using codec::SecretBytes;
using handshake::SessionAccess;
using handshake::SessionState;

// ---- ClientSession ----

ClientSession::ClientSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClientSession::~ClientSession() = default;

ProtocolVersion ClientSession::version() const { return impl_->state.version; }
CipherSuite ClientSession::cipher_suite() const { return impl_->state.suite; }
const std::string& ClientSession::server_name() const { return impl_->state.server_name; }
const std::string& ClientSession::alpn() const { return impl_->state.alpn; }
std::int64_t ClientSession::created_ms() const { return impl_->state.created_ms; }
std::int64_t ClientSession::expires_ms() const { return impl_->state.expires_ms(); }
std::uint32_t ClientSession::max_early_data() const { return impl_->state.max_early_data; }

std::vector<std::uint8_t> ClientSession::serialize() const {
  const SecretBytes state = impl_->state.encode();
  std::vector<std::uint8_t> buffer;  // reserved up front: see encoded_size()
  buffer.reserve(13 + 3 + state.size() + 2 + impl_->ticket.size() + 1 + impl_->session_id.size());
  codec::Writer w(std::move(buffer));
  w.bytes({reinterpret_cast<const std::uint8_t*>("tlspp-session"), 13});
  w.prefixed(codec::Prefix::u24, [&](codec::Writer& b) { b.bytes(state.span()); });
  w.prefixed(codec::Prefix::u16, [&](codec::Writer& b) { b.bytes(impl_->ticket); });
  w.prefixed(codec::Prefix::u8, [&](codec::Writer& b) { b.bytes(impl_->session_id); });
  auto out = std::move(w).finish();
  return out.ok() ? std::move(out).value() : std::vector<std::uint8_t>();
}

Result<std::shared_ptr<const ClientSession>> ClientSession::parse(
    std::span<const std::uint8_t> bytes) {
  codec::Reader r(bytes, "saved session");
  TLSPP_ASSIGN_OR_RETURN(auto magic, r.take(13));
  if (std::string(magic.begin(), magic.end()) != "tlspp-session") {
    return Error(ErrorCode::bad_encoding, "saved session: not a tlspp session file");
  }
  Impl impl;
  TLSPP_ASSIGN_OR_RETURN(auto state, r.bytes24());
  TLSPP_ASSIGN_OR_RETURN(impl.state, SessionState::decode(state));
  TLSPP_ASSIGN_OR_RETURN(auto ticket, r.bytes16());
  impl.ticket.assign(ticket.begin(), ticket.end());
  TLSPP_ASSIGN_OR_RETURN(auto id, r.bytes8());
  if (id.size() > 32) return Error(ErrorCode::bad_encoding, "saved session: session ID too long");
  impl.session_id.assign(id.begin(), id.end());
  TLSPP_TRY(r.expect_empty());
  if (impl.ticket.empty() && impl.session_id.empty()) {
    return Error(ErrorCode::bad_encoding, "saved session: neither ticket nor session ID");
  }
  return SessionAccess::make_client_session(std::move(impl));
}

}  // namespace tlspp

namespace tlspp::handshake {

std::shared_ptr<const ClientSession> SessionAccess::make_client_session(ClientSession::Impl impl) {
  return std::shared_ptr<const ClientSession>(
      new ClientSession(std::make_unique<ClientSession::Impl>(std::move(impl))));
}

const ClientSession::Impl& SessionAccess::impl(const ClientSession& session) {
  return *session.impl_;
}

}  // namespace tlspp::handshake
