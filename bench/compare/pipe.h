// In-memory transport for tls_compare: one direction of a connection as a byte queue. Two Pipes
// (client->server, server->client) replace a socket pair; every driver uses them, so transport
// cost (one memcpy in, one out) is the same for all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tlspp::bench {

class Pipe {
 public:
  // Appends `n` bytes. Allocates only when the queue grows past its largest size so far.
  void write(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
  }

  // Moves up to `n` queued bytes into `out`; returns how many (0 when empty).
  std::size_t read(void* out, std::size_t n) {
    const std::size_t k = n < size() ? n : size();
    if (k != 0) std::memcpy(out, bytes_.data() + read_pos_, k);
    read_pos_ += k;
    if (read_pos_ == bytes_.size()) {
      bytes_.clear();  // keeps the capacity: the steady state does not allocate
      read_pos_ = 0;
    }
    return k;
  }

  std::size_t size() const { return bytes_.size() - read_pos_; }
  bool empty() const { return size() == 0; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t read_pos_ = 0;
};

// The two directions between one client and one server.
struct PipePair {
  Pipe to_server;
  Pipe to_client;
};

}  // namespace tlspp::bench
