// Hostile input for TLS 1.2, as a table (the TLS 1.3 table's twin, tls13_hostile_test.cc): each row
// takes what a tlspp peer really sent at one point of a TLS 1.2 handshake (captured from an
// in-memory client/server pair), breaks it, hands it to the receiving Connection, and asserts the
// exact alert that Connection puts on the wire (RFC 5246 §7.2):
//   - a plaintext alert (the receiver has no write keys yet) is the record 21 03 03 00 02 02
//   <desc>;
//   - a protected alert is read by the sending peer, which must report ErrorCode::peer_alert with
//     that description;
//   - receiving a fatal alert sends none.
// Protected records (Finished, data) are forged with keys derived from the master secret in the
// sender's key log (RFC 5246 §6.3), and a ServerKeyExchange is re-signed with the server's test
// key, so nothing in src/ is needed for the interception.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "handshake/key_schedule12.h"
#include "msgs/client_hello.h"
#include "msgs/handshake_header.h"
#include "msgs/server_hello.h"
#include "msgs/server_key_exchange.h"
#include "record/tls12_protection.h"
#include "support/tls_pair.h"
#include "tls13_capture.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using test::Bytes;
using test::drain;
using test::frame;
using test::handshake_message;
using test::join;
using A = AlertDescription;
using CT = ContentType;
using HT = HandshakeType;
using ET = ExtensionType;

enum class Receiver { client, server };
// The receiver's state when the hostile bytes arrive.
enum class Stage {
  before_client_hello,      // server: nothing received yet
  after_client_hello,       // client: ClientHello sent; the server's first flight is next
  after_server_hello_done,  // server: its flight sent; the client's ClientKeyExchange flight is
                            // next
  after_client_finished,    // client: its Finished sent; the server's CCS and Finished are next
  connected,                // both sides completed the handshake
};
using Wire = test::AlertWire;

// What a row rewrites: the sender's records at this point.
struct Capture {
  std::vector<Bytes> messages;  // the plaintext handshake messages (before any ChangeCipherSpec)
  Bytes after_messages;         // the records after them (ChangeCipherSpec, Finished), unchanged
  std::uint16_t record_version = 0x0303;
  bool from_client = false;
  // For forging protected records: the master secret and the hellos' randoms.
  Bytes master_secret;
  Bytes client_random;
  Bytes server_random;

  // `m` in one plaintext handshake record (nothing when `m` is empty).
  Bytes send(const std::vector<Bytes>& m) const {
    if (m.empty()) return {};
    return frame(CT::handshake, join(m), record_version);
  }
  // `m` as plaintext, then the captured ChangeCipherSpec / Finished records.
  Bytes send_then_rest(const std::vector<Bytes>& m) const {
    Bytes out = send(m);
    out.insert(out.end(), after_messages.begin(), after_messages.end());
    return out;
  }
  // The first message of `type` (a failure is recorded when absent).
  const Bytes& message(HT type) const {
    for (const Bytes& m : messages) {
      if (m[0] == static_cast<std::uint8_t>(type)) return m;
    }
    ADD_FAILURE() << "no captured message of type " << static_cast<int>(type);
    static const Bytes kNone;
    return kNone;
  }
  // A record of `type` holding `content`, protected with the sender's write key (AES-128-GCM,
  // SHA-256 PRF) at sequence number `seq`.
  Bytes seal(CT type, const Bytes& content, std::uint64_t seq) const;
};

Bytes Capture::seal(CT type, const Bytes& content, std::uint64_t seq) const {
  crypto::Provider& p = *test::test_provider();
  auto block = handshake::key_block12(p, crypto::HashAlg::sha256, crypto::AeadAlg::aes_128_gcm,
                                      master_secret, client_random, server_random);
  if (!block.ok()) {
    ADD_FAILURE() << block.error().to_string();
    return {};
  }
  auto protection = record::Tls12RecordProtection::create(
      p, crypto::AeadAlg::aes_128_gcm,
      std::move(from_client ? block->client_key : block->server_key),
      std::move(from_client ? block->client_iv : block->server_iv));
  if (!protection.ok()) {
    ADD_FAILURE() << protection.error().to_string();
    return {};
  }
  protection->set_sequence_for_testing(seq);
  Bytes record(protection->sealed_size(content.size()));
  std::copy(content.begin(), content.end(),
            record.begin() + static_cast<std::ptrdiff_t>(protection->content_offset()));
  auto sealed = protection->seal_in_place(type, 0x0303, record);
  if (!sealed.ok()) ADD_FAILURE() << sealed.error().to_string();
  return record;
}

struct Row {
  const char* name;
  const char* rule;  // where RFC 5246 (or the named RFC) sets the alert
  Receiver receiver;
  Stage stage;
  AlertDescription alert;
  Wire wire;
  std::function<Bytes(const Capture&)> make;
  std::function<void(ClientConfig&, ServerConfig&)> configure = nullptr;
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

// ---- message rewriting ---------------------------------------------------------------------

Bytes body_of(const Bytes& m) { return Bytes(m.begin() + 4, m.end()); }
Bytes reframe(const Bytes& message, Bytes body) {
  return handshake_message(static_cast<HT>(message[0]), body);
}

Bytes encoded(Result<msgs::ByteVector> r) {
  if (!r.ok()) {
    ADD_FAILURE() << r.error().to_string();
    return {};
  }
  return std::move(r).value();
}

Bytes u16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

void set_extension(msgs::Extensions& e, ET type, Bytes body) {
  for (auto& x : e.entries) {
    if (x.type == type) {
      x.body = std::move(body);
      return;
    }
  }
  e.entries.push_back({type, std::move(body)});
}
void remove_extension(msgs::Extensions& e, ET type) {
  std::erase_if(e.entries, [&](const msgs::Extension& x) { return x.type == type; });
}

// The captured ClientHello with `f` applied.
std::function<Bytes(const Capture&)> client_hello(std::function<void(msgs::ClientHello&)> f) {
  return [f](const Capture& c) {
    auto ch = msgs::ClientHello::decode(body_of(c.message(HT::client_hello)));
    if (!ch.ok()) {
      ADD_FAILURE() << ch.error().to_string();
      return Bytes{};
    }
    f(*ch);
    return c.send({encoded(msgs::encode_handshake(*ch))});
  };
}

// The captured server flight with `f` applied to its ServerHello.
std::function<Bytes(const Capture&)> server_hello(std::function<void(msgs::ServerHello&)> f) {
  return [f](const Capture& c) {
    std::vector<Bytes> m = c.messages;
    auto sh = msgs::ServerHello::decode(body_of(m[0]));
    if (!sh.ok()) {
      ADD_FAILURE() << sh.error().to_string();
      return Bytes{};
    }
    f(*sh);
    m[0] = encoded(msgs::encode_handshake(*sh));
    return c.send(m);
  };
}

// The captured flight with `f` applied to its list of messages (then the rest, unchanged).
std::function<Bytes(const Capture&)> flight(std::function<void(std::vector<Bytes>&)> f) {
  return [f](const Capture& c) {
    std::vector<Bytes> m = c.messages;
    f(m);
    return c.send_then_rest(m);
  };
}

std::size_t index_of(const std::vector<Bytes>& m, HT type) {
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i][0] == static_cast<std::uint8_t>(type)) return i;
  }
  ADD_FAILURE() << "no message of type " << static_cast<int>(type);
  return 0;
}

// The server flight with its ServerKeyExchange point replaced by `point` and signed again with the
// server's real key (so only the point is wrong).
std::function<Bytes(const Capture&)> server_key_exchange_point(Bytes point) {
  return [point](const Capture& c) {
    std::vector<Bytes> m = c.messages;
    const std::size_t i = index_of(m, HT::server_key_exchange);
    auto ske = msgs::ServerKeyExchangeEcdhe::decode(body_of(m[i]));
    if (!ske.ok()) {
      ADD_FAILURE() << ske.error().to_string();
      return Bytes{};
    }
    ske->public_point = point;
    msgs::Random cr{}, sr{};
    std::copy(c.client_random.begin(), c.client_random.end(), cr.begin());
    std::copy(c.server_random.begin(), c.server_random.end(), sr.begin());
    auto content = ske->signed_data(cr, sr);
    auto alg = crypto::signature_algorithm_for(ske->signature_scheme);
    if (!content.ok() || !alg) {
      ADD_FAILURE() << "cannot sign the ServerKeyExchange";
      return Bytes{};
    }
    auto signature = test::test_identity("ecdsa")->key->sign(*alg, *content);
    if (!signature.ok()) {
      ADD_FAILURE() << signature.error().to_string();
      return Bytes{};
    }
    ske->signature = std::move(signature).value();
    m[i] = encoded(msgs::encode_handshake(*ske));
    return c.send(m);
  };
}

// The client's flight with its ClientKeyExchange body replaced by `body`.
std::function<Bytes(const Capture&)> client_key_exchange(Bytes body) {
  return flight([body](std::vector<Bytes>& m) {
    m[index_of(m, HT::client_key_exchange)] = handshake_message(HT::client_key_exchange, body);
  });
}

Bytes opaque8(const Bytes& b) {
  Bytes out = {static_cast<std::uint8_t>(b.size())};
  out.insert(out.end(), b.begin(), b.end());
  return out;
}
Bytes opaque16(const Bytes& b) {
  Bytes out = u16(static_cast<std::uint16_t>(b.size()));
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// An uncompressed P-256 "point" that is not on the curve.
Bytes p256_off_curve() {
  Bytes point(65, 0x11);
  point[0] = 4;
  return point;
}

const std::vector<std::uint8_t> kCcs = {20, 3, 3, 0, 1, 1};

// The peer's ChangeCipherSpec followed by a Finished whose verify_data is wrong, sealed as the
// sender's first protected record.
Bytes bad_finished(const Capture& c) {
  Bytes out = c.send(c.messages);
  out.insert(out.end(), kCcs.begin(), kCcs.end());
  Bytes f = c.seal(CT::handshake, handshake_message(HT::finished, Bytes(12, 0x5a)), 0);
  out.insert(out.end(), f.begin(), f.end());
  return out;
}

void p256(ClientConfig& c, ServerConfig& s) {
  c.groups = {NamedGroup::secp256r1};
  s.groups = {NamedGroup::secp256r1};
}

// TLS 1.2 static RSA key transport (the legacy option) with the RSA test identity.
void static_rsa(ClientConfig& c, ServerConfig& s) {
  c.allow_legacy_rsa_key_exchange = true;
  c.cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
  s.allow_legacy_rsa_key_exchange = true;
  s.certificate = test::test_identity("rsa");
}

// ---- the table ------------------------------------------------------------------------------

const std::vector<Row>& rows() {
  static const std::vector<Row> table =
      {
          // ---- the server, before any ClientHello ----
          {"ClientHelloBodyCutShort", "§7.4.1.2, §7.2.2 decode_error", Receiver::server,
           Stage::before_client_hello, A::decode_error, Wire::plaintext,
           [](const Capture& c) {
             Bytes m = c.message(HT::client_hello);
             Bytes body = body_of(m);
             body.resize(body.size() - 3);
             return c.send({reframe(m, body)});
           }},
          {"ClientHelloTrailingBytes", "§7.4.1.2, §7.2.2 decode_error", Receiver::server,
           Stage::before_client_hello, A::decode_error, Wire::plaintext,
           [](const Capture& c) {
             Bytes m = c.message(HT::client_hello);
             Bytes body = body_of(m);
             body.insert(body.end(), {0, 0, 0});
             return c.send({reframe(m, body)});
           }},
          {"ClientHelloExtensionLengthPastTheBlock",
           "§7.4.1.4 (extension_data inside the block): decode_error", Receiver::server,
           Stage::before_client_hello, A::decode_error, Wire::plaintext,
           [](const Capture& c) {
             // The last two bytes of a ClientHello are the end of its last extension; claim the
             // last extension is longer than what is left by patching the block's first entry
             // length.
             auto ch = msgs::ClientHello::decode(body_of(c.message(HT::client_hello)));
             EXPECT_TRUE(ch.ok());
             Bytes m = encoded(msgs::encode_handshake(*ch));
             // The extensions block is the tail: ... u16 total, then u16 type, u16 length, ...
             const std::size_t block = m.size() - 2 - [&] {
               std::size_t n = 0;
               for (const auto& e : ch->extensions->entries) n += 4 + e.body.size();
               return n;
             }();
             m[block + 4] = 0xff;  // the first entry's length: past the block's end
             return c.send({m});
           }},
          {"ClientHelloDuplicateExtension",
           "RFC 5246 §7.4.1.4 (one of each type): illegal_parameter", Receiver::server,
           Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
           client_hello([](msgs::ClientHello& ch) {
             ch.extensions->entries.push_back(*ch.extensions->find(ET::supported_groups));
           })},
          {"ClientHelloOnlyTls11", "RFC 8996 §5 (TLS 1.1 only): protocol_version", Receiver::server,
           Stage::before_client_hello, A::protocol_version, Wire::plaintext,
           client_hello([](msgs::ClientHello& ch) {
             ch.legacy_version = static_cast<ProtocolVersion>(0x0302);
             remove_extension(*ch.extensions, ET::supported_versions);
           })},
          {"ClientHelloWithoutExtendedMasterSecret",
           "RFC 7627 §5.3 (EMS required by this server): handshake_failure", Receiver::server,
           Stage::before_client_hello, A::handshake_failure, Wire::plaintext,
           client_hello([](msgs::ClientHello& ch) {
             remove_extension(*ch.extensions, ET::extended_master_secret);
           })},
          {"ClientHelloNonEmptyRenegotiationInfo",
           "RFC 5746 §3.6 (initial handshake: empty): handshake_failure", Receiver::server,
           Stage::before_client_hello, A::handshake_failure, Wire::plaintext,
           client_hello([](msgs::ClientHello& ch) {
             set_extension(*ch.extensions, ET::renegotiation_info,
                           {12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
           })},
          {"ClientHelloNoCommonSuite", "§7.4.1.3 (no acceptable suite): handshake_failure",
           Receiver::server, Stage::before_client_hello, A::handshake_failure, Wire::plaintext,
           client_hello([](msgs::ClientHello& ch) {
             ch.cipher_suites = {static_cast<CipherSuite>(0x000a)};  // 3DES
           })},
          {"ChangeCipherSpecBeforeClientHello", "§7.1 (before the keys exist): unexpected_message",
           Receiver::server, Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
           [](const Capture&) { return kCcs; }},
          {"ApplicationDataBeforeHandshake", "§6.2.1, §7 (no data before keys): unexpected_message",
           Receiver::server, Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
           [](const Capture&) {
             return frame(CT::application_data, {'G', 'E', 'T'});
           }},
          {"UnknownContentType", "§6 (unexpected record type): unexpected_message",
           Receiver::server, Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
           [](const Capture&) {
             return frame(static_cast<CT>(0x20), {1, 2, 3});
           }},
          {"PlaintextRecordOver2To14", "§6.2.1 (length over 2^14): record_overflow",
           Receiver::server, Stage::before_client_hello, A::record_overflow, Wire::plaintext,
           [](const Capture&) { return frame(CT::handshake, Bytes(16385, 0)); }},
          {"HandshakeMessageOverConfiguredCap", "Limits::max_handshake_message_size (error table)",
           Receiver::server, Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
           [](const Capture&) {
             Bytes m = {1, 0, 0x07, 0xd0};
             m.resize(1004, 0);
             return frame(CT::handshake, m);
           },
           [](ClientConfig&, ServerConfig& s) { s.limits.max_handshake_message_size = 1024; }},
          {"UnknownAlertIsFatal", "§7.2 (unknown alert: fatal here): nothing sent back",
           Receiver::server, Stage::before_client_hello, static_cast<A>(200), Wire::none,
           [](const Capture&) {
             return frame(CT::alert, {2, 200});
           }},

          // ---- the client, ClientHello sent: the server's plaintext flight ----
          {"ServerHelloTls11", "RFC 8996 §5 / §7.4.1.3 (version not offered): protocol_version",
           Receiver::client, Stage::after_client_hello, A::protocol_version, Wire::plaintext,
           server_hello([](msgs::ServerHello& sh) {
             sh.legacy_version = static_cast<ProtocolVersion>(0x0302);
           })},
          {"ServerHelloSuiteNotOffered", "§7.4.1.3 (suite not offered): illegal_parameter",
           Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
           server_hello([](msgs::ServerHello& sh) {
             sh.cipher_suite = CipherSuite::tls_ecdhe_rsa_with_aes_256_gcm_sha384;
           })},
          {"ServerHelloDuplicateExtension", "§7.4.1.4 (one of each type): illegal_parameter",
           Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
           server_hello([](msgs::ServerHello& sh) {
             sh.extensions->entries.push_back(sh.extensions->entries.front());
           })},
          {"ServerHelloUnsolicitedExtension",
           "§7.4.1.4 (type not in the ClientHello): unsupported_extension", Receiver::client,
           Stage::after_client_hello, A::unsupported_extension, Wire::plaintext,
           server_hello([](msgs::ServerHello& sh) {
             set_extension(*sh.extensions, ET::application_layer_protocol_negotiation,
                           {0, 3, 2, 'h', '2'});
           })},
          {"ServerHelloWithoutExtendedMasterSecret",
           "RFC 7627 §5.2 (EMS required by this client): handshake_failure", Receiver::client,
           Stage::after_client_hello, A::handshake_failure, Wire::plaintext,
           server_hello([](msgs::ServerHello& sh) {
             remove_extension(*sh.extensions, ET::extended_master_secret);
           })},
          {"ServerHelloNonEmptyRenegotiationInfo",
           "RFC 5746 §3.4 (initial handshake: empty): handshake_failure", Receiver::client,
           Stage::after_client_hello, A::handshake_failure, Wire::plaintext,
           server_hello([](msgs::ServerHello& sh) {
             set_extension(*sh.extensions, ET::renegotiation_info, {2, 1, 2});
           })},
          {"ServerHelloExtensionLengthPastTheBlock",
           "§7.4.1.4 (extension_data inside the block): decode_error", Receiver::client,
           Stage::after_client_hello, A::decode_error, Wire::plaintext,
           [](const Capture& c) {
             std::vector<Bytes> m = c.messages;
             auto sh = msgs::ServerHello::decode(body_of(m[0]));
             EXPECT_TRUE(sh.ok());
             std::size_t ext_bytes = 0;
             for (const auto& e : sh->extensions->entries) ext_bytes += 4 + e.body.size();
             const std::size_t first_entry = m[0].size() - ext_bytes;
             m[0][first_entry + 3] = 0xff;  // the first entry's length (low byte): past the end
             return c.send(m);
           }},
          {"ServerKeyExchangePointNotOnCurve",
           "RFC 8422 §5.4 / §5.11 (validate the point): illegal_parameter", Receiver::client,
           Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
           server_key_exchange_point(p256_off_curve()), p256},
          {"ServerKeyExchangeX25519ShortPoint",
           "RFC 8422 §5.11 (32-byte X25519): illegal_parameter", Receiver::client,
           Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
           server_key_exchange_point(Bytes(31, 9))},
          {"ServerKeyExchangeX25519AllZero", "RFC 8422 §5.11 (all-zero result): illegal_parameter",
           Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
           server_key_exchange_point(Bytes(32, 0))},
          {"ServerKeyExchangeBadSignature", "§7.4.3 (signature does not verify): decrypt_error",
           Receiver::client, Stage::after_client_hello, A::decrypt_error, Wire::plaintext,
           flight(
               [](std::vector<Bytes>& m) { m[index_of(m, HT::server_key_exchange)].back() ^= 1; })},
          {"ServerKeyExchangeDropped", "§7.3 (ECDHE needs it): unexpected_message",
           Receiver::client, Stage::after_client_hello, A::unexpected_message, Wire::plaintext,
           flight([](std::vector<Bytes>& m) {
             m.erase(m.begin() + static_cast<std::ptrdiff_t>(index_of(m, HT::server_key_exchange)));
           })},
          {"ServerHelloDoneWithBody", "§7.4.5 (empty body): decode_error", Receiver::client,
           Stage::after_client_hello, A::decode_error, Wire::plaintext,
           flight([](std::vector<Bytes>& m) {
             m[index_of(m, HT::server_hello_done)] = handshake_message(HT::server_hello_done, {0});
           })},
          {"ChangeCipherSpecBeforeServerHelloDone",
           "§7.1 (before the key exchange): unexpected_message", Receiver::client,
           Stage::after_client_hello, A::unexpected_message, Wire::plaintext,
           [](const Capture& c) {
             Bytes out = c.send({c.messages[0]});
             out.insert(out.end(), kCcs.begin(), kCcs.end());
             return out;
           }},
          {"ApplicationDataInTheServerFlight", "§7 (data before Finished): unexpected_message",
           Receiver::client, Stage::after_client_hello, A::unexpected_message, Wire::plaintext,
           [](const Capture& c) {
             Bytes out = c.send({c.messages[0]});
             Bytes data = frame(CT::application_data, {1, 2, 3});
             out.insert(out.end(), data.begin(), data.end());
             return out;
           }},
          {"ServerAlertRecordOfThreeBytes", "§7.2 (an alert is two bytes): decode_error",
           Receiver::client, Stage::after_client_hello, A::decode_error, Wire::plaintext,
           [](const Capture&) {
             return frame(CT::alert, {2, 40, 0});
           }},

          // ---- the server, its flight sent: the client's ClientKeyExchange, CCS, Finished ----
          {"ClientKeyExchangePointNotOnCurve",
           "RFC 8422 §5.10 / §5.11 (validate the point): illegal_parameter", Receiver::server,
           Stage::after_server_hello_done, A::illegal_parameter, Wire::plaintext,
           client_key_exchange(opaque8(p256_off_curve())), p256},
          {"ClientKeyExchangeX25519LongPoint", "RFC 8422 §5.11 (32-byte X25519): illegal_parameter",
           Receiver::server, Stage::after_server_hello_done, A::illegal_parameter, Wire::plaintext,
           client_key_exchange(opaque8(Bytes(33, 9)))},
          {"ClientKeyExchangeLengthPastTheBody", "§7.4.7, §7.2.2 decode_error", Receiver::server,
           Stage::after_server_hello_done, A::decode_error, Wire::plaintext,
           client_key_exchange({40, 1, 2, 3})},
          {"ChangeCipherSpecBeforeClientKeyExchange",
           "§7.1 (before the keys exist): unexpected_message", Receiver::server,
           Stage::after_server_hello_done, A::unexpected_message, Wire::plaintext,
           [](const Capture&) { return kCcs; }},
          {"FinishedWithoutChangeCipherSpec",
           "§7.1, §7.4.9 (Finished is protected): unexpected_message", Receiver::server,
           Stage::after_server_hello_done, A::unexpected_message, Wire::plaintext,
           [](const Capture& c) {
             std::vector<Bytes> m = c.messages;
             m.push_back(handshake_message(HT::finished, Bytes(12, 0)));
             return c.send(m);
           }},
          {"BadClientFinished", "§7.4.9 (verify_data differs): decrypt_error", Receiver::server,
           Stage::after_server_hello_done, A::decrypt_error, Wire::plaintext, bad_finished},
          {"StaticRsaClientKeyExchangeTooShort",
           "§7.4.7.1 (indistinguishable: fails as the Finished record): bad_record_mac",
           Receiver::server, Stage::after_server_hello_done, A::bad_record_mac, Wire::plaintext,
           client_key_exchange(opaque16(Bytes(100, 7))), static_rsa},
          {"StaticRsaClientKeyExchangeBadPadding",
           "§7.4.7.1 (indistinguishable: fails as the Finished record): bad_record_mac",
           Receiver::server, Stage::after_server_hello_done, A::bad_record_mac, Wire::plaintext,
           client_key_exchange(opaque16(Bytes(256, 7))), static_rsa},

          // ---- the client, its Finished sent: the server's CCS and Finished ----
          {"BadServerFinished", "§7.4.9 (verify_data differs): decrypt_error", Receiver::client,
           Stage::after_client_finished, A::decrypt_error, Wire::encrypted, bad_finished},
          {"ServerFinishedWithoutChangeCipherSpec",
           "§7.1 (Finished is protected): unexpected_message", Receiver::client,
           Stage::after_client_finished, A::unexpected_message, Wire::encrypted,
           [](const Capture& c) {
             std::vector<Bytes> m = c.messages;
             m.push_back(handshake_message(HT::finished, Bytes(12, 0)));
             return c.send(m);
           }},
          {"ApplicationDataBeforeServerFinished", "§7 (data before Finished): unexpected_message",
           Receiver::client, Stage::after_client_finished, A::unexpected_message, Wire::encrypted,
           [](const Capture& c) {
             Bytes out = c.send(c.messages);
             out.insert(out.end(), kCcs.begin(), kCcs.end());
             Bytes data = c.seal(CT::application_data, {'h', 'i'}, 0);
             out.insert(out.end(), data.begin(), data.end());
             return out;
           }},

          // ---- connected ----
          {"PlaintextChangeCipherSpecAfterHandshake",
           "§6.2.3 (every record after ChangeCipherSpec is protected): bad_record_mac",
           Receiver::client, Stage::connected, A::bad_record_mac, Wire::encrypted,
           [](const Capture&) { return kCcs; }},
          {"ChangeCipherSpecAfterHandshake",
           "§7.1 (no CCS on an established connection): "
           "unexpected_message",
           Receiver::client, Stage::connected, A::unexpected_message, Wire::encrypted,
           [](const Capture& c) { return c.seal(CT::change_cipher_spec, {1}, 1); }},
          {"PlaintextDataAfterHandshake", "§6.2.3 (does not authenticate): bad_record_mac",
           Receiver::server, Stage::connected, A::bad_record_mac, Wire::encrypted,
           [](const Capture&) { return frame(CT::application_data, Bytes(40, 1)); }},
          {"EncryptedUnknownAlert", "§7.2 (unknown alert: fatal here): nothing sent back",
           Receiver::server, Stage::connected, static_cast<A>(200), Wire::none,
           [](const Capture& c) {
             return c.seal(CT::alert, {2, 200}, 1);
           }},
      };
  return table;
}

// Splits the sender's `wire` into its plaintext handshake messages and the records after them.
void capture_flight(const Bytes& wire, Capture& c) {
  Bytes handshake;
  bool after = false;
  for (const auto& r : test::split_records(wire)) {
    if (r.type == CT::handshake && !after) {
      c.record_version = r.version;
      handshake.insert(handshake.end(), r.fragment.begin(), r.fragment.end());
    } else {
      after = true;
      Bytes f = frame(r.type, r.fragment, r.version);
      c.after_messages.insert(c.after_messages.end(), f.begin(), f.end());
    }
  }
  c.messages = test::split_messages(handshake);
}

Bytes random_of(const Bytes& hello_record) {
  // Record header (5), handshake header (4), version (2), then 32 bytes of random.
  return Bytes(hello_record.begin() + 11, hello_record.begin() + 43);
}

class Tls12Hostile : public ::testing::TestWithParam<Row> {};

TEST_P(Tls12Hostile, SendsTheExactAlert) {
  const Row& row = GetParam();
  SCOPED_TRACE(std::string("RFC 5246 ") + row.rule);
  auto cc = test::test_client_config();
  cc->max_version = ProtocolVersion::tls1_2;
  cc->cipher_suites = {CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256};
  auto sc = test::test_server_config();
  auto client_keys = test::record_keys(*cc);
  if (row.configure) row.configure(*cc, *sc);
  auto client = Connection::client(cc, "localhost");
  auto server = Connection::server(sc);
  ASSERT_TRUE(client.ok() && server.ok());
  Connection& c = **client;
  Connection& s = **server;

  Capture cap;
  const Bytes hello = drain(c);
  cap.client_random = random_of(hello);
  Bytes to_capture = hello;
  cap.from_client = true;
  if (row.stage != Stage::before_client_hello) {
    ASSERT_TRUE(s.receive(hello).ok());
    const Bytes flight1 = drain(s);
    cap.server_random = random_of(flight1);
    to_capture = flight1;
    cap.from_client = false;
    if (row.stage != Stage::after_client_hello) {
      ASSERT_TRUE(c.receive(flight1).ok());
      const Bytes flight2 = drain(c);
      cap.master_secret = (*client_keys)["CLIENT_RANDOM"];
      to_capture = flight2;
      cap.from_client = true;
      if (row.stage != Stage::after_server_hello_done) {
        ASSERT_TRUE(s.receive(flight2).ok());
        const Bytes flight3 = drain(s);
        to_capture = flight3;
        cap.from_client = false;
        if (row.stage == Stage::connected) {
          ASSERT_TRUE(c.receive(flight3).ok());
          ASSERT_TRUE(c.handshake_done() && s.handshake_done());
          to_capture.clear();
          cap.from_client = row.receiver == Receiver::server;
        }
      }
    }
  }
  capture_flight(to_capture, cap);
  if (::testing::Test::HasFailure()) return;

  Connection& receiver = row.receiver == Receiver::client ? c : s;
  Connection& peer = row.receiver == Receiver::client ? s : c;
  test::expect_refused(receiver, peer, row.make(cap), row.alert, row.wire,
                       // A protected TLS 1.2 record: explicit nonce (8), alert (2), tag (16).
                       {CT::alert, 26});
}

INSTANTIATE_TEST_SUITE_P(Table, Tls12Hostile, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace tlspp
