#include "msgs/server_key_exchange.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::concat;
using testing::encoded;
using testing::hex;

ServerKeyExchangeEcdhe sample() {
  return ServerKeyExchangeEcdhe{NamedGroup::x25519, ByteVector(32, 0x9F),
                                SignatureScheme::rsa_pss_rsae_sha256, ByteVector(256, 0x5B)};
}

// RFC 8422 §5.4: curve_type named_curve(3), NamedCurve, ECPoint<1..2^8-1>, then the signature.
TEST(ServerKeyExchange, EncodesRfc8422Layout) {
  const ByteVector body = encoded(sample());
  const ByteVector params = concat(hex("03 001d 20"), ByteVector(32, 0x9F));
  EXPECT_EQ(ByteVector(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(params.size())),
            params);
  EXPECT_EQ(ByteVector(body.begin() + static_cast<std::ptrdiff_t>(params.size()),
                       body.begin() + static_cast<std::ptrdiff_t>(params.size()) + 4),
            hex("0804 0100"));
  EXPECT_TRUE(testing::round_trips(sample()));
}

// RFC 5246 §7.4.3: the signature covers ClientHello.random + ServerHello.random + params.
TEST(ServerKeyExchange, SignedDataIsRandomsThenParams) {
  Random client{}, server{};
  client.fill(0xC1);
  server.fill(0x5E);
  auto signed_data = sample().signed_data(client, server);
  ASSERT_TRUE(signed_data.ok());
  const ByteVector expected = concat(concat(ByteVector(32, 0xC1), ByteVector(32, 0x5E)),
                                     concat(hex("03 001d 20"), ByteVector(32, 0x9F)));
  EXPECT_EQ(*signed_data, expected);
}

// RFC 8422 §5.4: explicit curves are deprecated.
TEST(ServerKeyExchange, ExplicitCurveTypeIsIllegalParameter) {
  ByteVector body = encoded(sample());
  body[0] = 1;
  EXPECT_FAILS_WITH(ServerKeyExchangeEcdhe::decode(body), ErrorCode::bad_value,
                    AlertDescription::illegal_parameter);
}

TEST(ServerKeyExchange, MalformedIsDecodeError) {
  EXPECT_FAILS_WITH(ServerKeyExchangeEcdhe::decode(hex("03 001d 00 0804 0000")),
                    ErrorCode::empty_list, AlertDescription::decode_error);
  const ByteVector body = encoded(sample());
  for (std::size_t n = 0; n < body.size(); ++n) {
    EXPECT_FAILS_WITH(ServerKeyExchangeEcdhe::decode(Bytes(body).first(n)), ErrorCode::truncated,
                      AlertDescription::decode_error);
  }
}

}  // namespace
}  // namespace tlspp::msgs
