// RecordLayer skipping rejected 0-RTT data (RFC 8446 §4.2.10).
#include <gtest/gtest.h>

#include "record/record_layer.h"
#include "unit/record/record_layer_test_util.h"

namespace tlspp::record {
namespace {

using testing::ByteVec;
using testing::concat;
using testing::expect_error;
using testing::fake_tls13;
using testing::handshake_message;
using testing::plain_record;
using testing::pump;

// `count` application data records of `size` bytes under the client's early traffic key.
ByteVec early_data(int count, std::size_t size) {
  RecordLayer client;
  EXPECT_TRUE(client.set_write_keys(fake_tls13(0xE0, 0xE1)).ok());
  ByteVec wire;
  for (int i = 0; i < count; ++i) {
    EXPECT_TRUE(client.seal_record(ContentType::application_data, ByteVec(size, 0x0D), wire).ok());
  }
  return wire;
}

// The client's Finished under its handshake traffic key.
ByteVec client_finished() {
  RecordLayer client;
  EXPECT_TRUE(client.set_write_keys(fake_tls13(0xC0, 0xC1)).ok());
  client.queue_handshake(handshake_message(HandshakeType::finished, 32));
  ByteVec wire;
  EXPECT_TRUE(client.flush_handshake(wire).ok());
  return wire;
}

TEST(RecordLayerEarlyData, UndecryptableRecordsAreSkippedUntilOneDecrypts) {
  // RFC 8446 §4.2.10: the server skips records that fail to decrypt, up to max_early_data_size.
  RecordLayer server;
  ASSERT_TRUE(server.set_read_keys(fake_tls13(0xC0, 0xC1)).ok());
  server.skip_undecryptable_records(1000);
  auto items = pump(server, concat({early_data(3, 100), client_finished()}));
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].handshake_type, HandshakeType::finished);
  EXPECT_FALSE(server.skipping_undecryptable_records());
  EXPECT_EQ(server.read_sequence(), 1u);  // skipped records used no sequence numbers
}

TEST(RecordLayerEarlyData, SkippingEndsWithTheFirstDecryptedRecord) {
  RecordLayer server;
  ASSERT_TRUE(server.set_read_keys(fake_tls13(0xC0, 0xC1)).ok());
  server.skip_undecryptable_records(1000);
  expect_error(pump(server, concat({client_finished(), early_data(1, 10)})),
               ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
}

TEST(RecordLayerEarlyData, SkippingMoreThanTheLimitIsTooMuchEarlyData) {
  // RFC 8446 §4.2.10: exceeding max_early_data_size MUST be answered with unexpected_message.
  RecordLayer server;
  ASSERT_TRUE(server.set_read_keys(fake_tls13(0xC0, 0xC1)).ok());
  server.skip_undecryptable_records(250);
  // Each record counts its ciphertext minus type byte and tag: 100 bytes. 3 x 100 > 250.
  expect_error(pump(server, early_data(3, 100)), ErrorCode::too_much_early_data,
               AlertDescription::unexpected_message);
}

TEST(RecordLayerEarlyData, ExactlyTheLimitIsAccepted) {
  RecordLayer server;
  ASSERT_TRUE(server.set_read_keys(fake_tls13(0xC0, 0xC1)).ok());
  server.skip_undecryptable_records(300);
  auto items = pump(server, early_data(3, 100));
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  EXPECT_TRUE(items->empty());
}

TEST(RecordLayerEarlyData, EmptySkippedRecordsCountAsRecordsWithoutProgress) {
  RecordLayer server;
  ASSERT_TRUE(server.set_read_keys(fake_tls13(0xC0, 0xC1)).ok());
  server.skip_undecryptable_records(1000);
  expect_error(pump(server, early_data(33, 0)), ErrorCode::too_many_empty_records,
               AlertDescription::unexpected_message);
}

TEST(RecordLayerEarlyData, AfterHelloRetryRequestApplicationDataIsSkippedBeforeKeys) {
  // RFC 8446 §4.2.10: after a HelloRetryRequest the server skips all records of external content
  // type application_data until the second ClientHello.
  RecordLayer server;
  server.set_negotiated_version(ProtocolVersion::tls1_3);
  server.skip_undecryptable_records(1000);
  const ByteVec ch2 = handshake_message(HandshakeType::client_hello, 80);
  auto items = pump(server, concat({early_data(2, 50), plain_record(ContentType::handshake, ch2)}));
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].content, ch2);
  EXPECT_FALSE(server.skipping_undecryptable_records());
}

TEST(RecordLayerEarlyData, WithoutSkippingUndecryptableRecordsAreBadRecordMac) {
  RecordLayer server;
  ASSERT_TRUE(server.set_read_keys(fake_tls13(0xC0, 0xC1)).ok());
  expect_error(pump(server, early_data(1, 10)), ErrorCode::bad_record_mac,
               AlertDescription::bad_record_mac);
}

}  // namespace
}  // namespace tlspp::record
