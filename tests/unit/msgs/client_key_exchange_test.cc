#include "msgs/client_key_exchange.h"

#include <gtest/gtest.h>

#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::hex;

TEST(ClientKeyExchange, RoundTripsBothForms) {
  EXPECT_TRUE(testing::round_trips(ClientKeyExchangeEcdhe{ByteVector(65, 0x04)}));
  EXPECT_TRUE(testing::round_trips(ClientKeyExchangeRsa{ByteVector(256, 0x11)}));
}

// The same bytes mean different things depending on the negotiated key exchange.
TEST(ClientKeyExchange, DecoderTakesTheExpectedKind) {
  const ByteVector ecdhe_body = hex("02 aabb");
  auto ecdhe = decode_client_key_exchange(ecdhe_body, KeyExchangeKind::ecdhe);
  ASSERT_TRUE(ecdhe.ok());
  ASSERT_TRUE(std::holds_alternative<ClientKeyExchangeEcdhe>(*ecdhe));
  EXPECT_EQ(std::get<ClientKeyExchangeEcdhe>(*ecdhe).public_point, hex("aabb"));
  EXPECT_FAILS_WITH(decode_client_key_exchange(ecdhe_body, KeyExchangeKind::rsa),
                    ErrorCode::truncated, AlertDescription::decode_error);

  const ByteVector rsa_body = hex("0002 aabb");
  auto rsa = decode_client_key_exchange(rsa_body, KeyExchangeKind::rsa);
  ASSERT_TRUE(rsa.ok());
  ASSERT_TRUE(std::holds_alternative<ClientKeyExchangeRsa>(*rsa));
  EXPECT_EQ(std::get<ClientKeyExchangeRsa>(*rsa).encrypted_pre_master_secret, hex("aabb"));
}

// RFC 8422 §5.7: ECPoint point<1..2^8-1>.
TEST(ClientKeyExchange, EmptyPointIsDecodeError) {
  EXPECT_FAILS_WITH(ClientKeyExchangeEcdhe::decode(hex("00")), ErrorCode::empty_list,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(ClientKeyExchangeRsa::decode(hex("0001 aa bb")), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
