// Hostile input for TLS 1.3, as a table: each row takes a real message a tlspp peer sent (captured
// from an in-memory client/server pair), breaks it, hands it to the receiving Connection in the
// row's state, and asserts the exact alert that Connection puts on the wire (RFC 8446 §6.2):
//   - a plaintext alert (the receiver has no write keys yet) is the record 21 03 03 00 02 02
//   <desc>;
//   - a protected alert is decrypted by the sending peer, which must report ErrorCode::peer_alert
//     with that description;
//   - receiving a fatal alert sends none.
// Encrypted flights are rewritten with keys learned from the sender's key log (tls13_capture.h),
// so interception needs nothing in src/.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "msgs/client_hello.h"
#include "msgs/handshake_header.h"
#include "msgs/server_hello.h"
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
using test::Protector;
using A = AlertDescription;
using CT = ContentType;
using HT = HandshakeType;
using ET = ExtensionType;

enum class Receiver { client, server };
// The receiver's state when the hostile bytes arrive.
enum class Stage {
  before_client_hello,  // server: nothing received yet
  after_client_hello,   // client: ClientHello sent / server: its answer to a ClientHello sent
  after_server_hello,   // client: the (real) ServerHello accepted, the encrypted flight is next
  connected,            // both sides completed the handshake
};
using Wire = test::AlertWire;

// What a row rewrites: the handshake messages the sender really sent at this point (decrypted when
// protected), framed again by send() like the sender framed them.
struct Capture {
  Bytes prefix;                 // records delivered unchanged first (ServerHello, ChangeCipherSpec)
  std::vector<Bytes> messages;  // the sender's handshake messages that follow
  Bytes secret;                 // the sender's traffic secret for them; empty: plaintext
  std::uint16_t record_version = 0x0303;

  // prefix + `m` in one record, protected like the original (at sequence number 0).
  Bytes send(const std::vector<Bytes>& m) const { return record(CT::handshake, join(m)); }
  // prefix + one record of `type` holding `content` (and TLS 1.3 padding), protected when the
  // sender protects.
  Bytes record(CT type, const Bytes& content, std::size_t padding = 0) const {
    Bytes out = prefix;
    Bytes r = secret.empty() ? frame(type, content, record_version)
                             : Protector(secret).seal(type, content, padding);
    out.insert(out.end(), r.begin(), r.end());
    return out;
  }
  // prefix + `raw` bytes.
  Bytes raw(const Bytes& raw_bytes) const {
    Bytes out = prefix;
    out.insert(out.end(), raw_bytes.begin(), raw_bytes.end());
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
};

struct Row {
  const char* name;
  const char* rule;  // where RFC 8446 (or the named RFC) sets the alert
  Receiver receiver;
  Stage stage;
  AlertDescription alert;
  Wire wire;
  std::function<Bytes(const Capture&)> make;
  std::function<void(ClientConfig&, ServerConfig&)> configure = nullptr;
};

// Test names and failure messages show the row's name, not its bytes.
void PrintTo(const Row& row, std::ostream* os) { *os << row.name; }

// ---- message rewriting ---------------------------------------------------------------------

Bytes body_of(const Bytes& m) { return Bytes(m.begin() + 4, m.end()); }

Bytes encoded(Result<msgs::ByteVector> r) {
  if (!r.ok()) {
    ADD_FAILURE() << r.error().to_string();
    return {};
  }
  return std::move(r).value();
}

Bytes edit_client_hello(const Bytes& message, const std::function<void(msgs::ClientHello&)>& f) {
  auto ch = msgs::ClientHello::decode(body_of(message));
  if (!ch.ok()) {
    ADD_FAILURE() << ch.error().to_string();
    return {};
  }
  f(*ch);
  return encoded(msgs::encode_handshake(*ch));
}

Bytes edit_server_hello(const Bytes& message, const std::function<void(msgs::ServerHello&)>& f) {
  auto sh = msgs::ServerHello::decode(body_of(message));
  if (!sh.ok()) {
    ADD_FAILURE() << sh.error().to_string();
    return {};
  }
  f(*sh);
  return encoded(msgs::encode_handshake(*sh));
}

// Replaces the body of extension `type`, or appends it.
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

Bytes u16(std::uint16_t v) {
  return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// KeyShareEntry: group, key_exchange<1..2^16-1>.
Bytes key_share_entry(NamedGroup group, const Bytes& key) {
  return cat(
      {u16(static_cast<std::uint16_t>(group)), u16(static_cast<std::uint16_t>(key.size())), key});
}
// The ClientHello's key_share body: one entry.
Bytes client_key_share(NamedGroup group, const Bytes& key) {
  Bytes entry = key_share_entry(group, key);
  return cat({u16(static_cast<std::uint16_t>(entry.size())), entry});
}

// The first (only) ClientHello of a capture with `f` applied.
std::function<Bytes(const Capture&)> client_hello(std::function<void(msgs::ClientHello&)> f) {
  return
      [f](const Capture& c) { return c.send({edit_client_hello(c.message(HT::client_hello), f)}); };
}
std::function<Bytes(const Capture&)> server_hello(std::function<void(msgs::ServerHello&)> f) {
  return
      [f](const Capture& c) { return c.send({edit_server_hello(c.message(HT::server_hello), f)}); };
}
// The captured flight with `f` applied to its list of messages.
std::function<Bytes(const Capture&)> flight(std::function<void(std::vector<Bytes>&)> f) {
  return [f](const Capture& c) {
    std::vector<Bytes> m = c.messages;
    f(m);
    return c.send(m);
  };
}
std::size_t index_of(const std::vector<Bytes>& m, HT type) {
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (m[i][0] == static_cast<std::uint8_t>(type)) return i;
  }
  ADD_FAILURE() << "no message of type " << static_cast<int>(type);
  return 0;
}

// Re-frames a handshake message after its body changed size.
Bytes reframe(const Bytes& message, Bytes body) {
  return handshake_message(static_cast<HT>(message[0]), body);
}

void hrr_config(ClientConfig& c, ServerConfig& s) {
  c.groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  c.key_shares = 1;
  s.groups = {NamedGroup::secp256r1};
}

// Mutual TLS: the server requires a certificate and the client has one (client_auth_test.cc).
void client_auth_config(ClientConfig& c, ServerConfig& s) {
  c.client_certificate = test::test_identity("client-ecdsa");
  s.client_auth = ClientAuth::required;
  s.client_trust_store = test::test_trust_store();
}

const Bytes kZero32(32, 0);

// ---- the table ------------------------------------------------------------------------------

const std::vector<Row>& rows() {
  static const std::vector<Row>
      table =
          {
              // ---- the server, before any ClientHello ----
              {"ClientHelloBodyCutShort", "§4.1.2, §6.2 decode_error", Receiver::server,
               Stage::before_client_hello, A::decode_error, Wire::plaintext,
               [](const Capture& c) {
                 Bytes m = c.message(HT::client_hello);
                 Bytes body = body_of(m);
                 body.resize(body.size() - 7);  // into the last extension
                 return c.send({reframe(m, body)});
               }},
              {"ClientHelloTrailingBytes", "§4.1.2, §6.2 decode_error", Receiver::server,
               Stage::before_client_hello, A::decode_error, Wire::plaintext,
               [](const Capture& c) {
                 Bytes m = c.message(HT::client_hello);
                 Bytes body = body_of(m);
                 body.insert(body.end(), {1, 2, 3});
                 return c.send({reframe(m, body)});
               }},
              {"ClientHelloDuplicateExtension",
               "§4.2 (no two extensions of one type): illegal_parameter", Receiver::server,
               Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 ch.extensions->entries.push_back(*ch.extensions->find(ET::supported_groups));
               })},
              {"ClientHelloForbiddenExtension",
               "§4.2 (recognized, not for this message): illegal_parameter", Receiver::server,
               Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 set_extension(*ch.extensions, ET::oid_filters, {0, 0});
               })},
              {"ClientHelloOnlyTls11", "§4.2.1: protocol_version", Receiver::server,
               Stage::before_client_hello, A::protocol_version, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 set_extension(*ch.extensions, ET::supported_versions, {2, 3, 2});
               })},
              {"ClientHelloCompressionMethod", "§4.1.2 (exactly {null}): illegal_parameter",
               Receiver::server, Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 ch.legacy_compression_methods = {1, 0};
               })},
              {"ClientHelloWithoutSignatureAlgorithms", "§9.2: missing_extension", Receiver::server,
               Stage::before_client_hello, A::missing_extension, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 remove_extension(*ch.extensions, ET::signature_algorithms);
               })},
              {"ClientHelloX25519AllZeroShare",
               "§7.4.2 (all-zero X25519 output): illegal_parameter", Receiver::server,
               Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 set_extension(*ch.extensions, ET::key_share,
                               client_key_share(NamedGroup::x25519, kZero32));
               })},
              {"ClientHelloX25519ShortShare", "§4.2.8.2 (key_exchange length): illegal_parameter",
               Receiver::server, Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 set_extension(*ch.extensions, ET::key_share,
                               client_key_share(NamedGroup::x25519, Bytes(31, 9)));
               })},
              {"ClientHelloP256PointNotOnCurve",
               "§4.2.8.2 (validate the peer's point): illegal_parameter", Receiver::server,
               Stage::before_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 Bytes point(65, 0x11);
                 point[0] = 4;
                 set_extension(*ch.extensions, ET::key_share,
                               client_key_share(NamedGroup::secp256r1, point));
               }),
               [](ClientConfig& c, ServerConfig&) { c.groups = {NamedGroup::secp256r1}; }},
              {"ChangeCipherSpecBeforeClientHello",
               "§5 (before the first ClientHello): unexpected_message", Receiver::server,
               Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) { return c.raw(frame(CT::change_cipher_spec, {1})); }},
              {"ApplicationDataBeforeHandshake", "§5, §2 (no data before keys): unexpected_message",
               Receiver::server, Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) {
                 return c.raw(frame(CT::application_data, {'G', 'E', 'T'}));
               }},
              {"UnknownContentType", "§5 (unexpected record type): unexpected_message",
               Receiver::server, Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) {
                 return c.raw(frame(static_cast<CT>(0x20), {1, 2, 3}));
               }},
              {"PlaintextRecordOver2To14", "§5.1 (length over 2^14): record_overflow",
               Receiver::server, Stage::before_client_hello, A::record_overflow, Wire::plaintext,
               [](const Capture& c) { return c.raw(frame(CT::handshake, Bytes(16385, 0))); }},
              {"ZeroLengthHandshakeRecord",
               "§5.1 (no zero-length handshake fragments): unexpected_message", Receiver::server,
               Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) { return c.raw(frame(CT::handshake, {})); }},
              {"HandshakeMessageOverConfiguredCap",
               "Limits::max_handshake_message_size (the error table)", Receiver::server,
               Stage::before_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) {
                 // A ClientHello header announcing 2000 bytes, over the server's 1024-byte cap.
                 return c.raw(frame(CT::handshake, cat({Bytes{1, 0, 0x07, 0xd0}, Bytes(1000, 0)})));
               },
               [](ClientConfig&, ServerConfig& s) { s.limits.max_handshake_message_size = 1024; }},
              {"MalformedAlertRecord", "§6 (Alert is two bytes): decode_error", Receiver::server,
               Stage::before_client_hello, A::decode_error, Wire::plaintext,
               [](const Capture& c) {
                 return c.raw(frame(CT::alert, {2, 40, 0}));
               }},
              {"UnknownAlertIsFatal", "§6.2 (unknown alerts are fatal): nothing sent back",
               Receiver::server, Stage::before_client_hello, static_cast<A>(200), Wire::none,
               [](const Capture& c) {
                 return c.raw(frame(CT::alert, {1, 200}));
               }},

              // ---- the client, ClientHello sent ----
              {"ServerHelloSuiteNotOffered", "§4.1.3 (cipher suite not offered): illegal_parameter",
               Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 sh.cipher_suite = CipherSuite::tls_aes_256_gcm_sha384;
               })},
              {"ServerHelloSelectsUnofferedVersion",
               "§4.2.1 (version not offered): illegal_parameter", Receiver::client,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 set_extension(*sh.extensions, ET::supported_versions, {3, 5});
               })},
              {"ServerHelloLegacyVersion0304", "§4.1.3 (legacy_version 0x0303): illegal_parameter",
               Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello(
                   [](msgs::ServerHello& sh) { sh.legacy_version = ProtocolVersion::tls1_3; })},
              {"ServerHelloSessionIdNotEchoed",
               "§4.1.3 (legacy_session_id_echo): illegal_parameter", Receiver::client,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) { sh.legacy_session_id_echo[0] ^= 1; })},
              {"ServerHelloShareForGroupNotSent",
               "§4.2.8 (group without a client share): illegal_parameter", Receiver::client,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 Bytes point(65, 0x11);
                 point[0] = 4;
                 set_extension(*sh.extensions, ET::key_share,
                               key_share_entry(NamedGroup::secp256r1, point));
               })},
              {"ServerHelloX25519AllZeroShare",
               "§7.4.2 (all-zero X25519 output): illegal_parameter", Receiver::client,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 set_extension(*sh.extensions, ET::key_share,
                               key_share_entry(NamedGroup::x25519, kZero32));
               })},
              {"ServerHelloX25519LongShare", "§4.2.8.2 (key_exchange length): illegal_parameter",
               Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 set_extension(*sh.extensions, ET::key_share,
                               key_share_entry(NamedGroup::x25519, Bytes(33, 9)));
               })},
              {"ServerHelloWithoutKeyShare", "§4.2.8, §9.2: missing_extension", Receiver::client,
               Stage::after_client_hello, A::missing_extension, Wire::plaintext,
               server_hello(
                   [](msgs::ServerHello& sh) { remove_extension(*sh.extensions, ET::key_share); })},
              {"ServerHelloForbiddenExtension",
               "§4.2 (server_name is not for SH): illegal_parameter", Receiver::client,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 set_extension(*sh.extensions, ET::server_name, {});
               })},
              {"ServerHelloUnsolicitedPreSharedKey",
               "§4.2 (response not offered): unsupported_extension", Receiver::client,
               Stage::after_client_hello, A::unsupported_extension, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 set_extension(*sh.extensions, ET::pre_shared_key, {0, 0});
               })},
              {"ServerHelloDuplicateExtension",
               "§4.2 (no two extensions of one type): illegal_parameter", Receiver::client,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& sh) {
                 sh.extensions->entries.push_back(*sh.extensions->find(ET::supported_versions));
               })},
              {"ServerHelloTruncated", "§6.2 decode_error", Receiver::client,
               Stage::after_client_hello, A::decode_error, Wire::plaintext,
               [](const Capture& c) {
                 Bytes m = c.message(HT::server_hello);
                 Bytes body = body_of(m);
                 body.resize(40);  // inside the cipher suite / extensions
                 return c.send({reframe(m, body)});
               }},
              {"ChangeCipherSpecWrongValue", "§5 (value other than 0x01): unexpected_message",
               Receiver::client, Stage::after_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) { return c.raw(frame(CT::change_cipher_spec, {2})); }},
              {"HelloRetryRequestForGroupAlreadySent",
               "§4.1.4, §4.2.8 (group already shared): "
               "illegal_parameter",
               Receiver::client, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               server_hello([](msgs::ServerHello& hrr) {
                 set_extension(*hrr.extensions, ET::key_share, u16(0x001d));
               }),
               hrr_config},
              {"SecondHelloRetryRequest", "§4.1.4 (a second HRR): unexpected_message",
               Receiver::client, Stage::after_client_hello, A::unexpected_message, Wire::plaintext,
               [](const Capture& c) {
                 const Bytes& hrr = c.message(HT::server_hello);
                 return c.send({hrr, hrr});
               },
               hrr_config},

              // ---- the client, ServerHello accepted: the encrypted server flight ----
              {"EncryptedExtensionsForbiddenExtension",
               "§4.2 (key_share is not for EE): "
               "illegal_parameter",
               Receiver::client, Stage::after_server_hello, A::illegal_parameter, Wire::encrypted,
               flight([](std::vector<Bytes>& m) {
                 m[index_of(m, HT::encrypted_extensions)] =
                     handshake_message(HT::encrypted_extensions, {0, 4, 0, 0x33, 0, 0});
               })},
              {"EncryptedExtensionsUnsolicitedAlpn",
               "§4.2 (response not offered): unsupported_extension", Receiver::client,
               Stage::after_server_hello, A::unsupported_extension, Wire::encrypted,
               flight([](std::vector<Bytes>& m) {
                 m[index_of(m, HT::encrypted_extensions)] = handshake_message(
                     HT::encrypted_extensions, {0, 9, 0, 0x10, 0, 5, 0, 3, 2, 'h', '2'});
               })},
              {"EncryptedExtensionsUnsolicitedRecordSizeLimit",
               "§4.2, RFC 8449 §4 (not offered): unsupported_extension", Receiver::client,
               Stage::after_server_hello, A::unsupported_extension, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     m[index_of(m, HT::encrypted_extensions)] = handshake_message(
                         HT::encrypted_extensions, {0, 6, 0, 0x1c, 0, 2, 0x40, 1});
                   })},
              {"EncryptedExtensionsRecordSizeLimitBelow64",
               "RFC 8449 §4 (below 64): illegal_parameter", Receiver::client,
               Stage::after_server_hello, A::illegal_parameter, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     m[index_of(m, HT::encrypted_extensions)] =
                         handshake_message(HT::encrypted_extensions, {0, 6, 0, 0x1c, 0, 2, 0, 63});
                   }),
               [](ClientConfig& c, ServerConfig&) {
                 // The client offers record_size_limit (through the test hook; tlspp does not by
                 // itself).
                 c.edit_extensions = [](HT m, RawExtensions& e) {
                   if (m == HT::client_hello) e.emplace_back(0x1c, Bytes{0x40, 1});
                 };
               }},
              {"CertificateBeforeEncryptedExtensions", "§4 (message order): unexpected_message",
               Receiver::client, Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     std::swap(m[index_of(m, HT::encrypted_extensions)],
                               m[index_of(m, HT::certificate)]);
                   })},
              {"CertificateVerifyDropped",
               "§4.4 (Finished before CertificateVerify): unexpected_message", Receiver::client,
               Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     m.erase(m.begin() +
                             static_cast<std::ptrdiff_t>(index_of(m, HT::certificate_verify)));
                   })},
              {"EmptyServerCertificate", "§4.4.2.4 (empty Certificate): decode_error",
               Receiver::client, Stage::after_server_hello, A::decode_error, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     m[index_of(m, HT::certificate)] =
                         handshake_message(HT::certificate, {0, 0, 0, 0});
                   })},
              {"BadCertificateVerifySignature",
               "§4.4.3, §6.2 (signature does not verify): decrypt_error", Receiver::client,
               Stage::after_server_hello, A::decrypt_error, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     m[index_of(m, HT::certificate_verify)].back() ^= 1;
                   })},
              {"CertificateVerifySchemeNotOffered",
               "§4.4.3 (scheme not in signature_algorithms): "
               "illegal_parameter",
               Receiver::client, Stage::after_server_hello, A::illegal_parameter, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     Bytes& cv = m[index_of(m, HT::certificate_verify)];
                     cv[4] = 0x02;  // ecdsa_sha1 (0x0203)
                     cv[5] = 0x03;
                   })},
              {"BadServerFinished", "§4.4.4 (verify_data differs): decrypt_error", Receiver::client,
               Stage::after_server_hello, A::decrypt_error, Wire::encrypted,
               flight([](std::vector<Bytes>& m) { m[index_of(m, HT::finished)].back() ^= 1; })},
              {"CertificateOverHandshakeCap",
               "Limits::max_handshake_message_size (the error table)", Receiver::client,
               Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               flight(
                   [](std::vector<Bytes>& m) {
                     // A Certificate header announcing 70000 bytes, over the default 64 KiB cap.
                     m.insert(m.begin() + static_cast<std::ptrdiff_t>(index_of(m, HT::certificate)),
                              Bytes{11, 0x01, 0x11, 0x70});
                     m.resize(index_of(m, HT::certificate) + 1);
                   })},
              {"PaddingOnlyRecord", "§5.4 (no non-zero octet): unexpected_message",
               Receiver::client, Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) { return c.record(static_cast<CT>(0), {}, 20); }},
              {"ApplicationDataUnderHandshakeKeys",
               "§2, §5 (data before Finished): unexpected_message", Receiver::client,
               Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) {
                 return c.record(CT::application_data, {'h', 'i'});
               }},
              {"ProtectedChangeCipherSpec", "§5 (protected change_cipher_spec): unexpected_message",
               Receiver::client, Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) { return c.record(CT::change_cipher_spec, {1}); }},
              {"KeyUpdateDuringHandshake", "§4.6.3 (KeyUpdate before Finished): unexpected_message",
               Receiver::client, Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) { return c.send({handshake_message(HT::key_update, {0})}); }},
              {"WrongOuterContentType", "§5.2 (opaque_type is 23): unexpected_message",
               Receiver::client, Stage::after_server_hello, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) {
                 Bytes out = c.send(c.messages);
                 out[c.prefix.size()] = static_cast<std::uint8_t>(CT::handshake);
                 return out;
               }},
              {"TamperedCiphertext", "§5.2 (authentication fails): bad_record_mac",
               Receiver::client, Stage::after_server_hello, A::bad_record_mac, Wire::encrypted,
               [](const Capture& c) {
                 Bytes out = c.send(c.messages);
                 out[c.prefix.size() + 10] ^= 0x80;
                 return out;
               }},
              {"CiphertextOver2To14Plus256", "§5.2 (length over 2^14 + 256): record_overflow",
               Receiver::client, Stage::after_server_hello, A::record_overflow, Wire::encrypted,
               [](const Capture& c) {
                 return c.raw(frame(CT::application_data, Bytes(16641, 7)));
               }},

              // ---- the server, its flight sent: the client's second flight ----
              {"BadClientFinished", "§4.4.4 (verify_data differs): decrypt_error", Receiver::server,
               Stage::after_client_hello, A::decrypt_error, Wire::encrypted,
               flight([](std::vector<Bytes>& m) { m[index_of(m, HT::finished)].back() ^= 1; })},
              {"ClientFinishedTooShort", "§4.4.4 (verify_data is Hash.length): decode_error",
               Receiver::server, Stage::after_client_hello, A::decode_error, Wire::encrypted,
               flight([](std::vector<Bytes>& m) {
                 Bytes& fin = m[index_of(m, HT::finished)];
                 fin = reframe(fin, Bytes(fin.begin() + 4, fin.end() - 1));
               })},
              {"ClientCertificateNotRequested",
               "§4.4.2 (unsolicited Certificate): unexpected_message", Receiver::server,
               Stage::after_client_hello, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) {
                 return c.send({handshake_message(HT::certificate, {0, 0, 0, 0})});
               }},
              {"ClientCertificateVerifyBadSignature",
               "§4.4.3 (signature does not verify): decrypt_error", Receiver::server,
               Stage::after_client_hello, A::decrypt_error, Wire::encrypted,
               flight([](std::vector<Bytes>& m) {
                 m[index_of(m, HT::certificate_verify)].back() ^= 1;
               }),
               client_auth_config},
              {"ClientCertificateVerifyMissing",
               "§4.4.3 (follows a non-empty Certificate): unexpected_message", Receiver::server,
               Stage::after_client_hello, A::unexpected_message, Wire::encrypted,
               flight([](std::vector<Bytes>& m) {
                 m.erase(m.begin() +
                         static_cast<std::ptrdiff_t>(index_of(m, HT::certificate_verify)));
               }),
               client_auth_config},
              {"EmptyClientCertificateWhenRequired", "§4.4.2.4: certificate_required",
               Receiver::server, Stage::after_client_hello, A::certificate_required,
               Wire::encrypted, flight([](std::vector<Bytes>& m) {
                 m.erase(m.begin() +
                         static_cast<std::ptrdiff_t>(index_of(m, HT::certificate_verify)));
                 m[index_of(m, HT::certificate)] = handshake_message(HT::certificate, {0, 0, 0, 0});
               }),
               client_auth_config},
              {"SecondClientHelloChangesCipherSuites",
               "§4.1.2 (must repeat the first): illegal_parameter", Receiver::server,
               Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 ch.cipher_suites.push_back(CipherSuite::tls_aes_256_gcm_sha384);
               }),
               hrr_config},
              {"SecondClientHelloWithoutCookie", "§4.2.2 (cookie echoed): illegal_parameter",
               Receiver::server, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello(
                   [](msgs::ClientHello& ch) { remove_extension(*ch.extensions, ET::cookie); }),
               hrr_config},
              {"SecondClientHelloShareForOtherGroup",
               "§4.2.8 (share for the HRR's group): "
               "illegal_parameter",
               Receiver::server, Stage::after_client_hello, A::illegal_parameter, Wire::plaintext,
               client_hello([](msgs::ClientHello& ch) {
                 set_extension(*ch.extensions, ET::key_share,
                               client_key_share(NamedGroup::x25519, Bytes(32, 9)));
               }),
               hrr_config},

              // ---- connected ----
              {"ChangeCipherSpecAfterHandshake",
               "§5 (after the peer's Finished): unexpected_message", Receiver::client,
               Stage::connected, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) { return c.raw(frame(CT::change_cipher_spec, {1})); }},
              {"PaddingOnlyApplicationRecord", "§5.4 (no non-zero octet): unexpected_message",
               Receiver::client, Stage::connected, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) { return c.record(static_cast<CT>(0), {}, 100); }},
              {"PostHandshakeCertificateRequest",
               "§4.6.2 (post_handshake_auth not offered): "
               "unexpected_message",
               Receiver::client, Stage::connected, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) {
                 return c.send({handshake_message(HT::certificate_request, {0, 0, 0})});
               }},
              {"EncryptedUnknownAlert", "§6.2 (unknown alerts are fatal): nothing sent back",
               Receiver::client, Stage::connected, static_cast<A>(200), Wire::none,
               [](const Capture& c) {
                 return c.record(CT::alert, {1, 200});
               }},
              {"KeyUpdateBadRequestValue", "§4.6.3 (request_update 0 or 1): illegal_parameter",
               Receiver::server, Stage::connected, A::illegal_parameter, Wire::encrypted,
               [](const Capture& c) { return c.send({handshake_message(HT::key_update, {5})}); }},
              {"NewSessionTicketFromClient", "§4.6.1 (sent by servers only): unexpected_message",
               Receiver::server, Stage::connected, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) {
                 return c.send({handshake_message(HT::new_session_ticket,
                                                  {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 7, 0, 0})});
               }},
              {"UnknownHandshakeType", "§4 (unexpected message): unexpected_message",
               Receiver::server, Stage::connected, A::unexpected_message, Wire::encrypted,
               [](const Capture& c) {
                 return c.send({handshake_message(static_cast<HT>(99), {1})});
               }},
          };
  return table;
}

// Splits `wire` into its unprotected records (kept as they are, in `plaintext`) and the handshake
// messages of the rest, opened with `secret` (when empty, the handshake records are plaintext).
void capture_flight(const Bytes& wire, const Bytes& secret, Capture& c) {
  Bytes handshake;
  std::unique_ptr<Protector> open;
  if (!secret.empty()) open = std::make_unique<Protector>(secret);
  for (const auto& r : test::split_records(wire)) {
    if (r.type == CT::application_data && open) {
      auto inner = open->open(r);
      ASSERT_TRUE(inner.has_value()) << "a captured record does not open";
      ASSERT_EQ(inner->first, CT::handshake);
      handshake.insert(handshake.end(), inner->second.begin(), inner->second.end());
    } else if (r.type == CT::handshake && !open) {
      c.record_version = r.version;
      handshake.insert(handshake.end(), r.fragment.begin(), r.fragment.end());
    } else {
      Bytes f = frame(r.type, r.fragment, r.version);
      c.prefix.insert(c.prefix.end(), f.begin(), f.end());
    }
  }
  c.messages = test::split_messages(handshake);
  c.secret = secret;
}

class Tls13Hostile : public ::testing::TestWithParam<Row> {};

TEST_P(Tls13Hostile, SendsTheExactAlert) {
  const Row& row = GetParam();
  SCOPED_TRACE(std::string("RFC 8446 ") + row.rule);
  auto cc = test::test_client_config();
  cc->cipher_suites = {CipherSuite::tls_aes_128_gcm_sha256};
  auto sc = test::test_server_config();
  // The forged server records continue the server's application sequence numbers from its flight;
  // NewSessionTickets after the client's Finished would use them up first.
  sc->tickets_per_handshake = 0;
  auto client_keys = test::record_keys(*cc);
  auto server_keys = test::record_keys(*sc);
  if (row.configure) row.configure(*cc, *sc);
  auto client = Connection::client(cc, "localhost");
  auto server = Connection::server(sc);
  ASSERT_TRUE(client.ok() && server.ok());
  Connection& c = **client;
  Connection& s = **server;

  Capture cap;
  const Bytes hello = drain(c);
  if (row.stage == Stage::before_client_hello) {
    ASSERT_EQ(row.receiver, Receiver::server);
    capture_flight(hello, {}, cap);
  } else if (row.stage == Stage::connected) {
    ASSERT_TRUE(s.receive(hello).ok());
    ASSERT_TRUE(test::pump(c, s).ok());
    ASSERT_TRUE(c.handshake_done() && s.handshake_done());
    cap.secret = row.receiver == Receiver::client ? (*server_keys)["SERVER_TRAFFIC_SECRET_0"]
                                                  : (*client_keys)["CLIENT_TRAFFIC_SECRET_0"];
  } else {
    ASSERT_TRUE(s.receive(hello).ok());
    const Bytes answer = drain(s);
    if (row.receiver == Receiver::client) {
      capture_flight(answer,
                     row.stage == Stage::after_server_hello
                         ? (*server_keys)["SERVER_HANDSHAKE_TRAFFIC_SECRET"]
                         : Bytes{},
                     cap);
      if (row.stage == Stage::after_client_hello) {
        // Only the first hello (ServerHello or HelloRetryRequest) is the row's to rewrite.
        cap.prefix.clear();
        cap.messages.resize(1);
      }
    } else {
      ASSERT_EQ(row.stage, Stage::after_client_hello);
      ASSERT_TRUE(c.receive(answer).ok());
      const Bytes second = drain(c);
      const bool retried = client_keys->secrets.count("CLIENT_HANDSHAKE_TRAFFIC_SECRET") == 0;
      capture_flight(second, retried ? Bytes{} : (*client_keys)["CLIENT_HANDSHAKE_TRAFFIC_SECRET"],
                     cap);
    }
  }
  if (::testing::Test::HasFailure()) return;

  Connection& receiver = row.receiver == Receiver::client ? c : s;
  Connection& peer = row.receiver == Receiver::client ? s : c;
  test::expect_refused(receiver, peer, row.make(cap), row.alert, row.wire,
                       // A protected TLS 1.3 record: alert (2), inner type (1), tag (16).
                       {CT::application_data, 19});
}

INSTANTIATE_TEST_SUITE_P(Table, Tls13Hostile, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace tlspp
