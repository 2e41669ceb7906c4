// A counting allocator for tls_compare. alloc_counter.cc replaces malloc, calloc, realloc, free
// and the aligned variants in this executable (glibc lets a program interpose them, and the shared
// libraries' calls, libssl's and GnuTLS's included, then land there too); each call is forwarded
// to glibc's own implementation (__libc_malloc and friends) and counted. operator new/delete reach
// malloc/free through libstdc++, so C++ allocations are counted too.
//
// Bytes are malloc_usable_size() of each block: what the heap actually hands out (requested size
// rounded up to glibc's 16-byte granularity), not counting glibc's 8-byte chunk header.
#pragma once

#include <cstdint>

namespace tlspp::bench::alloc {

struct Snapshot {
  std::uint64_t calls = 0;      // allocating calls so far (malloc, calloc, realloc, aligned)
  std::int64_t live_bytes = 0;  // usable bytes allocated and not yet freed
};

// The counters now. Valid from before main(); single thread assumed but atomics are used.
Snapshot now();

}  // namespace tlspp::bench::alloc
