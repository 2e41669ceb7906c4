// libFuzzer target: extension blocks and every typed extension body. The first byte selects the
// message context (its low 3 bits); the rest is both an extension block (checked against the
// RFC 8446 §4.2 table for that context) and, with the next two bytes as its type, one body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "extension_bodies.h"

namespace {

// Extensions as a type with decode/encode/==, for round_trip.
struct Block {
  tlspp::msgs::Extensions extensions;
  static tlspp::Result<Block> decode(tlspp::msgs::Bytes body) {
    auto e = tlspp::msgs::Extensions::decode_entries(body, "fuzz");
    if (!e.ok()) return std::move(e).error();
    return Block{std::move(*e)};
  }
  // Writes the entries without the block's own length prefix.
  void encode(tlspp::codec::Writer& w) const {
    for (const auto& ext : extensions.entries) {
      w.u16(static_cast<std::uint16_t>(ext.type));
      tlspp::msgs::write_opaque16(w, ext.body);
    }
  }
  bool operator==(const Block&) const = default;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tlspp;
  if (size < 1) return 0;
  const msgs::Bytes input(data, size);
  const auto context = static_cast<msgs::ExtensionContext>(input[0] % 7);
  const msgs::Bytes rest = input.subspan(1);

  if (fuzz::round_trip<Block>(rest)) {
    auto block = Block::decode(rest);
    (void)block->extensions.check_tls13_context(context, "fuzz");
    fuzz::round_trip_extension_bodies(block->extensions, context);
  }
  if (rest.size() >= 2) {
    const auto type = static_cast<ExtensionType>((rest[0] << 8) | rest[1]);
    const msgs::Bytes body = rest.subspan(2);
    fuzz::round_trip_extension_body(
        msgs::Extension{type, msgs::ByteVector(body.begin(), body.end())}, context);
  }
  return 0;
}
