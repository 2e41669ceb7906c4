// Shared helpers for the msgs unit tests: hex literals, exact-failure assertions and round trips.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

#include "codec/hex.h"
#include "codec/writer.h"
#include "msgs/handshake_header.h"
#include "msgs/vectors.h"
#include "support/rfc8448.h"
#include "tlspp/result.h"

namespace tlspp {
// gtest printers, so failures name codes and alerts instead of dumping bytes.
inline void PrintTo(ErrorCode code, std::ostream* os) { *os << name_of(code); }
inline void PrintTo(AlertDescription alert, std::ostream* os) { *os << name_of(alert); }
}  // namespace tlspp

namespace tlspp::msgs::testing {

// Bytes from hex text (white space ignored); fails the test on bad hex.
inline ByteVector hex(std::string_view text) {
  auto bytes = codec::from_hex(text);
  EXPECT_TRUE(bytes.has_value()) << "bad hex in test: " << text;
  return bytes.value_or(ByteVector{});
}

// The body written by `value.encode(w)`.
template <class T>
ByteVector encoded(const T& value) {
  auto bytes = encode_with([&](codec::Writer& w) { value.encode(w); });
  EXPECT_TRUE(bytes.ok()) << bytes.error().to_string();
  return bytes.ok() ? *bytes : ByteVector{};
}

// `a` followed by `b`.
inline ByteVector concat(Bytes a, Bytes b) {
  ByteVector out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// A handshake message from the RFC 8448 trace, split into header and body.
inline ByteVector rfc8448_message(std::string_view section, std::string_view anchor,
                                  std::string_view label) {
  auto bytes = test::rfc8448::find(section, anchor, label);
  EXPECT_TRUE(bytes.ok()) << bytes.error().to_string();
  return bytes.ok() ? *bytes : ByteVector{};
}

// The body of an encoded handshake message (fails the test if it is not one message).
inline Bytes body_of(const ByteVector& message) {
  auto view = split_handshake_message(message);
  EXPECT_TRUE(view.ok()) << view.error().to_string();
  return view.ok() ? view->body : Bytes{};
}

// Encodes `value`, decodes the bytes with T::decode(bytes, args...), and checks that the result
// equals `value` and re-encodes to the same bytes.
template <class T, class... Args>
::testing::AssertionResult round_trips(const T& value, const Args&... args) {
  const ByteVector bytes = encoded(value);
  auto decoded = T::decode(bytes, args...);
  if (!decoded.ok()) {
    return ::testing::AssertionFailure()
           << "decode of " << codec::to_hex(bytes) << " failed: " << decoded.error().to_string();
  }
  if (!(*decoded == value)) {
    return ::testing::AssertionFailure() << "decoded value differs from the encoded one";
  }
  const ByteVector again = encoded(*decoded);
  if (again != bytes) {
    return ::testing::AssertionFailure()
           << "re-encoded " << codec::to_hex(again) << " != " << codec::to_hex(bytes);
  }
  return ::testing::AssertionSuccess();
}

}  // namespace tlspp::msgs::testing

// The expression yields a Result that failed with exactly `code_` and alert `alert_`.
#define EXPECT_FAILS_WITH(expr, code_, alert_)                                   \
  do {                                                                           \
    const auto& tlspp_r_ = (expr);                                               \
    ASSERT_FALSE(tlspp_r_.ok()) << #expr " succeeded";                           \
    EXPECT_EQ(tlspp_r_.error().code, (code_)) << tlspp_r_.error().to_string();   \
    EXPECT_EQ(tlspp_r_.error().alert, (alert_)) << tlspp_r_.error().to_string(); \
  } while (0)
