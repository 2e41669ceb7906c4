// RecordLayer over the OpenSSL provider's AEADs (every algorithm, both versions): round trips and
// tampering, complementing the stand-in-AEAD tests and the fixed vectors.
#include <gtest/gtest.h>

#include "crypto/openssl/openssl_provider.h"
#include "record/record_layer.h"
#include "unit/record/record_layer_test_util.h"

namespace tlspp::record {
namespace {

using testing::ByteVec;
using testing::expect_error;
using testing::pump;
using testing::secret;

crypto::Provider& provider() {
  static const std::shared_ptr<crypto::Provider> p = crypto::openssl::make_provider();
  return *p;
}

constexpr crypto::AeadAlg kAlgs[] = {crypto::AeadAlg::aes_128_gcm, crypto::AeadAlg::aes_256_gcm,
                                     crypto::AeadAlg::chacha20_poly1305};

// A connected pair (writer -> reader) for `version` and `alg` with the same key material.
void install(RecordLayer& writer, RecordLayer& reader, ProtocolVersion version,
             crypto::AeadAlg alg) {
  const std::size_t key = crypto::aead_key_size(alg);
  const std::size_t iv =
      version == ProtocolVersion::tls1_2 && alg != crypto::AeadAlg::chacha20_poly1305 ? 4 : 12;
  if (version == ProtocolVersion::tls1_3) {
    auto w = Tls13RecordProtection::create(provider(), alg, secret(key, 7), secret(iv, 8));
    auto r = Tls13RecordProtection::create(provider(), alg, secret(key, 7), secret(iv, 8));
    ASSERT_TRUE(w.ok() && r.ok());
    ASSERT_TRUE(writer.set_write_keys(std::move(w).value()).ok());
    ASSERT_TRUE(reader.set_read_keys(std::move(r).value()).ok());
  } else {
    auto w = Tls12RecordProtection::create(provider(), alg, secret(key, 7), secret(iv, 8));
    auto r = Tls12RecordProtection::create(provider(), alg, secret(key, 7), secret(iv, 8));
    ASSERT_TRUE(w.ok() && r.ok());
    ASSERT_TRUE(writer.set_write_keys(std::move(w).value()).ok());
    ASSERT_TRUE(reader.set_read_keys(std::move(r).value()).ok());
  }
}

TEST(RecordLayerRealAead, RoundTripEveryAlgorithmAndVersion) {
  ByteVec data(50000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31);
  for (ProtocolVersion version : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    for (crypto::AeadAlg alg : kAlgs) {
      RecordLayer writer;
      RecordLayer reader;
      install(writer, reader, version, alg);
      ByteVec wire;
      ASSERT_TRUE(writer.seal_records(ContentType::application_data, data, wire).ok());
      auto items = pump(reader, wire, 1000);
      ASSERT_TRUE(items.ok()) << items.error().to_string();
      ByteVec received;
      for (const auto& item : *items) {
        received.insert(received.end(), item.content.begin(), item.content.end());
      }
      EXPECT_EQ(received, data) << crypto::name_of(alg);
      EXPECT_EQ(reader.read_sequence(), 4u);
    }
  }
}

TEST(RecordLayerRealAead, FlippedBitIsBadRecordMacForEveryAlgorithmAndVersion) {
  for (ProtocolVersion version : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    for (crypto::AeadAlg alg : kAlgs) {
      RecordLayer writer;
      RecordLayer reader;
      install(writer, reader, version, alg);
      ByteVec wire;
      ASSERT_TRUE(writer.seal_record(ContentType::application_data, ByteVec(100, 1), wire).ok());
      wire[wire.size() / 2] ^= 0x04;
      expect_error(pump(reader, wire), ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
    }
  }
}

TEST(RecordLayerRealAead, KeyOfTheWrongSizeIsInvalidArgument) {
  expect_error(Tls13RecordProtection::create(provider(), crypto::AeadAlg::aes_256_gcm,
                                             secret(16, 1), secret(12, 2)),
               ErrorCode::invalid_argument, AlertDescription::internal_error);
  expect_error(Tls12RecordProtection::create(provider(), crypto::AeadAlg::aes_128_gcm,
                                             secret(16, 1), secret(12, 2)),
               ErrorCode::invalid_argument, AlertDescription::internal_error);
}

// release_memory() frees both directions' AEADs; the next record re-keys them from the kept keys
// and the records are the same bytes a never-released pair produces.
TEST(RecordLayerRealAead, ReleasedAeadsAreRekeyedForTheNextRecord) {
  const ByteVec data(3000, 0x42);
  for (ProtocolVersion version : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    for (crypto::AeadAlg alg : kAlgs) {
      RecordLayer writer, reader, kept_writer, kept_reader;
      install(writer, reader, version, alg);
      install(kept_writer, kept_reader, version, alg);
      for (int round = 0; round < 3; ++round) {
        writer.release_memory();
        reader.release_memory();
        EXPECT_FALSE(writer.write_aead_held());
        EXPECT_FALSE(reader.read_aead_held());
        ByteVec wire, kept_wire;
        ASSERT_TRUE(writer.seal_records(ContentType::application_data, data, wire).ok());
        ASSERT_TRUE(kept_writer.seal_records(ContentType::application_data, data, kept_wire).ok());
        EXPECT_TRUE(writer.write_aead_held());
        EXPECT_EQ(wire, kept_wire) << crypto::name_of(alg) << " round " << round;
        auto items = pump(reader, wire, 700);
        ASSERT_TRUE(items.ok()) << items.error().to_string();
        EXPECT_TRUE(reader.read_aead_held());
        ByteVec received;
        for (const auto& item : *items) {
          received.insert(received.end(), item.content.begin(), item.content.end());
        }
        EXPECT_EQ(received, data) << crypto::name_of(alg) << " round " << round;
        EXPECT_EQ(reader.read_sequence(), writer.write_sequence());
      }
    }
  }
}

// A stand-in AEAD (no key kept) cannot be re-keyed: release_memory() leaves it in place.
ByteVec data_of(std::size_t n) { return ByteVec(n, 0x33); }

TEST(RecordLayerRealAead, AeadWithoutKeyIsKeptByRelease) {
  auto aead = provider().new_aead(crypto::AeadAlg::aes_128_gcm, ByteVec(16, 1));
  ASSERT_TRUE(aead.ok());
  auto p = Tls13RecordProtection::from_aead(std::move(aead).value(), secret(12, 2));
  ASSERT_TRUE(p.ok());
  RecordLayer writer;
  ASSERT_TRUE(writer.set_write_keys(std::move(p).value()).ok());
  writer.release_memory();
  EXPECT_TRUE(writer.write_aead_held());
  ByteVec wire;
  EXPECT_TRUE(writer.seal_record(ContentType::application_data, data_of(5), wire).ok());
  EXPECT_EQ(wire.size(), 5u + 5u + 1u + 16u);
}

}  // namespace
}  // namespace tlspp::record
