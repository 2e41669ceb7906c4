// ClientSessionStore: the client's resumable sessions per server (see tlspp/session.h).
#include <deque>
#include <list>
#include <mutex>
#include <unordered_map>

#include "handshake/session/session_state.h"

namespace tlspp {

using codec::SecretBytes;

struct ClientSessionStore::Impl {
  struct Server {
    std::string key;
    std::deque<std::shared_ptr<const ClientSession>> sessions;  // oldest first
  };
  Options options;
  mutable std::mutex mutex;
  std::list<Server> lru;  // most recently used first
  std::unordered_map<std::string, std::list<Server>::iterator> index;
  std::size_t total = 0;

  void erase(std::list<Server>::iterator it) {
    total -= it->sessions.size();
    index.erase(it->key);
    lru.erase(it);
  }
};

std::shared_ptr<ClientSessionStore> ClientSessionStore::create() { return create(Options{}); }

std::shared_ptr<ClientSessionStore> ClientSessionStore::create(Options options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  return std::shared_ptr<ClientSessionStore>(new ClientSessionStore(std::move(impl)));
}

ClientSessionStore::ClientSessionStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClientSessionStore::~ClientSessionStore() = default;

void ClientSessionStore::put(const std::string& key, std::shared_ptr<const ClientSession> session) {
  if (!session || impl_->options.max_servers == 0 || impl_->options.per_server == 0) return;
  std::lock_guard lock(impl_->mutex);
  auto& impl = *impl_;
  auto found = impl.index.find(key);
  if (found == impl.index.end()) {
    while (impl.lru.size() >= impl.options.max_servers) impl.erase(std::prev(impl.lru.end()));
    impl.lru.push_front({key, {}});
    found = impl.index.emplace(key, impl.lru.begin()).first;
  } else {
    impl.lru.splice(impl.lru.begin(), impl.lru, found->second);
  }
  auto& sessions = found->second->sessions;
  if (session->version() == ProtocolVersion::tls1_2) {
    // One TLS 1.2 session per server: the new one replaces the old (and any TLS 1.3 tickets from
    // before a downgrade stay, they belong to a different negotiation).
    const auto before = sessions.size();
    std::erase_if(sessions, [](const auto& s) { return s->version() == ProtocolVersion::tls1_2; });
    impl.total -= before - sessions.size();
  }
  sessions.push_back(std::move(session));
  ++impl.total;
  while (sessions.size() > impl.options.per_server) {
    sessions.pop_front();
    --impl.total;
  }
}

std::shared_ptr<const ClientSession> ClientSessionStore::take(const std::string& key,
                                                              std::int64_t now_ms) {
  std::lock_guard lock(impl_->mutex);
  auto& impl = *impl_;
  auto found = impl.index.find(key);
  if (found == impl.index.end()) return nullptr;
  auto& sessions = found->second->sessions;
  const auto before = sessions.size();
  std::erase_if(sessions, [&](const auto& s) { return s->expires_ms() <= now_ms; });
  impl.total -= before - sessions.size();
  if (sessions.empty()) {
    impl.erase(found->second);
    return nullptr;
  }
  std::shared_ptr<const ClientSession> newest = sessions.back();
  if (newest->version() == ProtocolVersion::tls1_3) {
    sessions.pop_back();  // RFC 8446 §C.4: a ticket is offered once
    --impl.total;
    if (sessions.empty()) impl.erase(found->second);
  }
  return newest;
}

std::shared_ptr<const ClientSession> ClientSessionStore::peek(const std::string& key) const {
  std::lock_guard lock(impl_->mutex);
  auto found = impl_->index.find(key);
  if (found == impl_->index.end() || found->second->sessions.empty()) return nullptr;
  return found->second->sessions.back();
}

void ClientSessionStore::forget(const std::string& key) {
  std::lock_guard lock(impl_->mutex);
  if (auto found = impl_->index.find(key); found != impl_->index.end()) impl_->erase(found->second);
}

std::size_t ClientSessionStore::size() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->total;
}

}  // namespace tlspp
