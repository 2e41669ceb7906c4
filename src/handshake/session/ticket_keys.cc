// TicketKeys: rotating AEAD keys that seal session state into tickets (see tlspp/session.h).
#include <algorithm>
#include <array>
#include <mutex>

#include "handshake/session/session_state.h"

namespace tlspp {

using codec::SecretBytes;
namespace {

constexpr std::size_t kNameSize = 16;
constexpr std::size_t kKeySize = 32;  // AES-256-GCM
constexpr std::size_t kNonceSize = crypto::kAeadNonceSize;
constexpr std::size_t kTagSize = crypto::kAeadTagSize;

struct SealingKey {
  std::array<std::uint8_t, kNameSize> name{};
  std::unique_ptr<crypto::Aead> aead;
  std::int64_t created_ms = 0;
  std::int64_t retired_ms = -1;  // -1: the current key
};

}  // namespace

struct TicketKeys::Impl {
  std::shared_ptr<crypto::Provider> provider;
  Options options;
  mutable std::mutex mutex;
  std::vector<SealingKey> keys;  // oldest first; the last one is current unless retired

  std::int64_t rotation_ms() const { return options.rotation.count() * 1000; }
  std::int64_t grace_ms() const { return options.grace.count() * 1000; }

  bool has_current() const { return !keys.empty() && keys.back().retired_ms < 0; }

  Status add_key(std::int64_t now_ms) {
    SealingKey k;
    TLSPP_TRY(provider->random(k.name));
    SecretBytes key(kKeySize);
    TLSPP_TRY(provider->random(key.span()));
    TLSPP_ASSIGN_OR_RETURN(k.aead, provider->new_aead(crypto::AeadAlg::aes_256_gcm, key.span()));
    k.created_ms = now_ms;
    keys.push_back(std::move(k));
    return ok_status();
  }

  // Drops retired keys past their grace period, and the oldest beyond max_retired_keys.
  void expire(std::int64_t now_ms) {
    std::erase_if(keys, [&](const SealingKey& k) {
      return k.retired_ms >= 0 && now_ms - k.retired_ms > grace_ms();
    });
    const std::size_t retired = has_current() ? keys.size() - 1 : keys.size();
    if (retired > options.max_retired_keys) {
      keys.erase(keys.begin(),
                 keys.begin() + static_cast<std::ptrdiff_t>(retired - options.max_retired_keys));
    }
  }

  Status retire_current(std::int64_t now_ms) {
    if (has_current()) keys.back().retired_ms = now_ms;
    TLSPP_TRY(add_key(now_ms));
    expire(now_ms);
    return ok_status();
  }

  // The current key, rotating first when it is due.
  Result<SealingKey*> current(std::int64_t now_ms) {
    if (!has_current() || now_ms - keys.back().created_ms >= rotation_ms()) {
      TLSPP_TRY(retire_current(now_ms));
    }
    return &keys.back();
  }
};

std::shared_ptr<TicketKeys> TicketKeys::create(std::shared_ptr<crypto::Provider> provider) {
  return create(std::move(provider), Options{});
}

std::shared_ptr<TicketKeys> TicketKeys::create(std::shared_ptr<crypto::Provider> provider,
                                               Options options) {
  auto impl = std::make_unique<Impl>();
  impl->provider = provider ? std::move(provider) : crypto::default_provider();
  impl->options = options;
  return std::shared_ptr<TicketKeys>(new TicketKeys(std::move(impl)));
}

TicketKeys::TicketKeys(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TicketKeys::~TicketKeys() = default;

Status TicketKeys::rotate(std::int64_t now_ms) {
  std::lock_guard lock(impl_->mutex);
  return impl_->retire_current(now_ms);
}

std::size_t TicketKeys::key_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->keys.size();
}

}  // namespace tlspp

namespace tlspp::handshake {

Result<std::vector<std::uint8_t>> SessionAccess::seal(TicketKeys& keys, const SessionState& state,
                                                      std::int64_t now_ms) {
  const SecretBytes plaintext = state.encode();
  if (plaintext.empty()) return Error(ErrorCode::internal, "ticket: session state too large");

  TicketKeys::Impl& impl = *keys.impl_;
  std::lock_guard lock(impl.mutex);
  TLSPP_ASSIGN_OR_RETURN(SealingKey * key, impl.current(now_ms));

  std::vector<std::uint8_t> ticket(kNameSize + kNonceSize + plaintext.size() + kTagSize);
  const std::span<std::uint8_t> out(ticket);
  std::copy(key->name.begin(), key->name.end(), ticket.begin());
  const auto nonce = out.subspan(kNameSize, kNonceSize);
  TLSPP_TRY(impl.provider->random(nonce));
  const auto body = out.subspan(kNameSize + kNonceSize, plaintext.size());
  std::copy(plaintext.span().begin(), plaintext.span().end(), body.begin());
  TLSPP_TRY(key->aead->seal(nonce, key->name, body, out.last(kTagSize)));
  return ticket;
}

std::optional<SessionState> SessionAccess::open(TicketKeys& keys,
                                                std::span<const std::uint8_t> ticket,
                                                std::int64_t now_ms, bool* sealed_by_current) {
  if (ticket.size() <= kNameSize + kNonceSize + kTagSize) return std::nullopt;
  const auto name = ticket.first(kNameSize);
  const auto nonce = ticket.subspan(kNameSize, kNonceSize);
  const auto sealed = ticket.subspan(kNameSize + kNonceSize);
  const auto tag = sealed.last(kTagSize);
  const auto ciphertext = sealed.first(sealed.size() - kTagSize);

  TicketKeys::Impl& impl = *keys.impl_;
  SecretBytes plaintext(ciphertext);
  {
    std::lock_guard lock(impl.mutex);
    impl.expire(now_ms);
    auto key = std::find_if(impl.keys.begin(), impl.keys.end(), [&](const SealingKey& k) {
      return std::equal(name.begin(), name.end(), k.name.begin());
    });
    if (key == impl.keys.end()) return std::nullopt;
    if (!key->aead->open(nonce, name, plaintext.span(), tag).ok()) return std::nullopt;
    if (sealed_by_current != nullptr) {
      *sealed_by_current = impl.has_current() && &*key == &impl.keys.back() &&
                           now_ms - key->created_ms < impl.rotation_ms();
    }
  }
  auto state = SessionState::decode(plaintext.span());
  if (!state.ok()) return std::nullopt;
  return std::move(state).value();
}

}  // namespace tlspp::handshake
