#include "msgs/encrypted_extensions.h"

#include <gtest/gtest.h>

#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::encoded;
using testing::rfc8448_message;

// RFC 8448 §3: the server's EncryptedExtensions (plaintext, before record protection).
TEST(EncryptedExtensions, DecodesRfc8448SimpleHandshakeMessage) {
  const ByteVector message = rfc8448_message("3", "", "EncryptedExtensions");
  ASSERT_EQ(message.size(), 40u);
  auto ee = EncryptedExtensions::decode(body_of(message));
  ASSERT_TRUE(ee.ok()) << ee.error().to_string();
  ASSERT_EQ(ee->extensions.entries.size(), 3u);
  auto groups = SupportedGroups::decode(ee->extensions.find(ExtensionType::supported_groups)->body);
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(groups->groups.size(), 9u);
  EXPECT_EQ(groups->groups.front(), NamedGroup::x25519);
  auto limit = RecordSizeLimit::decode(ee->extensions.find(ExtensionType::record_size_limit)->body);
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(limit->limit, 0x4001);
  // The server's server_name acknowledgement is empty.
  EXPECT_TRUE(ee->extensions.find(ExtensionType::server_name)->body.empty());
  auto again = encode_handshake(*ee);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

TEST(EncryptedExtensions, RoundTripsAlpnAndEarlyData) {
  EncryptedExtensions ee;
  ee.extensions.entries.push_back(*make_extension(AlpnProtocols{{"h2"}}));
  ee.extensions.entries.push_back(*make_extension(ExtensionType::early_data, EmptyExtension{}));
  EXPECT_TRUE(testing::round_trips(ee));
  EXPECT_TRUE(testing::round_trips(EncryptedExtensions{}));
}

// RFC 8446 §4.2: key_share is CH/SH/HRR only; in EncryptedExtensions it is illegal_parameter.
TEST(EncryptedExtensions, KeyShareIsForbidden) {
  EncryptedExtensions ee;
  ee.extensions.entries.push_back(Extension{ExtensionType::key_share, {0, 0x1d, 0, 1, 1}});
  EXPECT_FAILS_WITH(EncryptedExtensions::decode(encoded(ee)), ErrorCode::forbidden_extension,
                    AlertDescription::illegal_parameter);
}

TEST(EncryptedExtensions, TruncatedOrTrailingIsDecodeError) {
  EXPECT_FAILS_WITH(EncryptedExtensions::decode(ByteVector{0}), ErrorCode::truncated,
                    AlertDescription::decode_error);
  EXPECT_FAILS_WITH(EncryptedExtensions::decode(ByteVector{0, 0, 0}), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
