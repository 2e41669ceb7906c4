// ServerSessionCache (bounded LRU of session state by ID) and ReplayGuard (0-RTT anti-replay).
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "handshake/session/session_state.h"

namespace tlspp {

using codec::SecretBytes;
namespace {

std::string key_of(std::span<const std::uint8_t> id) { return std::string(id.begin(), id.end()); }

}  // namespace

struct ServerSessionCache::Impl {
  struct Entry {
    std::string id;
    SecretBytes state;  // SessionState::encode()
    std::int64_t expires_ms;
  };
  Options options;
  mutable std::mutex mutex;
  std::list<Entry> lru;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index;

  void erase(std::list<Entry>::iterator it) {
    index.erase(it->id);
    lru.erase(it);
  }

  std::list<Entry>::iterator find(const std::string& id, std::int64_t now_ms) {
    auto it = index.find(id);
    if (it == index.end()) return lru.end();
    if (it->second->expires_ms <= now_ms) {
      erase(it->second);
      return lru.end();
    }
    lru.splice(lru.begin(), lru, it->second);
    return it->second;
  }
};

std::shared_ptr<ServerSessionCache> ServerSessionCache::create() { return create(Options{}); }

std::shared_ptr<ServerSessionCache> ServerSessionCache::create(Options options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  return std::shared_ptr<ServerSessionCache>(new ServerSessionCache(std::move(impl)));
}

ServerSessionCache::ServerSessionCache(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ServerSessionCache::~ServerSessionCache() = default;

std::size_t ServerSessionCache::size() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->lru.size();
}

void ServerSessionCache::clear() {
  std::lock_guard lock(impl_->mutex);
  impl_->index.clear();
  impl_->lru.clear();
}

struct ReplayGuard::Impl {
  Options options;
  mutable std::mutex mutex;
  std::unordered_map<std::string, std::int64_t> seen;  // id -> expiry
  std::multimap<std::int64_t, std::string> by_expiry;

  void expire(std::int64_t now_ms) {
    while (!by_expiry.empty() && by_expiry.begin()->first <= now_ms) {
      seen.erase(by_expiry.begin()->second);
      by_expiry.erase(by_expiry.begin());
    }
  }
};

std::shared_ptr<ReplayGuard> ReplayGuard::create() { return create(Options{}); }

std::shared_ptr<ReplayGuard> ReplayGuard::create(Options options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  return std::shared_ptr<ReplayGuard>(new ReplayGuard(std::move(impl)));
}

ReplayGuard::ReplayGuard(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReplayGuard::~ReplayGuard() = default;

std::chrono::milliseconds ReplayGuard::window() const { return impl_->options.window; }

std::size_t ReplayGuard::size() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->seen.size();
}

}  // namespace tlspp

namespace tlspp::handshake {

void SessionAccess::put(ServerSessionCache& cache, std::span<const std::uint8_t> id,
                        const SessionState& state, std::int64_t now_ms) {
  auto& impl = *cache.impl_;
  if (impl.options.max_entries == 0) return;
  const std::int64_t lifetime_ms = impl.options.lifetime.count() * 1000;
  const std::int64_t expires = std::min(now_ms + lifetime_ms, state.expires_ms());
  SecretBytes encoded = state.encode();
  if (encoded.empty()) return;

  std::lock_guard lock(impl.mutex);
  const std::string key = key_of(id);
  if (auto it = impl.index.find(key); it != impl.index.end()) impl.erase(it->second);
  while (impl.lru.size() >= impl.options.max_entries) impl.erase(std::prev(impl.lru.end()));
  impl.lru.push_front({key, std::move(encoded), expires});
  impl.index[key] = impl.lru.begin();
}

std::optional<SessionState> SessionAccess::get(ServerSessionCache& cache,
                                               std::span<const std::uint8_t> id,
                                               std::int64_t now_ms) {
  auto& impl = *cache.impl_;
  std::lock_guard lock(impl.mutex);
  auto it = impl.find(key_of(id), now_ms);
  if (it == impl.lru.end()) return std::nullopt;
  auto state = SessionState::decode(it->state.span());
  if (!state.ok()) return std::nullopt;
  return std::move(state).value();
}

std::optional<SessionState> SessionAccess::take(ServerSessionCache& cache,
                                                std::span<const std::uint8_t> id,
                                                std::int64_t now_ms) {
  auto& impl = *cache.impl_;
  std::lock_guard lock(impl.mutex);
  auto it = impl.find(key_of(id), now_ms);
  if (it == impl.lru.end()) return std::nullopt;
  auto state = SessionState::decode(it->state.span());
  impl.erase(it);
  if (!state.ok()) return std::nullopt;
  return std::move(state).value();
}

void SessionAccess::erase(ServerSessionCache& cache, std::span<const std::uint8_t> id) {
  auto& impl = *cache.impl_;
  std::lock_guard lock(impl.mutex);
  if (auto it = impl.index.find(key_of(id)); it != impl.index.end()) impl.erase(it->second);
}

bool SessionAccess::first_use(ReplayGuard& guard, std::span<const std::uint8_t> id,
                              std::int64_t now_ms) {
  auto& impl = *guard.impl_;
  std::lock_guard lock(impl.mutex);
  impl.expire(now_ms);
  const std::string key = key_of(id);
  if (impl.seen.count(key) != 0) return false;
  if (impl.seen.size() >= impl.options.max_entries) return false;
  const std::int64_t expires = now_ms + impl.options.window.count();
  impl.seen.emplace(key, expires);
  impl.by_expiry.emplace(expires, key);
  return true;
}

}  // namespace tlspp::handshake
