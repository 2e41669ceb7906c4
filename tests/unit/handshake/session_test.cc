// Session state encoding, ticket keys (sealing, rotation, grace), the server's session cache, the
// 0-RTT replay guard and the client's session store.
#include <gtest/gtest.h>

#include <algorithm>

#include "handshake/session/session_state.h"

namespace tlspp::handshake {
namespace {

constexpr std::int64_t kHour = 3600 * 1000;

SessionState sample_state(ProtocolVersion v = ProtocolVersion::tls1_3) {
  SessionState s;
  s.version = v;
  s.suite = CipherSuite::tls_aes_128_gcm_sha256;
  const std::vector<std::uint8_t> secret(32, 0x5a);
  s.secret = SecretBytes(secret);
  s.extended_master_secret = true;
  s.server_name = "example.com";
  s.alpn = "h2";
  s.created_ms = 1'700'000'000'000;
  s.lifetime_s = 7200;
  s.age_add = 0xdeadbeef;
  s.max_early_data = 16384;
  s.peer_chain = {{1, 2, 3}, {4, 5}};
  return s;
}

void expect_same(const SessionState& a, const SessionState& b) {
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.suite, b.suite);
  EXPECT_TRUE(std::ranges::equal(a.secret.span(), b.secret.span()));
  EXPECT_EQ(a.extended_master_secret, b.extended_master_secret);
  EXPECT_EQ(a.server_name, b.server_name);
  EXPECT_EQ(a.alpn, b.alpn);
  EXPECT_EQ(a.created_ms, b.created_ms);
  EXPECT_EQ(a.lifetime_s, b.lifetime_s);
  EXPECT_EQ(a.age_add, b.age_add);
  EXPECT_EQ(a.max_early_data, b.max_early_data);
  EXPECT_EQ(a.peer_chain, b.peer_chain);
}

TEST(SessionState, RoundTrips) {
  const SessionState s = sample_state();
  const SecretBytes encoded = s.encode();
  auto decoded = SessionState::decode(encoded.span());
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  expect_same(s, *decoded);
  EXPECT_EQ(s.expires_ms(), s.created_ms + 7200 * 1000);
}

TEST(SessionState, RefusesTruncatedTrailingAndUnknownFormat) {
  const SecretBytes encoded = sample_state().encode();
  std::vector<std::uint8_t> bytes(encoded.span().begin(), encoded.span().end());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto r = SessionState::decode(std::span(bytes).first(n));
    ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes decoded";
  }
  bytes.push_back(0);
  auto trailing = SessionState::decode(bytes);
  ASSERT_FALSE(trailing.ok());
  EXPECT_EQ(trailing.error().code, ErrorCode::trailing_data);
  bytes.pop_back();
  bytes[0] = 99;
  auto format = SessionState::decode(bytes);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.error().code, ErrorCode::bad_encoding);
}

TEST(TicketKeys, SealThenOpenGivesTheState) {
  auto keys = TicketKeys::create();
  const SessionState s = sample_state();
  auto ticket = SessionAccess::seal(*keys, s, 0);
  ASSERT_TRUE(ticket.ok()) << ticket.error().to_string();
  auto opened = SessionAccess::open(*keys, *ticket, 1000);
  ASSERT_TRUE(opened.has_value());
  expect_same(s, *opened);
  // The plaintext state is not visible in the ticket.
  const std::vector<std::uint8_t> name = {'e', 'x', 'a', 'm', 'p', 'l', 'e'};
  EXPECT_EQ(std::search(ticket->begin(), ticket->end(), name.begin(), name.end()), ticket->end());
}

TEST(TicketKeys, TamperedOrForeignTicketsDoNotOpen) {
  auto keys = TicketKeys::create();
  auto other = TicketKeys::create();
  auto ticket = SessionAccess::seal(*keys, sample_state(), 0);
  ASSERT_TRUE(ticket.ok());
  for (std::size_t i : {std::size_t{0}, std::size_t{16}, std::size_t{30}, ticket->size() - 1}) {
    auto bad = *ticket;
    bad[i] ^= 0x01;
    EXPECT_FALSE(SessionAccess::open(*keys, bad, 0).has_value()) << "flipped byte " << i;
  }
  EXPECT_FALSE(SessionAccess::open(*other, *ticket, 0).has_value());
  EXPECT_FALSE(SessionAccess::open(*keys, std::span(*ticket).first(40), 0).has_value());
  EXPECT_FALSE(SessionAccess::open(*keys, {}, 0).has_value());
}

TEST(TicketKeys, RotationKeepsOldKeysForTheGracePeriodOnly) {
  TicketKeys::Options o;
  o.rotation = std::chrono::hours(1);
  o.grace = std::chrono::hours(2);
  auto keys = TicketKeys::create(nullptr, o);
  auto first = SessionAccess::seal(*keys, sample_state(), 0);
  ASSERT_TRUE(first.ok());
  // Due for rotation after an hour: the next ticket uses a new key name.
  auto second = SessionAccess::seal(*keys, sample_state(), kHour);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(std::equal(first->begin(), first->begin() + 16, second->begin()));
  EXPECT_EQ(keys->key_count(), 2u);
  // The retired key opens tickets until grace has passed since its retirement ...
  EXPECT_TRUE(SessionAccess::open(*keys, *first, 3 * kHour).has_value());
  // ... and not after.
  EXPECT_FALSE(SessionAccess::open(*keys, *first, 3 * kHour + 1).has_value());
  EXPECT_EQ(keys->key_count(), 1u);
  EXPECT_TRUE(SessionAccess::open(*keys, *second, 3 * kHour + 1).has_value());
}

TEST(TicketKeys, ExplicitRotationAndRetiredKeyCap) {
  TicketKeys::Options o;
  o.max_retired_keys = 2;
  auto keys = TicketKeys::create(nullptr, o);
  auto first = SessionAccess::seal(*keys, sample_state(), 0);
  ASSERT_TRUE(first.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(keys->rotate(1).ok());
  EXPECT_EQ(keys->key_count(), 3u);  // current + 2 retired
  EXPECT_FALSE(SessionAccess::open(*keys, *first, 2).has_value());
}

TEST(ServerSessionCache, StoresByIdUntilExpiry) {
  ServerSessionCache::Options o;
  o.lifetime = std::chrono::seconds(10);
  auto cache = ServerSessionCache::create(o);
  const std::vector<std::uint8_t> id(32, 7);
  SessionAccess::put(*cache, id, sample_state(), 0);
  EXPECT_EQ(cache->size(), 1u);
  auto got = SessionAccess::get(*cache, id, 9999);
  ASSERT_TRUE(got.has_value());
  expect_same(sample_state(), *got);
  EXPECT_FALSE(SessionAccess::get(*cache, id, 10000).has_value());
  EXPECT_EQ(cache->size(), 0u);
}

TEST(ServerSessionCache, ExpiresWithTheSessionLifetimeWhenShorter) {
  auto cache = ServerSessionCache::create();
  SessionState s = sample_state();
  s.created_ms = 0;
  s.lifetime_s = 5;
  const std::vector<std::uint8_t> id = {1};
  SessionAccess::put(*cache, id, s, 0);
  EXPECT_TRUE(SessionAccess::get(*cache, id, 4999).has_value());
  EXPECT_FALSE(SessionAccess::get(*cache, id, 5000).has_value());
}

TEST(ServerSessionCache, EvictsLeastRecentlyUsedAndTakeIsSingleUse) {
  ServerSessionCache::Options o;
  o.max_entries = 2;
  auto cache = ServerSessionCache::create(o);
  const std::vector<std::uint8_t> a = {1}, b = {2}, c = {3};
  SessionAccess::put(*cache, a, sample_state(), 0);
  SessionAccess::put(*cache, b, sample_state(), 0);
  ASSERT_TRUE(SessionAccess::get(*cache, a, 1).has_value());  // a is now the most recent
  SessionAccess::put(*cache, c, sample_state(), 2);           // evicts b
  EXPECT_EQ(cache->size(), 2u);
  EXPECT_FALSE(SessionAccess::get(*cache, b, 3).has_value());
  EXPECT_TRUE(SessionAccess::take(*cache, a, 3).has_value());
  EXPECT_FALSE(SessionAccess::take(*cache, a, 3).has_value());
  SessionAccess::erase(*cache, c);
  EXPECT_EQ(cache->size(), 0u);
}

TEST(ReplayGuard, RefusesARepeatInsideTheWindow) {
  ReplayGuard::Options o;
  o.window = std::chrono::milliseconds(1000);
  o.max_entries = 2;
  auto guard = ReplayGuard::create(o);
  const std::vector<std::uint8_t> a = {1}, b = {2}, c = {3};
  EXPECT_TRUE(SessionAccess::first_use(*guard, a, 0));
  EXPECT_FALSE(SessionAccess::first_use(*guard, a, 999));
  EXPECT_TRUE(SessionAccess::first_use(*guard, b, 10));
  // Full of unexpired entries: refused rather than unchecked.
  EXPECT_FALSE(SessionAccess::first_use(*guard, c, 20));
  // After the window, entries expire and make room.
  EXPECT_TRUE(SessionAccess::first_use(*guard, c, 1011));
  EXPECT_EQ(guard->size(), 1u);
}

std::shared_ptr<const ClientSession> client_session(ProtocolVersion v, std::int64_t created_ms,
                                                    std::uint8_t tag) {
  ClientSession::Impl impl;
  impl.state = sample_state(v);
  impl.state.created_ms = created_ms;
  impl.ticket = {tag, tag, tag};
  if (v == ProtocolVersion::tls1_2) impl.session_id = std::vector<std::uint8_t>(32, tag);
  return SessionAccess::make_client_session(std::move(impl));
}

TEST(ClientSession, SerializesAndParses) {
  auto s = client_session(ProtocolVersion::tls1_2, 5, 9);
  const auto bytes = s->serialize();
  auto parsed = ClientSession::parse(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ((*parsed)->version(), ProtocolVersion::tls1_2);
  EXPECT_EQ((*parsed)->server_name(), "example.com");
  EXPECT_EQ((*parsed)->alpn(), "h2");
  EXPECT_EQ((*parsed)->expires_ms(), 5 + 7200 * 1000);
  EXPECT_EQ(SessionAccess::impl(**parsed).session_id, std::vector<std::uint8_t>(32, 9));
  EXPECT_EQ(SessionAccess::impl(**parsed).ticket, (std::vector<std::uint8_t>{9, 9, 9}));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(ClientSession::parse(std::span(bytes).first(n)).ok());
  }
  auto garbage = bytes;
  garbage[0] = 'X';
  EXPECT_FALSE(ClientSession::parse(garbage).ok());
}

TEST(ClientSessionStore, Tls13TicketsAreUsedOnceNewestFirst) {
  auto store = ClientSessionStore::create();
  store->put("a:443", client_session(ProtocolVersion::tls1_3, 0, 1));
  store->put("a:443", client_session(ProtocolVersion::tls1_3, 0, 2));
  EXPECT_EQ(store->size(), 2u);
  auto first = store->take("a:443", 10);
  ASSERT_TRUE(first);
  EXPECT_EQ(SessionAccess::impl(*first).ticket[0], 2);
  auto second = store->take("a:443", 10);
  ASSERT_TRUE(second);
  EXPECT_EQ(SessionAccess::impl(*second).ticket[0], 1);
  EXPECT_FALSE(store->take("a:443", 10));
  EXPECT_EQ(store->size(), 0u);
}

TEST(ClientSessionStore, Tls12SessionStaysAndIsReplaced) {
  auto store = ClientSessionStore::create();
  store->put("b:443", client_session(ProtocolVersion::tls1_2, 0, 1));
  store->put("b:443", client_session(ProtocolVersion::tls1_2, 0, 2));
  EXPECT_EQ(store->size(), 1u);
  for (int i = 0; i < 2; ++i) {
    auto s = store->take("b:443", 10);
    ASSERT_TRUE(s);
    EXPECT_EQ(SessionAccess::impl(*s).ticket[0], 2);
  }
  store->forget("b:443");
  EXPECT_FALSE(store->peek("b:443"));
}

TEST(ClientSessionStore, BoundedAndExpiring) {
  ClientSessionStore::Options o;
  o.max_servers = 2;
  o.per_server = 2;
  auto store = ClientSessionStore::create(o);
  for (std::uint8_t i = 0; i < 5; ++i)
    store->put("a", client_session(ProtocolVersion::tls1_3, 0, i));
  EXPECT_EQ(store->size(), 2u);
  store->put("b", client_session(ProtocolVersion::tls1_3, 0, 1));
  store->put("c", client_session(ProtocolVersion::tls1_3, 0, 1));  // evicts "a"
  EXPECT_FALSE(store->peek("a"));
  EXPECT_EQ(store->size(), 2u);
  // Expired sessions are never returned.
  EXPECT_FALSE(store->take("b", 7200 * 1000));
  EXPECT_EQ(store->size(), 1u);
}

}  // namespace
}  // namespace tlspp::handshake
