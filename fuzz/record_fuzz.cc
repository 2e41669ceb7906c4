// libFuzzer target for the record layer: arbitrary bytes, split at fuzzer-chosen points, fed into
// a RecordLayer with plaintext or AEAD read protection (fixed keys), draining every record and
// reassembled handshake message. In "sealed" mode the input describes inner plaintexts (any inner
// content type, content and padding) that the harness encrypts with the reader's key, so that the
// paths after successful decryption (padding scan, inner type rules, reassembly) are reached.
//
// Input layout: mode byte, split seed byte, then the stream (or its description).
//   mode bit 0: AEAD read keys installed        bit 1: TLS 1.2 negotiated (else bit 2: TLS 1.3)
//   mode bit 3: TLS 1.3 compatibility CCS window  bit 4: skipping undecryptable early data
//   mode bit 5: TLS 1.2 AEAD (with bit 0)       bit 6: sealed mode (with bit 0)
//   mode bit 7: zero-copy input (input_space / commit_input) instead of feed()
// Sealed mode description: repeated [control][length][bytes]: control bit 7 set = append the bytes
// raw; else seal them with inner type (control & 0x1f) and 7 * ((control >> 5) & 3) bytes of
// padding (TLS 1.3) or as a record of that type (TLS 1.2).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
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

codec::SecretBytes fill(std::size_t n, std::uint8_t v) {
  const std::vector<std::uint8_t> b(n, v);
  return codec::SecretBytes(b);
}

Tls13RecordProtection tls13() {
  return std::move(Tls13RecordProtection::create(provider(), crypto::AeadAlg::aes_128_gcm,
                                                 fill(16, 0x42), fill(12, 0x24)))
      .value();
}

Tls12RecordProtection tls12() {
  return std::move(Tls12RecordProtection::create(provider(), crypto::AeadAlg::aes_128_gcm,
                                                 fill(16, 0x43), fill(4, 0x34)))
      .value();
}

// Builds the stream from a sealed-mode description.
std::vector<std::uint8_t> seal_description(Bytes in, bool use_tls12) {
  std::vector<std::uint8_t> out;
  Tls13RecordProtection w13 = tls13();
  Tls12RecordProtection w12 = tls12();
  std::size_t at = 0;
  while (at + 2 <= in.size()) {
    const std::uint8_t control = in[at];
    const std::size_t len = std::min<std::size_t>(in[at + 1], in.size() - at - 2);
    const Bytes body = in.subspan(at + 2, len);
    at += 2 + len;
    if (control & 0x80) {
      out.insert(out.end(), body.begin(), body.end());
      continue;
    }
    const auto type = static_cast<ContentType>(control & 0x1f);
    const std::size_t start = out.size();
    if (use_tls12) {
      out.resize(start + w12.sealed_size(len));
      std::memcpy(out.data() + start + w12.content_offset(), body.data(), len);
      if (!w12.seal_in_place(type, 0x0303, MutableBytes(out).subspan(start)).ok()) break;
    } else {
      const std::size_t padding = 7 * ((control >> 5) & 3);
      out.resize(start + Tls13RecordProtection::sealed_size(len, padding));
      std::memcpy(out.data() + start + kHeaderSize, body.data(), len);
      if (!w13.seal_in_place(type, MutableBytes(out).subspan(start), len).ok()) break;
    }
  }
  return out;
}

// Drains next(); false once the layer failed.
bool drain(RecordLayer& layer, std::vector<std::uint8_t>& app_data) {
  for (;;) {
    auto item = layer.next();
    if (!item.ok()) return false;
    if (!item->has_value()) return true;
    const Inbound& in = **item;
    if (in.type == ContentType::application_data) {
      app_data.insert(app_data.end(), in.content.begin(), in.content.end());
      if (app_data.size() > 4 * kMaxPlaintext) app_data.clear();
    }
    // A warning alert is a record without progress the upper layer reports.
    if (in.type == ContentType::alert && in.content[0] == 1) {
      if (!layer.note_record_without_progress().ok()) return false;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t mode = data[0];
  std::uint32_t rng = 0x9E3779B9u ^ (static_cast<std::uint32_t>(data[1]) * 0x01000193u);
  const Bytes rest(data + 2, size - 2);

  const bool aead = mode & 0x01;
  const bool tls12_aead = aead && (mode & 0x20);
  RecordLayerConfig config;
  config.max_handshake_message_size = 4096;
  config.max_records_without_progress = 8;
  RecordLayer layer(config);
  if (mode & 0x02) {
    layer.set_negotiated_version(ProtocolVersion::tls1_2);
  } else if (mode & 0x04) {
    layer.set_negotiated_version(ProtocolVersion::tls1_3);
  }
  layer.allow_tls13_compat_ccs(mode & 0x08);
  if (mode & 0x10) layer.skip_undecryptable_records(2000);
  if (aead) {
    const bool installed =
        tls12_aead ? layer.set_read_keys(tls12()).ok() : layer.set_read_keys(tls13()).ok();
    if (!installed) return 0;
  }

  std::vector<std::uint8_t> sealed;
  Bytes stream = rest;
  if (aead && (mode & 0x40)) {
    sealed = seal_description(rest, tls12_aead);
    stream = sealed;
  }

  std::vector<std::uint8_t> app_data;
  while (!stream.empty()) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    const std::size_t chunk = std::min<std::size_t>(1 + rng % 700, stream.size());
    Bytes piece = stream.first(chunk);
    stream = stream.subspan(chunk);
    while (!piece.empty()) {
      std::size_t taken = 0;
      if (mode & 0x80) {
        const MutableBytes space = layer.input_space();
        taken = std::min(space.size(), piece.size());
        std::memcpy(space.data(), piece.data(), taken);
        if (!layer.commit_input(taken).ok()) return 0;
      } else {
        auto fed = layer.feed(piece);
        if (!fed.ok()) return 0;
        taken = *fed;
      }
      piece = piece.subspan(taken);
      if (!drain(layer, app_data)) return 0;
    }
  }
  // The write side over what came in, and a key change at whatever boundary the input ended on.
  std::vector<std::uint8_t> out;
  (void)layer.seal_records(ContentType::application_data, app_data, out);
  (void)layer.set_read_keys(tls13());
  return 0;
}
