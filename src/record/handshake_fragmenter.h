// HandshakeFragmenter: collects outgoing handshake messages and cuts them into record-sized
// fragments (RFC 8446 §5.1: handshake messages MAY be coalesced into one record or fragmented
// across several). Messages added between two flushes share records; a flush ends the last record,
// so the handshake layer flushes before every key change (RFC 8446 §5.1: ClientHello,
// EndOfEarlyData, ServerHello, Finished and KeyUpdate MUST end on a record boundary).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "record/record_types.h"
#include "tlspp/result.h"

namespace tlspp::record {

class HandshakeFragmenter {
 public:
  // Appends one encoded handshake message (header + body).
  void add(Bytes encoded_message) {
    pending_.insert(pending_.end(), encoded_message.begin(), encoded_message.end());
  }
  bool empty() const { return pending_.empty(); }
  std::size_t pending_bytes() const { return pending_.size(); }

  // Calls emit(Bytes fragment) -> Status for consecutive fragments of at most max_fragment bytes
  // (max_fragment > 0) that together hold every pending byte, in order; never an empty fragment.
  // Then forgets the pending bytes (keeping the buffer's capacity). Returns emit's first failure,
  // keeping the pending bytes in that case.
  template <class Emit>
  Status flush(std::size_t max_fragment, Emit&& emit) {
    if (max_fragment == 0) {
      return Error(ErrorCode::invalid_argument, "handshake fragmenter: zero fragment size");
    }
    const Bytes all(pending_);
    for (std::size_t at = 0; at < all.size(); at += max_fragment) {
      TLSPP_TRY(emit(all.subspan(at, std::min(max_fragment, all.size() - at))));
    }
    pending_.clear();
    return ok_status();
  }

  // Forgets pending bytes and frees the buffer.
  void release_memory() { std::vector<std::uint8_t>().swap(pending_); }

 private:
  std::vector<std::uint8_t> pending_;
};

}  // namespace tlspp::record
