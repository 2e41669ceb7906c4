#include "tls13_capture.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "codec/hex.h"
#include "handshake/key_schedule13.h"
#include "record/tls13_protection.h"
#include "support/tls_pair.h"

namespace tlspp::test {

Bytes drain(Connection& c) {
  auto out = c.pending_output();
  Bytes bytes(out.begin(), out.end());
  c.consume_output(bytes.size());
  return bytes;
}

void expect_refused(Connection& receiver, Connection& peer, const Bytes& hostile,
                    AlertDescription alert, AlertWire wire, ProtectedAlert shape) {
  auto r = receiver.receive(hostile);
  ASSERT_FALSE(r.ok()) << "the receiver accepted the hostile input";
  ASSERT_TRUE(receiver.error().has_value());
  EXPECT_EQ(receiver.error()->alert, alert) << receiver.error()->to_string();
  // The alert is the receiver's last record (a row may first make it answer legitimately, as the
  // second ClientHello after the first of two HelloRetryRequests).
  const Bytes out = drain(receiver);
  const auto records = split_records(out);
  switch (wire) {
    case AlertWire::none:
      EXPECT_EQ(receiver.error()->code, ErrorCode::peer_alert);
      EXPECT_TRUE(out.empty());
      break;
    case AlertWire::plaintext:
      ASSERT_FALSE(records.empty()) << receiver.error()->to_string();
      EXPECT_EQ(frame(records.back().type, records.back().fragment, records.back().version),
                (Bytes{21, 3, 3, 0, 2, 2, static_cast<std::uint8_t>(alert)}))
          << receiver.error()->to_string();
      break;
    case AlertWire::encrypted: {
      ASSERT_FALSE(records.empty()) << receiver.error()->to_string();
      EXPECT_EQ(records.back().type, shape.type);
      EXPECT_EQ(records.back().fragment.size(), shape.fragment_size);
      auto p = peer.receive(out);
      ASSERT_FALSE(p.ok());
      ASSERT_TRUE(peer.error().has_value());
      EXPECT_EQ(peer.error()->code, ErrorCode::peer_alert) << peer.error()->to_string();
      EXPECT_EQ(peer.error()->alert, alert);
      break;
    }
  }
}

std::vector<RawRecord> split_records(const Bytes& wire) {
  std::vector<RawRecord> out;
  std::size_t at = 0;
  while (at + 5 <= wire.size()) {
    const std::size_t length = static_cast<std::size_t>(wire[at + 3] << 8 | wire[at + 4]);
    if (at + 5 + length > wire.size()) break;
    out.push_back({static_cast<ContentType>(wire[at]),
                   static_cast<std::uint16_t>(wire[at + 1] << 8 | wire[at + 2]),
                   Bytes(wire.begin() + static_cast<std::ptrdiff_t>(at + 5),
                         wire.begin() + static_cast<std::ptrdiff_t>(at + 5 + length))});
    at += 5 + length;
  }
  EXPECT_EQ(at, wire.size()) << "split_records: the input does not end on a record boundary";
  return out;
}

Bytes frame(ContentType type, const Bytes& fragment, std::uint16_t version) {
  Bytes out = {static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(version >> 8),
               static_cast<std::uint8_t>(version), static_cast<std::uint8_t>(fragment.size() >> 8),
               static_cast<std::uint8_t>(fragment.size())};
  out.insert(out.end(), fragment.begin(), fragment.end());
  return out;
}

std::vector<Bytes> split_messages(const Bytes& bytes) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (at + 4 <= bytes.size()) {
    const std::size_t length =
        static_cast<std::size_t>(bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3]);
    if (at + 4 + length > bytes.size()) break;
    out.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                     bytes.begin() + static_cast<std::ptrdiff_t>(at + 4 + length));
    at += 4 + length;
  }
  EXPECT_EQ(at, bytes.size()) << "split_messages: a partial handshake message";
  return out;
}

Bytes join(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes handshake_message(HandshakeType type, const Bytes& body) {
  Bytes out = {static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(body.size() >> 16),
               static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

const Bytes& KeyLog::operator[](const std::string& label) const {
  static const Bytes kNone;
  auto it = secrets.find(label);
  if (it == secrets.end()) {
    ADD_FAILURE() << "no key log line " << label;
    return kNone;
  }
  return it->second;
}

std::shared_ptr<KeyLog> record_keys(CommonConfig& config) {
  auto log = std::make_shared<KeyLog>();
  config.key_log = [log](std::string_view line) {
    // "<label> <client random hex> <secret hex>"
    const std::size_t a = line.find(' ');
    const std::size_t b = line.find(' ', a + 1);
    auto secret = codec::from_hex(line.substr(b + 1));
    if (a == std::string_view::npos || b == std::string_view::npos || !secret) {
      ADD_FAILURE() << "malformed key log line";
      return;
    }
    log->secrets[std::string(line.substr(0, a))] = std::move(*secret);
  };
  return log;
}

struct Protector::Impl {
  std::optional<record::Tls13RecordProtection> protection;
};

Protector::Protector(const Bytes& traffic_secret) : impl_(std::make_unique<Impl>()) {
  crypto::Provider& p = *test_provider();
  auto keys = handshake::traffic_keys(p, crypto::HashAlg::sha256, crypto::AeadAlg::aes_128_gcm,
                                      traffic_secret);
  if (!keys.ok()) {
    ADD_FAILURE() << keys.error().to_string();
    return;
  }
  auto prot = record::Tls13RecordProtection::create(p, crypto::AeadAlg::aes_128_gcm,
                                                    std::move(keys->key), std::move(keys->iv));
  if (!prot.ok()) {
    ADD_FAILURE() << prot.error().to_string();
    return;
  }
  impl_->protection.emplace(std::move(prot).value());
}

Protector::~Protector() = default;
Protector::Protector(Protector&&) noexcept = default;

Bytes Protector::seal(ContentType type, const Bytes& content, std::size_t padding) {
  if (!impl_->protection) return {};
  Bytes record(record::Tls13RecordProtection::sealed_size(content.size(), padding));
  std::copy(content.begin(), content.end(),
            record.begin() + record::Tls13RecordProtection::kContentOffset);
  auto s = impl_->protection->seal_in_place(type, record, content.size());
  if (!s.ok()) {
    ADD_FAILURE() << s.error().to_string();
    return {};
  }
  return record;
}

std::optional<std::pair<ContentType, Bytes>> Protector::open(const RawRecord& raw) {
  if (!impl_->protection) return std::nullopt;
  Bytes header = frame(raw.type, {}, raw.version);
  header[3] = static_cast<std::uint8_t>(raw.fragment.size() >> 8);
  header[4] = static_cast<std::uint8_t>(raw.fragment.size());
  Bytes body = raw.fragment;
  auto opened = impl_->protection->open(header, body);
  if (!opened.ok()) return std::nullopt;
  return std::make_pair(opened->type, Bytes(opened->content.begin(), opened->content.end()));
}

}  // namespace tlspp::test
