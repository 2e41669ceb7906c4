// Every record of the RFC 8448 traces, byte for byte, over the OpenSSL provider's AES-128-GCM
// (RFC 8446 §5.2-§5.4). All values are read from shared/specs/rfc8448-draft-vectors.txt.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "codec/hex.h"
#include "crypto/openssl/openssl_provider.h"
#include "record/record_layer.h"
#include "record/tls13_protection.h"
#include "unit/record/record_layer_test_util.h"
#include "unit/record/rfc8448_trace_events.h"

namespace tlspp::record {
namespace {

using testing::ByteVec;
using testing::pump;
using testing::TraceEvent;

const std::vector<TraceEvent>& events() {
  static const std::vector<TraceEvent> all = testing::read_rfc8448_events(testing::rfc8448_path());
  return all;
}

crypto::Provider& provider() {
  static const std::shared_ptr<crypto::Provider> p = crypto::openssl::make_provider();
  return *p;
}

// Every trace suite is TLS_AES_128_GCM_SHA256.
Tls13RecordProtection protection(const ByteVec& key, const ByteVec& iv) {
  auto p = Tls13RecordProtection::create(provider(), crypto::AeadAlg::aes_128_gcm,
                                         codec::SecretBytes(key), codec::SecretBytes(iv));
  EXPECT_TRUE(p.ok()) << p.error().to_string();
  return std::move(p).value();
}

const TraceEvent* find_event(std::string_view section, std::string_view actor,
                             std::string_view action, std::size_t occurrence = 0) {
  for (const auto& e : events()) {
    if (e.section == section && e.actor == actor && e.action.starts_with(action)) {
      if (occurrence-- == 0) return &e;
    }
  }
  return nullptr;
}

TEST(Rfc8448Records, Section3ServerEncryptedFlightByteForByte) {
  // RFC 8448 §3: EncryptedExtensions..Finished in one record under the server handshake key.
  const TraceEvent* keys =
      find_event("3", "server", "derive write traffic keys for handshake data");
  const TraceEvent* flight = find_event("3", "server", "send handshake record:", 1);
  ASSERT_NE(keys, nullptr);
  ASSERT_NE(flight, nullptr);
  const ByteVec& payload = *flight->value("payload");
  const ByteVec& wire = *flight->value("complete record");
  ASSERT_EQ(payload.size(), 657u);
  ASSERT_EQ(wire.size(), 679u);

  // The key and IV derived through the provider from the server handshake traffic secret (the
  // event's PRK) are the trace's (RFC 8446 §7.3).
  const ByteVec& secret = *keys->value("PRK");
  auto key = crypto::hkdf_expand_label(provider(), crypto::HashAlg::sha256, secret, "key", {}, 16);
  auto iv = crypto::hkdf_expand_label(provider(), crypto::HashAlg::sha256, secret, "iv", {}, 12);
  ASSERT_TRUE(key.ok() && iv.ok());
  EXPECT_EQ(codec::to_hex(key->span()), codec::to_hex(*keys->value("key expanded")));
  EXPECT_EQ(codec::to_hex(iv->span()), codec::to_hex(*keys->value("iv expanded")));

  auto writer = Tls13RecordProtection::create(provider(), crypto::AeadAlg::aes_128_gcm,
                                              std::move(key).value(), std::move(iv).value());
  ASSERT_TRUE(writer.ok());
  ByteVec sealed(Tls13RecordProtection::sealed_size(payload.size(), 0));
  std::copy(payload.begin(), payload.end(), sealed.begin() + kHeaderSize);
  ASSERT_TRUE(writer->seal_in_place(ContentType::handshake, sealed, payload.size()).ok());
  EXPECT_EQ(codec::to_hex(sealed), codec::to_hex(wire));

  auto reader = protection(*keys->value("key expanded"), *keys->value("iv expanded"));
  ByteVec received = wire;
  auto opened =
      reader.open(Bytes(received).first(kHeaderSize), MutableBytes(received).subspan(kHeaderSize));
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::handshake);
  EXPECT_EQ(codec::to_hex(opened->content), codec::to_hex(payload));
}

TEST(Rfc8448Records, Section3ApplicationDataRecordsByteForByte) {
  // RFC 8448 §3: the client's first application data record (client application key, sequence 0)
  // and the server's (server application key, sequence 1: the NewSessionTicket record was 0).
  const TraceEvent* client_keys =
      find_event("3", "client", "derive write traffic keys for application data");
  const TraceEvent* server_keys =
      find_event("3", "server", "derive write traffic keys for application data");
  const TraceEvent* client_data = find_event("3", "client", "send application_data record:");
  const TraceEvent* server_data = find_event("3", "server", "send application_data record:");
  ASSERT_TRUE(client_keys && server_keys && client_data && server_data);

  struct Case {
    const TraceEvent* keys;
    const TraceEvent* record;
    std::uint64_t seq;
  };
  for (const Case& c : {Case{client_keys, client_data, 0}, Case{server_keys, server_data, 1}}) {
    const ByteVec& payload = *c.record->value("payload");
    const ByteVec& wire = *c.record->value("complete record");
    auto writer = protection(*c.keys->value("key expanded"), *c.keys->value("iv expanded"));
    writer.set_sequence_for_testing(c.seq);
    ByteVec sealed(Tls13RecordProtection::sealed_size(payload.size(), 0));
    std::copy(payload.begin(), payload.end(), sealed.begin() + kHeaderSize);
    ASSERT_TRUE(writer.seal_in_place(ContentType::application_data, sealed, payload.size()).ok());
    EXPECT_EQ(codec::to_hex(sealed), codec::to_hex(wire)) << c.record->actor;

    auto reader = protection(*c.keys->value("key expanded"), *c.keys->value("iv expanded"));
    reader.set_sequence_for_testing(c.seq);
    ByteVec received = wire;
    auto opened = reader.open(Bytes(received).first(kHeaderSize),
                              MutableBytes(received).subspan(kHeaderSize));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, ContentType::application_data);
    EXPECT_EQ(codec::to_hex(opened->content), codec::to_hex(payload));

    // The same record one sequence number off does not authenticate.
    auto off_by_one = protection(*c.keys->value("key expanded"), *c.keys->value("iv expanded"));
    off_by_one.set_sequence_for_testing(c.seq + 1);
    ByteVec again = wire;
    auto bad =
        off_by_one.open(Bytes(again).first(kHeaderSize), MutableBytes(again).subspan(kHeaderSize));
    testing::expect_error(bad, ErrorCode::bad_record_mac, AlertDescription::bad_record_mac);
  }
}

// Replays every record of one section through RecordLayers: for each sender a writing layer
// (whose output must equal the trace's "complete record") and the peer's reading layer (which must
// give back the "payload"). Keys are installed where the trace derives the sender's write keys;
// values printed only on the peer's side ("same as ...") are taken from there.
struct ReplayCounts {
  int plaintext = 0;
  int protected_records = 0;
  int change_cipher_spec = 0;
};

ReplayCounts replay(std::string_view section) {
  ReplayCounts counts;
  struct Side {
    RecordLayer writer;
    RecordLayer peer_reader;
    bool sent = false;
  };
  std::map<std::string, Side> sides;
  for (const char* actor : {"client", "server"}) {
    sides[actor].peer_reader.allow_tls13_compat_ccs(true);  // RFC 8448 §7 sends them
  }
  sides["server"].writer.set_negotiated_version(ProtocolVersion::tls1_3);
  // (writer, epoch) -> key, iv
  std::map<std::pair<std::string, std::string>, std::pair<ByteVec, ByteVec>> learned;

  const auto epoch_of = [](std::string_view action) {
    std::string_view rest = action.substr(action.find("traffic keys for ") + 17);
    return std::string(rest.substr(0, std::min(rest.find(':'), rest.find(" ("))));
  };
  for (const auto& e : events()) {
    if (e.section != section) continue;
    const std::string peer = e.actor == "client" ? "server" : "client";
    if (e.action.starts_with("derive read traffic keys for ") && e.value("key expanded")) {
      learned[{peer, epoch_of(e.action)}] = {*e.value("key expanded"), *e.value("iv expanded")};
      continue;
    }
    if (e.action.starts_with("derive write traffic keys for ")) {
      const auto at = std::make_pair(e.actor, epoch_of(e.action));
      if (e.value("key expanded"))
        learned[at] = {*e.value("key expanded"), *e.value("iv expanded")};
      if (!learned.count(at)) {
        ADD_FAILURE() << "§" << section << ": no keys for " << e.actor << " " << at.second;
        continue;
      }
      Side& side = sides[e.actor];
      EXPECT_TRUE(
          side.writer.set_write_keys(protection(learned[at].first, learned[at].second)).ok());
      EXPECT_TRUE(
          side.peer_reader.set_read_keys(protection(learned[at].first, learned[at].second)).ok());
      continue;
    }
    if (!e.action.starts_with("send ")) continue;
    const ByteVec* payload = e.value("payload");
    const ByteVec* wire = e.value("complete record");
    if (payload == nullptr || wire == nullptr) {
      ADD_FAILURE() << "§" << section << ": " << e.actor << " " << e.action << " lacks values";
      continue;
    }
    ContentType type = ContentType::handshake;
    if (e.action.starts_with("send application_data")) type = ContentType::application_data;
    if (e.action.starts_with("send alert")) type = ContentType::alert;
    if (e.action.starts_with("send change_cipher_spec")) type = ContentType::change_cipher_spec;

    Side& side = sides[e.actor];
    ByteVec sealed;
    Status s = side.writer.seal_record(type, *payload, sealed);
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_EQ(codec::to_hex(sealed), codec::to_hex(*wire))
        << "§" << section << " " << e.actor << " " << e.action;
    // After its initial ClientHello, a client writes 0x0303 (RFC 8446 §5.1).
    side.writer.set_negotiated_version(ProtocolVersion::tls1_3);

    auto items = pump(side.peer_reader, *wire);
    EXPECT_TRUE(items.ok()) << "§" << section << " " << e.actor << " " << e.action << ": "
                            << items.error().to_string();
    if (!items.ok()) continue;
    if (type == ContentType::change_cipher_spec) {
      EXPECT_TRUE(items->empty());  // RFC 8446 §5: dropped
      ++counts.change_cipher_spec;
      continue;
    }
    ByteVec received;
    for (const auto& item : *items) {
      EXPECT_EQ(item.type, type);
      received.insert(received.end(), item.content.begin(), item.content.end());
    }
    EXPECT_EQ(codec::to_hex(received), codec::to_hex(*payload))
        << "§" << section << " " << e.actor << " " << e.action;
    if ((*wire)[0] == 23) {
      ++counts.protected_records;
    } else {
      ++counts.plaintext;
    }
  }
  return counts;
}

TEST(Rfc8448Records, Section3Simple1RttEveryRecord) {
  const ReplayCounts c = replay("3");
  // ClientHello, ServerHello; server flight, client Finished, NewSessionTicket, two application
  // data records and two close_notify alerts.
  EXPECT_EQ(c.plaintext, 2);
  EXPECT_EQ(c.protected_records, 7);
}

TEST(Rfc8448Records, Section4Resumed0RttEveryRecord) {
  const ReplayCounts c = replay("4");
  // ClientHello, ServerHello; early data, server flight, EndOfEarlyData, client Finished, two
  // application data records and two alerts.
  EXPECT_EQ(c.plaintext, 2);
  EXPECT_EQ(c.protected_records, 8);
}

TEST(Rfc8448Records, Section5HelloRetryRequestEveryRecord) {
  const ReplayCounts c = replay("5");
  // ClientHello, HelloRetryRequest, second ClientHello, ServerHello; server flight, client
  // Finished and two alerts.
  EXPECT_EQ(c.plaintext, 4);
  EXPECT_EQ(c.protected_records, 4);
}

TEST(Rfc8448Records, Section6ClientAuthenticationEveryRecord) {
  const ReplayCounts c = replay("6");
  // ClientHello, ServerHello; server flight, client flight (Certificate..Finished) and two alerts.
  EXPECT_EQ(c.plaintext, 2);
  EXPECT_EQ(c.protected_records, 4);
}

TEST(Rfc8448Records, Section7CompatibilityModeEveryRecord) {
  const ReplayCounts c = replay("7");
  // RFC 8446 App. D.4: both sides send a plaintext change_cipher_spec, which the peer drops.
  EXPECT_EQ(c.change_cipher_spec, 2);
  EXPECT_EQ(c.protected_records, 4);  // server flight, client Finished, two alerts
  EXPECT_EQ(c.plaintext, 2);
}

}  // namespace
}  // namespace tlspp::record
