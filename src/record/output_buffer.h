// OutputBuffer: the byte vector sealed records are appended to.
//
// A std::vector<std::uint8_t> zero-fills what resize() adds; records are sealed straight into the
// added bytes, so the fill would only be overwritten. This vector's allocator default-initialises
// instead (no fill): resize() to append room for a record costs nothing while the capacity
// suffices, and clear() keeps the capacity, so steady-state writes neither allocate nor touch the
// bytes twice. Everything else is std::vector.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace tlspp::record {

template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}  // NOLINT: allocator rebind

  // Value-initialisation (what resize() asks for) becomes default-initialisation.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using OutputBuffer = std::vector<std::uint8_t, DefaultInitAllocator<std::uint8_t>>;

}  // namespace tlspp::record
