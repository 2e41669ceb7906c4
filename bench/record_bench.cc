// Record-layer throughput against the bare AEAD it uses (both through the crypto provider): the
// record layer's own cost per 16 KiB record is what separates the two.
//   BM_RawAead:              seal + open in place on one buffer (the physical limit)
//   BM_RecordLayer:          seal_record() into a reused OutputBuffer, feed() it, next()
//   BM_RecordLayerZeroCopy:  seal_record(), then the bytes go to input_space()/commit_input()
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "crypto/openssl/openssl_provider.h"
#include "record/record_layer.h"

namespace {

using namespace tlspp;
using namespace tlspp::record;

crypto::Provider& provider() {
  static const std::shared_ptr<crypto::Provider> p = crypto::openssl::make_provider();
  return *p;
}

crypto::AeadAlg alg_of(const benchmark::State& state) {
  return state.range(1) == 0 ? crypto::AeadAlg::aes_128_gcm : crypto::AeadAlg::chacha20_poly1305;
}

codec::SecretBytes fill(std::size_t n, std::uint8_t v) {
  const std::vector<std::uint8_t> b(n, v);
  return codec::SecretBytes(b);
}

Tls13RecordProtection protection(crypto::AeadAlg alg) {
  return std::move(Tls13RecordProtection::create(provider(), alg,
                                                 fill(crypto::aead_key_size(alg), 1), fill(12, 2)))
      .value();
}

void BM_RawAead(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const crypto::AeadAlg alg = alg_of(state);
  auto seal =
      std::move(provider().new_aead(alg, fill(crypto::aead_key_size(alg), 1).span()).value());
  auto open =
      std::move(provider().new_aead(alg, fill(crypto::aead_key_size(alg), 1).span()).value());
  std::vector<std::uint8_t> buf(size + 1 + 16, 0x5a);
  std::uint8_t nonce[12] = {};
  const std::uint8_t header[5] = {23, 3, 3, 0, 0};
  std::uint64_t seq = 0;
  for (auto _ : state) {
    std::memcpy(nonce + 4, &seq, 8);
    ++seq;
    const crypto::MutableBytes text(buf.data(), size + 1);
    const crypto::MutableBytes tag(buf.data() + size + 1, 16);
    if (!seal->seal(nonce, header, text, tag).ok()) state.SkipWithError("seal");
    if (!open->open(nonce, header, text, tag).ok()) state.SkipWithError("open");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

// How sealed bytes reach the reading RecordLayer.
enum class Delivery {
  feed,         // feed() copies them into the layer's buffer
  input_space,  // written straight into input_space() and committed, as recv() would
};

// Seals one `state.range(0)`-byte record with one RecordLayer and opens it with another, per
// iteration; the two benchmarks below differ only in `delivery`.
void record_layer(benchmark::State& state, Delivery delivery) {
  const auto size = static_cast<std::size_t>(state.range(0));
  RecordLayer writer;
  RecordLayer reader;
  (void)writer.set_write_keys(protection(alg_of(state)));
  (void)reader.set_read_keys(protection(alg_of(state)));
  const std::vector<std::uint8_t> data(size, 0x5a);
  OutputBuffer wire;  // what Connection seals into
  wire.reserve(size + 64);
  for (auto _ : state) {
    wire.clear();
    if (!writer.seal_record(ContentType::application_data, data, wire).ok()) {
      state.SkipWithError("seal");
    }
    bool delivered = true;
    if (delivery == Delivery::feed) {
      delivered = reader.feed(wire).ok();
    } else {
      // Stands in for recv() into the layer's buffer: header, then body.
      MutableBytes header = reader.input_space();
      std::memcpy(header.data(), wire.data(), kHeaderSize);
      (void)reader.commit_input(kHeaderSize);
      MutableBytes body = reader.input_space();
      std::memcpy(body.data(), wire.data() + kHeaderSize, body.size());
      (void)reader.commit_input(body.size());
    }
    auto in = reader.next();
    if (!delivered || !in.ok() || !in->has_value() || (*in)->content.size() != size) {
      state.SkipWithError("open");
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
}

void BM_RecordLayer(benchmark::State& state) { record_layer(state, Delivery::feed); }
void BM_RecordLayerZeroCopy(benchmark::State& state) { record_layer(state, Delivery::input_space); }

}  // namespace

BENCHMARK(BM_RawAead)->Args({16384, 0})->Args({16384, 1})->Args({1024, 0});
BENCHMARK(BM_RecordLayer)->Args({16384, 0})->Args({16384, 1})->Args({1024, 0});
BENCHMARK(BM_RecordLayerZeroCopy)->Args({16384, 0})->Args({16384, 1});
BENCHMARK_MAIN();
