// DESIGN.md "no allocation per steady-state record": once the buffers exist, sealing, feeding and
// opening application data records under fixed keys allocates nothing. Counted by replacing the
// global operator new for this test binary (the counter only counts while armed).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "crypto/openssl/openssl_provider.h"
#include "record/record_layer.h"
#include "unit/record/record_layer_test_util.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// g++ flags free() in a replaced operator delete as a mismatch; it is the matching deallocation.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace tlspp::record {
namespace {

using testing::ByteVec;
using testing::secret;

long allocations_during(const std::function<void()>& body) {
  g_allocations = 0;
  g_counting = true;
  body();
  g_counting = false;
  return g_allocations.load();
}

TEST(RecordLayerAllocations, SteadyStateApplicationDataAllocatesNothing) {
  const auto provider = crypto::openssl::make_provider();
  for (crypto::AeadAlg alg : {crypto::AeadAlg::aes_128_gcm, crypto::AeadAlg::chacha20_poly1305}) {
    const std::size_t key = crypto::aead_key_size(alg);
    auto w = Tls13RecordProtection::create(*provider, alg, secret(key, 1), secret(12, 2));
    auto r = Tls13RecordProtection::create(*provider, alg, secret(key, 1), secret(12, 2));
    ASSERT_TRUE(w.ok() && r.ok());
    RecordLayer writer;
    RecordLayer reader;
    ASSERT_TRUE(writer.set_write_keys(std::move(w).value()).ok());
    ASSERT_TRUE(reader.set_read_keys(std::move(r).value()).ok());
    const ByteVec data(40000, 0x5a);
    OutputBuffer wire;
    long delivered = 0;
    bool ok = true;
    const auto round = [&] {
      wire.clear();
      ok = ok && writer.seal_records(ContentType::application_data, data, wire).ok();
      Bytes rest(wire);
      while (ok && !rest.empty()) {
        auto taken = reader.feed(rest);
        ok = taken.ok();
        if (!ok) break;
        rest = rest.subspan(*taken);
        auto in = reader.next();
        ok = in.ok();
        if (ok && in->has_value()) delivered += static_cast<long>((*in)->content.size());
      }
    };
    // The first round allocates the deframer buffer (and shows that the counter counts).
    EXPECT_GT(allocations_during(round), 0);
    EXPECT_EQ(allocations_during([&] {
                for (int i = 0; i < 20; ++i) round();
              }),
              0)
        << crypto::name_of(alg);
    EXPECT_TRUE(ok);
    EXPECT_EQ(delivered, 21 * 40000);
  }
}

}  // namespace
}  // namespace tlspp::record
