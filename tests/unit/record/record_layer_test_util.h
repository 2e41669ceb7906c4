// Driving a RecordLayer in tests: feed bytes in chunks and collect what next() yields.
#pragma once

#include <algorithm>
#include <vector>

#include "record/record_layer.h"
#include "unit/record/record_test_util.h"

namespace tlspp::record::testing {

// One item next() returned, copied out of the layer's buffers.
struct Item {
  ContentType type;
  ByteVec content;
  HandshakeType handshake_type;
  ByteVec body;
};

// Feeds `wire` to `layer` in chunks of at most `chunk` bytes, draining next() after every feed;
// returns everything it yielded, or the first error.
inline Result<std::vector<Item>> pump(RecordLayer& layer, Bytes wire,
                                      std::size_t chunk = SIZE_MAX) {
  std::vector<Item> items;
  while (!wire.empty()) {
    Bytes piece = wire.first(std::min(chunk, wire.size()));
    while (!piece.empty()) {
      TLSPP_ASSIGN_OR_RETURN(const std::size_t taken, layer.feed(piece));
      piece = piece.subspan(taken);
      wire = wire.subspan(taken);
      for (;;) {
        TLSPP_ASSIGN_OR_RETURN(std::optional<Inbound> in, layer.next());
        if (!in) break;
        items.push_back(Item{in->type, ByteVec(in->content.begin(), in->content.end()),
                             in->handshake_type,
                             ByteVec(in->handshake_body.begin(), in->handshake_body.end())});
      }
    }
  }
  return items;
}

}  // namespace tlspp::record::testing
