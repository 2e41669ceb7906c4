// Secrets are wiped before their memory is given back. A recording provider remembers every secret
// the key schedules derive (HKDF-Extract/Expand outputs: early/handshake/master secrets, traffic
// secrets, keys, IVs, finished keys; the TLS 1.2 PRF outputs: master secret, key block, but not
// the Finished verify_data, which is sent). Every
// heap block freed while the check is armed is scanned for those byte strings: a hit means a
// secret (or a copy of it) reached free() without being wiped. Under AddressSanitizer the scan
// runs in the sanitizer's free hook and so covers libcrypto's frees too; otherwise it runs in this
// binary's replacement operator delete (tlspp's own C++ allocations).
//
// A full connection is driven through the handshake, data both ways, KeyUpdate both ways (the old
// traffic secrets are replaced then), close_notify, and destruction (everything is freed then).
#include <gtest/gtest.h>
#include <malloc.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include "crypto/provider.h"
#include "support/forwarding_provider.h"
#include "support/tls_pair.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TLSPP_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TLSPP_TEST_ASAN 1
#endif

#ifdef TLSPP_TEST_ASAN
#include <sanitizer/allocator_interface.h>
#endif

namespace {

// Needles live in static storage: the free hook must not allocate or lock.
constexpr std::size_t kMaxNeedles = 4096;
constexpr std::size_t kMaxNeedle = 64;
constexpr std::size_t kMinNeedle = 12;  // shorter strings could match by chance
struct Needle {
  std::array<std::uint8_t, kMaxNeedle> bytes;
  std::size_t size;
};
std::array<Needle, kMaxNeedles> g_needles;
std::atomic<std::size_t> g_needle_count{0};
std::atomic<bool> g_armed{false};
std::atomic<std::size_t> g_findings{0};
std::atomic<std::size_t> g_scanned{0};

void remember(std::span<const std::uint8_t> secret) {
  if (secret.size() < kMinNeedle) return;
  const std::size_t i = g_needle_count.load();
  if (i == kMaxNeedles) return;
  const std::size_t n = std::min(secret.size(), kMaxNeedle);
  std::memcpy(g_needles[i].bytes.data(), secret.data(), n);
  g_needles[i].size = n;
  g_needle_count.store(i + 1);
}

void scan(const void* p, std::size_t size) {
  if (p == nullptr || !g_armed.load(std::memory_order_relaxed)) return;
  g_scanned.fetch_add(1, std::memory_order_relaxed);
  const std::size_t count = g_needle_count.load();
  for (std::size_t i = 0; i < count; ++i) {
    const Needle& n = g_needles[i];
    if (size >= n.size && memmem(p, size, n.bytes.data(), n.size) != nullptr) {
      g_findings.fetch_add(1);
      return;
    }
  }
}

}  // namespace

#ifdef TLSPP_TEST_ASAN
extern "C" {
static void on_free(const volatile void* p) {
  const void* ptr = const_cast<const void*>(p);
  if (ptr != nullptr && g_armed.load(std::memory_order_relaxed)) {
    scan(ptr, __sanitizer_get_allocated_size(ptr));
  }
}
static void on_malloc(const volatile void*, std::size_t) {}
}
namespace {
const int g_hooks_installed = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}  // namespace
#else
void* operator new(std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
namespace {
void release(void* p) noexcept {
  if (p != nullptr) scan(p, malloc_usable_size(p));
  std::free(p);
}
}  // namespace
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
#endif

namespace tlspp::test {
namespace {

using crypto::Bytes;
using crypto::MutableBytes;
using crypto::SecretBytes;

// Forwards everything to the libcrypto provider and remembers every derived secret.
class RecordingProvider final : public test::ForwardingProvider {
 public:
  using ForwardingProvider::ForwardingProvider;
  Result<SecretBytes> hkdf_extract(crypto::HashAlg alg, Bytes salt, Bytes ikm) override {
    return keep(inner().hkdf_extract(alg, salt, ikm));
  }
  Result<SecretBytes> hkdf_expand(crypto::HashAlg alg, Bytes prk, Bytes info,
                                  std::size_t length) override {
    return keep(inner().hkdf_expand(alg, prk, info, length));
  }
  Result<SecretBytes> tls12_prf(crypto::HashAlg alg, Bytes secret, std::string_view label,
                                Bytes seed, std::size_t length) override {
    auto r = inner().tls12_prf(alg, secret, label, seed, length);
    // Finished verify_data is a PRF output too, but not a secret: it is sent (RFC 5246 §7.4.9).
    if (label == "client finished" || label == "server finished") return r;
    return keep(std::move(r));
  }

 private:
  static Result<SecretBytes> keep(Result<SecretBytes> r) {
    if (r.ok()) {
      // The TLS 1.2 key block holds keys and salts back to back: remember each 12-byte window
      // too, so a key or IV copied out of it alone is found.
      remember(r->span());
      for (std::size_t at = 0; r->size() > kMaxNeedle && at + kMinNeedle <= r->size(); at += 4) {
        remember(r->span().subspan(at, kMinNeedle));
      }
    }
    return r;
  }
};

class SecretWipe : public ::testing::Test {
 protected:
  void SetUp() override {
    g_needle_count = 0;
    g_findings = 0;
    g_scanned = 0;
  }
  void TearDown() override { g_armed = false; }
};

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Handshake, data both ways, optional KeyUpdates, close_notify both ways, then destruction.
void run_connection(ProtocolVersion version, bool key_updates) {
  auto provider = std::make_shared<RecordingProvider>(test_provider());
  auto client_cfg = test_client_config();
  auto server_cfg = test_server_config("ecdsa");
  client_cfg->provider = provider;
  server_cfg->provider = provider;
  client_cfg->max_version = version;
  server_cfg->max_version = version;
  client_cfg->session_store = nullptr;
  {
    auto pair = connect_pair(client_cfg, server_cfg);
    ASSERT_TRUE(pair.ok()) << pair.error().to_string();
    ASSERT_EQ(pair->client->info().version, version);
    ASSERT_TRUE(pair->client->write(as_bytes("ping")).ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    EXPECT_EQ(read_all(*pair->server), "ping");
    if (key_updates) {
      ASSERT_TRUE(pair->client->key_update(true).ok());
      ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
      ASSERT_TRUE(pair->server->key_update(false).ok());
      ASSERT_TRUE(pair->server->write(as_bytes("pong")).ok());
      ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
      EXPECT_EQ(read_all(*pair->client), "pong");
    }
    ASSERT_TRUE(pair->client->close().ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    ASSERT_TRUE(pair->server->close().ok());
    ASSERT_TRUE(pump(*pair->client, *pair->server).ok());
    EXPECT_TRUE(pair->client->closed());
    EXPECT_TRUE(pair->server->closed());
  }  // both connections (and every remaining secret) freed here
}

TEST_F(SecretWipe, DetectorFindsAnUnwipedCopy) {
  // The check itself: a secret copied into an ordinary vector and freed is found.
  const std::vector<std::uint8_t> secret(32, 0xa7);
  remember(secret);
  g_armed = true;
  auto* leak = new std::vector<std::uint8_t>(secret);
  delete leak;
  g_armed = false;
  EXPECT_EQ(g_findings.load(), 1u);
}

TEST_F(SecretWipe, Tls13ConnectionWithKeyUpdates) {
  g_armed = true;
  run_connection(ProtocolVersion::tls1_3, true);
  g_armed = false;
  EXPECT_GE(g_needle_count.load(), 20u);  // the schedule really was recorded
  EXPECT_GT(g_scanned.load(), 100u);      // and frees really were scanned
  EXPECT_EQ(g_findings.load(), 0u) << "a freed heap block still held a derived secret";
}

TEST_F(SecretWipe, Tls12Connection) {
  g_armed = true;
  run_connection(ProtocolVersion::tls1_2, false);
  g_armed = false;
  EXPECT_GE(g_needle_count.load(), 2u);
  EXPECT_GT(g_scanned.load(), 100u);
  EXPECT_EQ(g_findings.load(), 0u) << "a freed heap block still held a derived secret";
}

}  // namespace
}  // namespace tlspp::test
