// Record protection throughput through the provider's Aead, the path every TLS record takes: one
// context per key, created once; seal and open in place with a fresh nonce per record. Compare with
// `openssl speed -evp <cipher> -bytes 16384` on the same machine (which measures encryption).
// Rates are per CPU second (Google Benchmark's default CPU time for seal, thread CPU time for
// open), as openssl speed reports them.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "crypto/openssl/openssl_provider.h"

namespace {

using tlspp::crypto::Aead;
using tlspp::crypto::AeadAlg;
using tlspp::crypto::kAeadNonceSize;
using tlspp::crypto::kAeadTagSize;

std::unique_ptr<Aead> make_aead(AeadAlg alg) {
  auto provider = tlspp::crypto::openssl::make_provider();
  auto aead = provider->new_aead(alg, std::vector<std::uint8_t>(aead_key_size(alg), 0x42));
  if (!aead.ok()) {
    std::fprintf(stderr, "new_aead: %s\n", aead.error().to_string().c_str());
    std::abort();
  }
  return std::move(*aead);
}

// The TLS 1.3 per-record nonce: the IV XOR the sequence number (RFC 8446 §5.3).
void set_nonce(std::uint8_t (&nonce)[kAeadNonceSize], std::uint64_t sequence) {
  for (int i = 0; i < 8; ++i)
    nonce[11 - i] = static_cast<std::uint8_t>(0x5a ^ (sequence >> (8 * i)));
}

void BM_Seal(benchmark::State& state, AeadAlg alg) {
  auto aead = make_aead(alg);
  std::vector<std::uint8_t> record(static_cast<std::size_t>(state.range(0)), 0x17);
  std::uint8_t aad[5] = {0x17, 0x03, 0x03, 0x40, 0x11};
  std::uint8_t tag[kAeadTagSize];
  std::uint8_t nonce[kAeadNonceSize] = {};
  std::uint64_t sequence = 0;
  for (auto _ : state) {
    set_nonce(nonce, sequence++);
    if (!aead->seal(nonce, aad, record, tag).ok()) state.SkipWithError("seal failed");
    benchmark::DoNotOptimize(record.data());
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// This thread's CPU time in seconds. Like `openssl speed` (which counts user CPU time unless
// given -elapsed), the figures then do not depend on what else the machine is running.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Opening decrypts in place, so each record must be restored before the next open. The restore
// is kept out of the measurement with manual timing (thread CPU time) over a batch of records, so
// that the clock reads cost little next to the opens.
void BM_Open(benchmark::State& state, AeadAlg alg) {
  auto sender = make_aead(alg);
  auto receiver = make_aead(alg);
  const std::size_t size = static_cast<std::size_t>(state.range(0));
  const std::size_t batch = std::max<std::size_t>(1, (256 * 1024) / size);
  std::uint8_t aad[5] = {0x17, 0x03, 0x03, 0x40, 0x11};
  std::uint8_t nonce[kAeadNonceSize] = {};
  set_nonce(nonce, 0);
  std::vector<std::uint8_t> sealed(size, 0x17);
  std::uint8_t tag[kAeadTagSize];
  if (!sender->seal(nonce, aad, sealed, tag).ok()) state.SkipWithError("seal failed");
  std::vector<std::vector<std::uint8_t>> records(batch, sealed);
  for (auto _ : state) {
    for (auto& r : records) std::copy(sealed.begin(), sealed.end(), r.begin());
    const double start = thread_cpu_seconds();
    for (auto& r : records) {
      if (!receiver->open(nonce, aad, r, tag).ok()) state.SkipWithError("open failed");
    }
    const double stop = thread_cpu_seconds();
    benchmark::DoNotOptimize(records.back().data());
    state.SetIterationTime(stop - start);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * batch * size));
  state.counters["records_per_iteration"] = static_cast<double>(batch);
}

#define TLSPP_AEAD_BENCH(name, alg)                             \
  BENCHMARK_CAPTURE(BM_Seal, name, alg)->Arg(1024)->Arg(16384); \
  BENCHMARK_CAPTURE(BM_Open, name, alg)->Arg(1024)->Arg(16384)->UseManualTime()

TLSPP_AEAD_BENCH(aes_128_gcm, AeadAlg::aes_128_gcm);
TLSPP_AEAD_BENCH(aes_256_gcm, AeadAlg::aes_256_gcm);
TLSPP_AEAD_BENCH(chacha20_poly1305, AeadAlg::chacha20_poly1305);

// --- Handshake-level operations, for scale (each runs a few to ~20 times per handshake).

void BM_HkdfExpandLabel(benchmark::State& state) {
  auto provider = tlspp::crypto::openssl::make_provider();
  const std::vector<std::uint8_t> secret(32, 0x11);
  for (auto _ : state) {
    auto key = tlspp::crypto::hkdf_expand_label(*provider, tlspp::crypto::HashAlg::sha256, secret,
                                                "key", {}, 16);
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(BM_HkdfExpandLabel);

void BM_X25519GenerateAndAgree(benchmark::State& state) {
  auto provider = tlspp::crypto::openssl::make_provider();
  auto peer = provider->generate_key_share(tlspp::NamedGroup::x25519);
  for (auto _ : state) {
    auto share = provider->generate_key_share(tlspp::NamedGroup::x25519);
    auto secret = (*share)->agree((*peer)->public_key());
    benchmark::DoNotOptimize(secret);
  }
}
BENCHMARK(BM_X25519GenerateAndAgree);

void BM_ImportP256Point(benchmark::State& state) {
  auto provider = tlspp::crypto::openssl::make_provider();
  auto share = provider->generate_key_share(tlspp::NamedGroup::secp256r1);
  const std::vector<std::uint8_t> point((*share)->public_key().begin(),
                                        (*share)->public_key().end());
  for (auto _ : state) {
    auto key = provider->import_ec_public_key(tlspp::NamedGroup::secp256r1, point);
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(BM_ImportP256Point);

}  // namespace

BENCHMARK_MAIN();
