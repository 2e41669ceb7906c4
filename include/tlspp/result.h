// Result<T>: a value or an Error. tlspp's own small stand-in for std::expected (not available to
// clang with libstdc++ 12). [[nodiscard]]: a failure cannot be dropped silently.
#pragma once

#include <cassert>
#include <new>
#include <type_traits>
#include <utility>
#include <variant>

#include "tlspp/error.h"

namespace tlspp {

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> is ambiguous");

 public:
  using value_type = T;

  Result(const T& value) : v_(std::in_place_index<0>, value) {}
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}
  // Converting construction, e.g. Result<std::unique_ptr<Base>> from std::unique_ptr<Derived>.
  template <class U, std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                          !std::is_same_v<std::decay_t<U>, T> &&
                                          !std::is_same_v<std::decay_t<U>, Error> &&
                                          !std::is_same_v<std::decay_t<U>, Result>,
                                      int> = 0>
  Result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return *std::get_if<0>(&v_);
  }
  const T& value() const& {
    assert(ok());
    return *std::get_if<0>(&v_);
  }
  T&& value() && {
    assert(ok());
    return std::move(*std::get_if<0>(&v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return *std::get_if<1>(&v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*std::get_if<1>(&v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_{};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

}  // namespace tlspp

#define TLSPP_CONCAT_INNER(a, b) a##b
#define TLSPP_CONCAT(a, b) TLSPP_CONCAT_INNER(a, b)

// TLSPP_TRY(expr): evaluate a Status/Result; on failure return its Error from the enclosing
// function.
#define TLSPP_TRY(expr)                                                       \
  do {                                                                        \
    auto&& tlspp_try_result_ = (expr);                                        \
    if (!tlspp_try_result_.ok()) return std::move(tlspp_try_result_).error(); \
  } while (0)

// TLSPP_ASSIGN_OR_RETURN(decl, expr): `decl = std::move(*result)` or return the error.
//   TLSPP_ASSIGN_OR_RETURN(auto share, provider.generate_key_share(group));
#define TLSPP_ASSIGN_OR_RETURN(decl, expr) \
  TLSPP_ASSIGN_OR_RETURN_IMPL(TLSPP_CONCAT(tlspp_result_, __LINE__), decl, expr)
#define TLSPP_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).error();      \
  decl = std::move(tmp).value()
