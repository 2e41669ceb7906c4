#include "alloc_counter.h"

#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>

// glibc's own allocator entry points, exported for exactly this use (GLIBC_2.2.5).
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* block, std::size_t size) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;
void __libc_free(void* block) noexcept;
}

namespace tlspp::bench::alloc {
namespace {

// Constant-initialized, so they work for allocations made before any constructor runs.
std::atomic<std::uint64_t> g_calls{0};
std::atomic<std::int64_t> g_live_bytes{0};

void count_allocation(void* block) {
  if (block == nullptr) return;
  g_calls.fetch_add(1, std::memory_order_relaxed);
  g_live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(block)),
                         std::memory_order_relaxed);
}

void count_free(void* block) {
  if (block == nullptr) return;
  g_live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(block)),
                         std::memory_order_relaxed);
}

void* aligned(std::size_t alignment, std::size_t size) {
  void* block = __libc_memalign(alignment, size);
  count_allocation(block);
  return block;
}

}  // namespace

Snapshot now() {
  return {g_calls.load(std::memory_order_relaxed), g_live_bytes.load(std::memory_order_relaxed)};
}

}  // namespace tlspp::bench::alloc

using tlspp::bench::alloc::aligned;
using tlspp::bench::alloc::count_allocation;
using tlspp::bench::alloc::count_free;

extern "C" {

void* malloc(std::size_t size) noexcept {
  void* block = __libc_malloc(size);
  count_allocation(block);
  return block;
}

void* calloc(std::size_t count, std::size_t size) noexcept {
  void* block = __libc_calloc(count, size);
  count_allocation(block);
  return block;
}

void free(void* block) noexcept {
  count_free(block);
  __libc_free(block);
}

void* realloc(void* block, std::size_t size) noexcept {
  if (block == nullptr) return malloc(size);
  if (size == 0) {  // glibc frees the block and returns null
    free(block);
    return nullptr;
  }
  const auto old_bytes = static_cast<std::int64_t>(malloc_usable_size(block));
  void* moved = __libc_realloc(block, size);
  if (moved == nullptr) return nullptr;  // the old block is untouched
  tlspp::bench::alloc::g_live_bytes.fetch_sub(old_bytes, std::memory_order_relaxed);
  count_allocation(moved);
  return moved;
}

void* reallocarray(void* block, std::size_t count, std::size_t size) noexcept {
  std::size_t total = 0;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(block, total);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
  return aligned(alignment, size);
}

void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  return aligned(alignment, size);
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* block = aligned(alignment, size);
  if (block == nullptr) return ENOMEM;
  *out = block;
  return 0;
}

void* valloc(std::size_t size) noexcept {
  return aligned(static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), size);
}

void* pvalloc(std::size_t size) noexcept {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return aligned(page, (size + page - 1) / page * page);
}

}  // extern "C"
