// RecordLayer over the stand-in AEAD: the per-record rules of RFC 8446 §5 / RFC 5246 §6.2 and the
// plumbing between deframer, protection, reassembler and fragmenter.
#include "record/record_layer.h"

#include <gtest/gtest.h>

#include "unit/record/record_layer_test_util.h"

namespace tlspp::record {
namespace {

using testing::bytes;
using testing::ByteVec;
using testing::concat;
using testing::expect_error;
using testing::fake_tls12;
using testing::fake_tls13;
using testing::handshake_message;
using testing::Item;
using testing::plain_record;
using testing::pump;

TEST(RecordLayer, PlaintextHandshakeRecordYieldsItsMessages) {
  const ByteVec ch = handshake_message(HandshakeType::client_hello, 200, 3);
  RecordLayer layer;
  auto items = pump(layer, plain_record(ContentType::handshake, ch, 0x0301));
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].type, ContentType::handshake);
  EXPECT_EQ((*items)[0].handshake_type, HandshakeType::client_hello);
  EXPECT_EQ((*items)[0].content, ch);
  EXPECT_EQ((*items)[0].body, ByteVec(200, 3));
}

TEST(RecordLayer, ByteAtATimeThroughProtectedRecords) {
  RecordLayer writer;
  RecordLayer reader;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  const ByteVec ee = handshake_message(HandshakeType::encrypted_extensions, 30);
  const ByteVec fin = handshake_message(HandshakeType::finished, 32);
  ByteVec wire;
  writer.queue_handshake(ee);
  writer.queue_handshake(fin);
  ASSERT_TRUE(writer.flush_handshake(wire).ok());
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, bytes({'h', 'i'}), wire).ok());
  auto items = pump(reader, wire, 1);
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].content, ee);
  EXPECT_EQ((*items)[1].content, fin);
  EXPECT_EQ((*items)[2].type, ContentType::application_data);
  EXPECT_EQ((*items)[2].content, bytes({'h', 'i'}));
  EXPECT_EQ(reader.read_sequence(), 2u);
}

TEST(RecordLayer, EmptyHandshakeOrAlertRecordIsUnexpectedMessage) {
  // RFC 8446 §5.4 (protected) and RFC 5246 §6.2.1 / RFC 8446 §5.1 (plaintext).
  for (ContentType type : {ContentType::handshake, ContentType::alert}) {
    RecordLayer plain;
    expect_error(pump(plain, plain_record(type, {})), ErrorCode::unexpected_message,
                 AlertDescription::unexpected_message);

    auto sealer = fake_tls13();
    ByteVec record(Tls13RecordProtection::sealed_size(0, 5));
    ASSERT_TRUE(sealer.seal_in_place(type, record, 0).ok());
    RecordLayer protected_layer;
    ASSERT_TRUE(protected_layer.set_read_keys(fake_tls13()).ok());
    expect_error(pump(protected_layer, record), ErrorCode::unexpected_message,
                 AlertDescription::unexpected_message);
  }
}

TEST(RecordLayer, ApplicationDataBeforeKeysIsUnexpectedMessage) {
  // RFC 8446 §5.1: Application Data messages are always protected.
  RecordLayer layer;
  expect_error(pump(layer, plain_record(ContentType::application_data, bytes({1}))),
               ErrorCode::unexpected_message, AlertDescription::unexpected_message);
}

TEST(RecordLayer, PlaintextRecordOver2To14IsRecordOverflow) {
  // RFC 8446 §5.1: TLSPlaintext.length MUST NOT exceed 2^14.
  RecordLayer ok;
  const ByteVec max_msg = handshake_message(HandshakeType::certificate, kMaxPlaintext - 4);
  EXPECT_TRUE(pump(ok, plain_record(ContentType::handshake, max_msg)).ok());

  RecordLayer layer;
  const ByteVec big(kMaxPlaintext + 1, 1);
  expect_error(pump(layer, plain_record(ContentType::handshake, big)), ErrorCode::record_overflow,
               AlertDescription::record_overflow);
}

TEST(RecordLayer, Tls13CiphertextOver2To14Plus256IsRecordOverflow) {
  // RFC 8446 §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256.
  RecordLayer layer;
  ASSERT_TRUE(layer.set_read_keys(fake_tls13()).ok());
  ByteVec record(kHeaderSize + kMaxTls13Ciphertext + 1, 0);
  write_header(record, ContentType::application_data, 0x0303, kMaxTls13Ciphertext + 1);
  expect_error(pump(layer, record), ErrorCode::record_overflow, AlertDescription::record_overflow);
}

TEST(RecordLayer, PlaintextRecordAfterTls13KeysIsUnexpectedMessage) {
  RecordLayer layer;
  ASSERT_TRUE(layer.set_read_keys(fake_tls13()).ok());
  expect_error(pump(layer, plain_record(ContentType::alert, bytes({2, 10}))),
               ErrorCode::unexpected_message, AlertDescription::unexpected_message);
}

TEST(RecordLayer, TamperedRecordIsBadRecordMacAndTheErrorIsSticky) {
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, bytes({1, 2, 3}), wire).ok());
  wire[7] ^= 0x80;
  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  expect_error(pump(reader, wire), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
  expect_error(reader.next(), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
  expect_error(reader.feed(bytes({23})), ErrorCode::bad_record_mac,
               AlertDescription::bad_record_mac);
}

TEST(RecordLayer, EmptyApplicationDataRecordsAreCappedAt32InARow) {
  // RFC 8446 §5.1 allows zero-length application data; tlspp caps records without progress.
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  for (int i = 0; i < 32; ++i) {
    ASSERT_TRUE(writer.seal_record(ContentType::application_data, {}, wire).ok());
  }
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, bytes({1}), wire).ok());
  for (int i = 0; i < 32; ++i) {
    ASSERT_TRUE(writer.seal_record(ContentType::application_data, {}, wire).ok());
  }
  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  auto items = pump(reader, wire);
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 1u);  // empty records are not delivered
  EXPECT_EQ(reader.records_without_progress(), 32u);

  ByteVec one_more;
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, {}, one_more).ok());
  expect_error(pump(reader, one_more), ErrorCode::too_many_empty_records,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, ReportedRecordsWithoutProgressShareTheCap) {
  RecordLayerConfig config;
  config.max_records_without_progress = 3;
  RecordLayer layer(config);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(layer.note_record_without_progress().ok());
  expect_error(layer.note_record_without_progress(), ErrorCode::too_many_empty_records,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, HandshakeDataResetsTheProgressCounter) {
  RecordLayerConfig config;
  config.max_records_without_progress = 2;
  RecordLayer layer(config);
  ASSERT_TRUE(layer.note_record_without_progress().ok());
  ASSERT_TRUE(layer.note_record_without_progress().ok());
  ASSERT_TRUE(pump(layer, plain_record(ContentType::handshake,
                                       handshake_message(HandshakeType::client_hello, 5)))
                  .ok());
  EXPECT_EQ(layer.records_without_progress(), 0u);
  EXPECT_TRUE(layer.note_record_without_progress().ok());
}

TEST(RecordLayer, CompatibilityChangeCipherSpecIsDropped) {
  // RFC 8446 §5: a plaintext change_cipher_spec of the single byte 0x01 is dropped, even where
  // protected records are expected.
  RecordLayer layer;
  ASSERT_TRUE(layer.set_read_keys(fake_tls13()).ok());
  layer.allow_tls13_compat_ccs(true);
  auto items = pump(layer, plain_record(ContentType::change_cipher_spec, bytes({1})));
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  EXPECT_TRUE(items->empty());
  EXPECT_EQ(layer.records_without_progress(), 1u);
  EXPECT_EQ(layer.read_sequence(), 0u);
}

TEST(RecordLayer, OtherChangeCipherSpecValuesAreUnexpectedMessage) {
  // RFC 8446 §5: any other change_cipher_spec value MUST abort with unexpected_message.
  for (const ByteVec& content : {bytes({2}), bytes({1, 1}), bytes({0})}) {
    RecordLayer layer;
    layer.set_negotiated_version(ProtocolVersion::tls1_3);
    layer.allow_tls13_compat_ccs(true);
    expect_error(pump(layer, plain_record(ContentType::change_cipher_spec, content)),
                 ErrorCode::unexpected_message, AlertDescription::unexpected_message);
  }
}

TEST(RecordLayer, ChangeCipherSpecOutsideTheWindowIsUnexpectedMessage) {
  // RFC 8446 §5: before the first ClientHello or after the peer's Finished, change_cipher_spec is
  // an unexpected record type.
  RecordLayer layer;
  ASSERT_TRUE(layer.set_read_keys(fake_tls13()).ok());
  layer.allow_tls13_compat_ccs(false);
  expect_error(pump(layer, plain_record(ContentType::change_cipher_spec, bytes({1}))),
               ErrorCode::unexpected_message, AlertDescription::unexpected_message);
}

TEST(RecordLayer, ProtectedChangeCipherSpecIsUnexpectedMessage) {
  // RFC 8446 §5: a protected change_cipher_spec record MUST abort with unexpected_message.
  auto sealer = fake_tls13();
  ByteVec record(Tls13RecordProtection::sealed_size(1, 0));
  record[kHeaderSize] = 1;
  ASSERT_TRUE(sealer.seal_in_place(ContentType::change_cipher_spec, record, 1).ok());
  RecordLayer layer;
  ASSERT_TRUE(layer.set_read_keys(fake_tls13()).ok());
  layer.allow_tls13_compat_ccs(true);
  expect_error(pump(layer, record), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, Tls12ChangeCipherSpecIsDelivered) {
  RecordLayer layer;
  layer.set_negotiated_version(ProtocolVersion::tls1_2);
  auto items = pump(layer, plain_record(ContentType::change_cipher_spec, bytes({1})));
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].type, ContentType::change_cipher_spec);
  EXPECT_EQ((*items)[0].content, bytes({1}));
}

TEST(RecordLayer, Tls12RecordVersionMustBe0x0303) {
  RecordLayer layer;
  layer.set_negotiated_version(ProtocolVersion::tls1_2);
  expect_error(pump(layer, plain_record(ContentType::alert, bytes({1, 0}), 0x0301)),
               ErrorCode::protocol_version, AlertDescription::protocol_version);
}

TEST(RecordLayer, Tls13IgnoresTheRecordVersion) {
  // RFC 8446 §5.1: legacy_record_version MUST be ignored for all purposes.
  RecordLayer layer;
  layer.set_negotiated_version(ProtocolVersion::tls1_3);
  auto items = pump(layer, plain_record(ContentType::handshake,
                                        handshake_message(HandshakeType::server_hello, 4), 0x0301));
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(items->size(), 1u);
}

TEST(RecordLayer, RecordInterleavedIntoAHandshakeMessageIsUnexpectedMessage) {
  // RFC 8446 §5.1: handshake messages MUST NOT be interleaved with other record types.
  const ByteVec msg = handshake_message(HandshakeType::certificate, 40);
  const ByteVec wire = concat({plain_record(ContentType::handshake, Bytes(msg).first(10)),
                               plain_record(ContentType::alert, bytes({2, 40}))});
  RecordLayer layer;
  layer.set_negotiated_version(ProtocolVersion::tls1_3);
  expect_error(pump(layer, wire), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, EmptyApplicationDataInsideAHandshakeMessageIsUnexpectedMessage) {
  // RFC 8446 §5.1: no record of another type between the fragments, not even an empty one.
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  const ByteVec msg = handshake_message(HandshakeType::certificate, 40);
  ByteVec wire;
  ASSERT_TRUE(writer.seal_record(ContentType::handshake, Bytes(msg).first(10), wire).ok());
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, {}, wire).ok());
  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  expect_error(pump(reader, wire), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, Tls12AlertMayInterleaveAHandshakeMessage) {
  // RFC 5246 §6.2.1: data of different content types MAY be interleaved.
  const ByteVec msg = handshake_message(HandshakeType::certificate, 40);
  const ByteVec wire = concat({plain_record(ContentType::handshake, Bytes(msg).first(10)),
                               plain_record(ContentType::alert, bytes({1, 90})),
                               plain_record(ContentType::handshake, Bytes(msg).subspan(10))});
  RecordLayer layer;
  layer.set_negotiated_version(ProtocolVersion::tls1_2);
  auto items = pump(layer, wire);
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].type, ContentType::alert);
  EXPECT_EQ((*items)[1].content, msg);
}

TEST(RecordLayer, Tls12ChangeCipherSpecInsideAHandshakeMessageIsUnexpectedMessage) {
  // The ChangeCipherSpec switches the read keys: a handshake message may not straddle it.
  const ByteVec msg = handshake_message(HandshakeType::finished, 12);
  const ByteVec wire = concat({plain_record(ContentType::handshake, Bytes(msg).first(6)),
                               plain_record(ContentType::change_cipher_spec, bytes({1}))});
  RecordLayer layer;
  layer.set_negotiated_version(ProtocolVersion::tls1_2);
  expect_error(pump(layer, wire), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, KeyChangeWithPartialHandshakeMessageIsUnexpectedMessage) {
  // RFC 8446 §5.1: messages preceding a key change must align with a record boundary.
  const ByteVec sh = handshake_message(HandshakeType::server_hello, 50);
  const ByteVec ee = handshake_message(HandshakeType::encrypted_extensions, 10);
  RecordLayer layer;
  auto items = pump(layer, plain_record(ContentType::handshake,
                                        concat({sh, ByteVec(ee.begin(), ee.begin() + 3)})));
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  expect_error(layer.set_read_keys(fake_tls13()), ErrorCode::unexpected_message,
               AlertDescription::unexpected_message);
  EXPECT_FALSE(layer.read_protected());
}

TEST(RecordLayer, KeyChangeOnARecordBoundaryWorks) {
  const ByteVec sh = handshake_message(HandshakeType::server_hello, 50);
  RecordLayer writer;
  ByteVec wire;
  writer.set_negotiated_version(ProtocolVersion::tls1_3);
  writer.queue_handshake(sh);
  ASSERT_TRUE(writer.flush_handshake(wire).ok());
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  const ByteVec ee = handshake_message(HandshakeType::encrypted_extensions, 10);
  writer.queue_handshake(ee);
  ASSERT_TRUE(writer.flush_handshake(wire).ok());

  RecordLayer reader;
  Bytes rest(wire);
  auto taken = reader.feed(rest);
  ASSERT_TRUE(taken.ok());
  rest = rest.subspan(*taken);
  auto first = reader.next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->handshake_type, HandshakeType::server_hello);
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  auto items = pump(reader, rest);
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].content, ee);
}

TEST(RecordLayer, WriteKeysCannotChangeWithQueuedHandshakeData) {
  RecordLayer layer;
  layer.queue_handshake(handshake_message(HandshakeType::client_hello, 10));
  expect_error(layer.set_write_keys(fake_tls13()), ErrorCode::internal,
               AlertDescription::internal_error);
}

TEST(RecordLayer, HandshakeFlightIsFragmentedAtTheConfiguredSize) {
  RecordLayerConfig config;
  config.max_fragment_size = 100;
  RecordLayer writer(config);
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  const ByteVec cert = handshake_message(HandshakeType::certificate, 246);  // 250 bytes
  const ByteVec fin = handshake_message(HandshakeType::finished, 32);       // 36 bytes
  writer.queue_handshake(cert);
  writer.queue_handshake(fin);
  ByteVec wire;
  ASSERT_TRUE(writer.flush_handshake(wire).ok());
  // 286 bytes -> records of 100, 100, 86 content bytes.
  EXPECT_EQ(wire.size(), 3 * (kHeaderSize + 1 + 16) + 286);
  EXPECT_EQ(writer.write_sequence(), 3u);

  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  auto items = pump(reader, wire);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].content, cert);
  EXPECT_EQ((*items)[1].content, fin);
}

TEST(RecordLayer, SealRecordsSplitsApplicationDataAtMaxPlaintext) {
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls12(crypto::AeadAlg::aes_128_gcm)).ok());
  const ByteVec data(40000, 0xEE);
  ByteVec wire;
  ASSERT_TRUE(writer.seal_records(ContentType::application_data, data, wire).ok());
  EXPECT_EQ(writer.write_sequence(), 3u);  // 16384 + 16384 + 7232
  EXPECT_EQ(wire.size(), 3 * (kHeaderSize + 8 + 16) + data.size());

  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls12(crypto::AeadAlg::aes_128_gcm)).ok());
  auto items = pump(reader, wire);
  ASSERT_TRUE(items.ok()) << items.error().to_string();
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].content.size(), kMaxPlaintext);
  EXPECT_EQ(concat({(*items)[0].content, (*items)[1].content, (*items)[2].content}), data);
}

TEST(RecordLayer, SealRecordRefusesOversizeOrEmptyNonApplicationContent) {
  RecordLayer layer;
  ByteVec out;
  expect_error(layer.seal_record(ContentType::application_data, ByteVec(kMaxPlaintext + 1), out),
               ErrorCode::invalid_argument, AlertDescription::internal_error);
  expect_error(layer.seal_record(ContentType::handshake, {}, out), ErrorCode::invalid_argument,
               AlertDescription::internal_error);
  EXPECT_TRUE(out.empty());
}

TEST(RecordLayer, WriteRecordSizeLimitBoundsTls13InnerPlaintext) {
  // RFC 8449 §4: in TLS 1.3 the limit includes the content type and padding.
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  writer.set_write_record_size_limit(64);
  EXPECT_EQ(writer.max_content_size(ContentType::application_data), 63u);
  ByteVec wire;
  ASSERT_TRUE(writer.seal_records(ContentType::application_data, ByteVec(200, 1), wire).ok());
  EXPECT_EQ(writer.write_sequence(), 4u);  // 63 + 63 + 63 + 11
  // Unprotected records are not subject to the limit.
  EXPECT_EQ(writer.max_content_size(ContentType::change_cipher_spec), kMaxPlaintext);
}

TEST(RecordLayer, WriteRecordSizeLimitBoundsTls12Plaintext) {
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls12(crypto::AeadAlg::chacha20_poly1305)).ok());
  writer.set_write_record_size_limit(64);
  EXPECT_EQ(writer.max_content_size(ContentType::application_data), 64u);
}

TEST(RecordLayer, RecordOverOurAdvertisedLimitIsRecordOverflow) {
  // RFC 8449 §4: a record larger than the advertised limit MUST be answered with record_overflow.
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, ByteVec(64, 1), wire).ok());
  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  reader.set_read_record_size_limit(64);  // inner plaintext here is 65 bytes
  expect_error(pump(reader, wire), ErrorCode::record_overflow, AlertDescription::record_overflow);
}

TEST(RecordLayer, PaddingPolicyPadsToAMultipleOfTheBlock) {
  RecordLayerConfig config;
  config.padding = pad_to_multiple_of(64);
  RecordLayer writer(config);
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, ByteVec(10, 1), wire).ok());
  // content + padding = 64, then type and tag.
  EXPECT_EQ(wire.size(), kHeaderSize + 64 + 1 + 16);
  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  auto items = pump(reader, wire);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].content, ByteVec(10, 1));
}

TEST(RecordLayer, PaddingNeverExceedsTheRecordLimit) {
  RecordLayerConfig config;
  config.padding = pad_to_multiple_of(1000);
  RecordLayer writer(config);
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  ASSERT_TRUE(
      writer.seal_record(ContentType::application_data, ByteVec(kMaxPlaintext, 1), wire).ok());
  EXPECT_EQ(wire.size(), kHeaderSize + kMaxPlaintext + 1 + 16);
}

TEST(RecordLayer, WritesVersion0x0301UntilTheVersionIsNegotiated) {
  // RFC 8446 §5.1: initial ClientHello record SHOULD be 0x0301; everything else 0x0303.
  RecordLayer layer;
  ByteVec wire;
  ASSERT_TRUE(layer.seal_record(ContentType::handshake, bytes({1, 0, 0, 0}), wire).ok());
  EXPECT_EQ(ByteVec(wire.begin(), wire.begin() + 3), bytes({22, 3, 1}));
  layer.set_negotiated_version(ProtocolVersion::tls1_3);
  wire.clear();
  ASSERT_TRUE(layer.seal_record(ContentType::handshake, bytes({1, 0, 0, 0}), wire).ok());
  EXPECT_EQ(ByteVec(wire.begin(), wire.begin() + 3), bytes({22, 3, 3}));
}

TEST(RecordLayer, AlertBeforeTheVersionIsNegotiatedIs0x0303) {
  // RFC 8446 §5.1: only an initial ClientHello may carry 0x0301.
  RecordLayer layer;
  ByteVec wire;
  ASSERT_TRUE(layer.seal_record(ContentType::alert, bytes({2, 40}), wire).ok());
  EXPECT_EQ(wire, bytes({21, 3, 3, 0, 2, 2, 40}));
}

TEST(RecordLayer, Tls13ChangeCipherSpecIsSentInPlaintext) {
  // RFC 8446 §5 / App. D.4: the compatibility change_cipher_spec is never encrypted.
  RecordLayer layer;
  ASSERT_TRUE(layer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  ASSERT_TRUE(layer.seal_record(ContentType::change_cipher_spec, bytes({1}), wire).ok());
  EXPECT_EQ(wire, bytes({20, 3, 3, 0, 1, 1}));
  EXPECT_EQ(layer.write_sequence(), 0u);
}

TEST(RecordLayer, NeedsKeyUpdateFollowsTheWriteKeyLimits) {
  auto protection = fake_tls13();
  protection.set_limits({.key_update_after = 2, .max_records = 10});
  RecordLayer layer;
  ASSERT_TRUE(layer.set_write_keys(std::move(protection)).ok());
  ByteVec wire;
  ASSERT_TRUE(layer.seal_record(ContentType::application_data, bytes({1}), wire).ok());
  EXPECT_FALSE(layer.needs_key_update());
  ASSERT_TRUE(layer.seal_record(ContentType::application_data, bytes({1}), wire).ok());
  EXPECT_TRUE(layer.needs_key_update());
  ASSERT_TRUE(layer.set_write_keys(fake_tls13(0x55, 0x66)).ok());  // KeyUpdate installs new keys
  EXPECT_FALSE(layer.needs_key_update());
  EXPECT_EQ(layer.write_sequence(), 0u);
}

TEST(RecordLayer, SealFailureLeavesTheOutputUntouched) {
  auto protection = fake_tls13();
  protection.set_sequence_for_testing(UINT64_MAX);
  protection.set_limits({});
  RecordLayer layer;
  ASSERT_TRUE(layer.set_write_keys(std::move(protection)).ok());
  ByteVec wire;
  ASSERT_TRUE(layer.seal_record(ContentType::application_data, bytes({1}), wire).ok());
  const ByteVec before = wire;
  expect_error(layer.seal_record(ContentType::application_data, bytes({2}), wire),
               ErrorCode::sequence_exhausted, AlertDescription::internal_error);
  EXPECT_EQ(wire, before);
}

TEST(RecordLayer, PlaintextHttpIsReportedThroughTheLayer) {
  RecordLayer layer;
  expect_error(pump(layer, testing::ascii("GET / HTTP/1.1\r\n\r\n")), ErrorCode::plaintext_http,
               AlertDescription::unexpected_message);
}

TEST(RecordLayer, ZeroCopyInputPath) {
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(fake_tls13()).ok());
  ByteVec wire;
  ASSERT_TRUE(writer.seal_record(ContentType::application_data, ByteVec(1000, 9), wire).ok());
  RecordLayer reader;
  ASSERT_TRUE(reader.set_read_keys(fake_tls13()).ok());
  Bytes rest(wire);
  std::optional<Inbound> got;
  while (!got) {
    MutableBytes space = reader.input_space();
    ASSERT_FALSE(space.empty());
    const std::size_t n = std::min(space.size(), rest.size());
    std::copy(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n), space.begin());
    rest = rest.subspan(n);
    ASSERT_TRUE(reader.commit_input(n).ok());
    auto next = reader.next();
    ASSERT_TRUE(next.ok());
    got = *next;
  }
  EXPECT_EQ(got->content.size(), 1000u);
  EXPECT_TRUE(rest.empty());
}

}  // namespace
}  // namespace tlspp::record
