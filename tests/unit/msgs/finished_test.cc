#include "msgs/finished.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::rfc8448_message;

// RFC 8448 §3: the server's Finished carries the HMAC computed as "finished" in the trace.
TEST(Finished, DecodesRfc8448ServerFinished) {
  const ByteVector message = rfc8448_message("3", "{server}  construct a Finished", "Finished");
  ASSERT_EQ(message.size(), 36u);
  auto finished = Finished::decode(body_of(message), 32);
  ASSERT_TRUE(finished.ok()) << finished.error().to_string();
  auto expected = test::rfc8448::find("3", "{server}  calculate finished", "finished");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(finished->verify_data, *expected);
  auto again = encode_handshake(*finished);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// The length comes from the negotiated hash (RFC 8446 §4.4.4) or is 12 in TLS 1.2.
TEST(Finished, WrongLengthIsDecodeError) {
  const ByteVector message = rfc8448_message("3", "{server}  construct a Finished", "Finished");
  EXPECT_FAILS_WITH(Finished::decode(body_of(message), 48), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(Finished::decode(body_of(message), kTls12VerifyDataLength),
                    ErrorCode::trailing_data, AlertDescription::decode_error);
  EXPECT_TRUE(testing::round_trips(Finished{ByteVector(12, 0xF1)}, kTls12VerifyDataLength));
}

}  // namespace
}  // namespace tlspp::msgs
