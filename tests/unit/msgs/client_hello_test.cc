#include "msgs/client_hello.h"

#include <gtest/gtest.h>

#include "msgs/ext_key_share.h"
#include "msgs/ext_lists.h"
#include "msgs/ext_misc.h"
#include "msgs/ext_names.h"
#include "msgs/ext_pre_shared_key.h"
#include "msgs/new_session_ticket.h"
#include "msgs_test_util.h"

namespace tlspp::msgs {
namespace {

using testing::body_of;
using testing::concat;
using testing::encoded;
using testing::hex;
using testing::rfc8448_message;

// RFC 8448 §3: the client's first flight of the simple 1-RTT handshake.
ByteVector rfc8448_client_hello() { return rfc8448_message("3", "", "ClientHello"); }

template <class T>
T decode_extension(const ClientHello& hello, ExtensionType type) {
  const Extension* ext = hello.find_extension(type);
  EXPECT_NE(ext, nullptr) << name_of(type);
  if (ext == nullptr) return T{};
  auto body = T::decode(ext->body);
  EXPECT_TRUE(body.ok()) << body.error().to_string();
  return body.ok() ? *body : T{};
}

TEST(ClientHello, DecodesRfc8448SimpleHandshakeHelloFieldByField) {
  const ByteVector message = rfc8448_client_hello();
  ASSERT_EQ(message.size(), 196u);
  auto view = split_handshake_message(message);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->type, HandshakeType::client_hello);
  auto hello = ClientHello::decode(view->body);
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();

  EXPECT_EQ(hello->legacy_version, ProtocolVersion::tls1_2);
  // The random as printed in RFC 8448 §3's ClientHello bytes.
  EXPECT_EQ(ByteVector(hello->random.begin(), hello->random.end()),
            hex("6660261ff947cea49cce6cfad687f457cf1b14531ba14131a0e8f309a1d0b9c4"));
  EXPECT_TRUE(hello->legacy_session_id.empty());
  EXPECT_EQ(hello->cipher_suites,
            (std::vector<CipherSuite>{CipherSuite::tls_aes_128_gcm_sha256,
                                      CipherSuite::tls_chacha20_poly1305_sha256,
                                      CipherSuite::tls_aes_256_gcm_sha384}));
  EXPECT_EQ(hello->legacy_compression_methods, ByteVector{0});
  ASSERT_TRUE(hello->extensions.has_value());

  std::vector<ExtensionType> order;
  for (const Extension& e : hello->extensions->entries) order.push_back(e.type);
  EXPECT_EQ(order, (std::vector<ExtensionType>{
                       ExtensionType::server_name, ExtensionType::renegotiation_info,
                       ExtensionType::supported_groups, ExtensionType::session_ticket,
                       ExtensionType::key_share, ExtensionType::supported_versions,
                       ExtensionType::signature_algorithms, ExtensionType::psk_key_exchange_modes,
                       ExtensionType::record_size_limit}));

  EXPECT_EQ(decode_extension<ServerNameList>(*hello, ExtensionType::server_name).host_name(),
            "server");
  EXPECT_EQ(decode_extension<RenegotiationInfo>(*hello, ExtensionType::renegotiation_info)
                .renegotiated_connection,
            ByteVector{});
  EXPECT_EQ(
      decode_extension<SupportedGroups>(*hello, ExtensionType::supported_groups).groups,
      (std::vector<NamedGroup>{NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1,
                               NamedGroup::secp521r1, NamedGroup::ffdhe2048,
                               static_cast<NamedGroup>(0x0101), static_cast<NamedGroup>(0x0102),
                               static_cast<NamedGroup>(0x0103), static_cast<NamedGroup>(0x0104)}));
  EXPECT_TRUE(decode_extension<SessionTicketExtension>(*hello, ExtensionType::session_ticket)
                  .ticket.empty());

  const auto shares = decode_extension<KeyShareClientHello>(*hello, ExtensionType::key_share);
  ASSERT_EQ(shares.client_shares.size(), 1u);
  EXPECT_EQ(shares.client_shares[0].group, NamedGroup::x25519);
  // RFC 8448 §3: the client's ephemeral x25519 public key.
  auto client_public =
      test::rfc8448::find("3", "{client}  create an ephemeral x25519 key pair", "public key");
  ASSERT_TRUE(client_public.ok()) << client_public.error().to_string();
  EXPECT_EQ(shares.client_shares[0].key_exchange, *client_public);

  EXPECT_EQ(
      decode_extension<SupportedVersionsClientHello>(*hello, ExtensionType::supported_versions)
          .versions,
      std::vector<ProtocolVersion>{ProtocolVersion::tls1_3});
  EXPECT_EQ(
      decode_extension<SignatureSchemeList>(*hello, ExtensionType::signature_algorithms).schemes,
      (std::vector<SignatureScheme>{
          SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
          SignatureScheme::ecdsa_secp521r1_sha512, SignatureScheme::ecdsa_sha1,
          SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::rsa_pss_rsae_sha384,
          SignatureScheme::rsa_pss_rsae_sha512, SignatureScheme::rsa_pkcs1_sha256,
          SignatureScheme::rsa_pkcs1_sha384, SignatureScheme::rsa_pkcs1_sha512,
          SignatureScheme::rsa_pkcs1_sha1, static_cast<SignatureScheme>(0x0402),
          static_cast<SignatureScheme>(0x0502), static_cast<SignatureScheme>(0x0602),
          static_cast<SignatureScheme>(0x0202)}));
  EXPECT_EQ(
      decode_extension<PskKeyExchangeModes>(*hello, ExtensionType::psk_key_exchange_modes).modes,
      std::vector<PskKeyExchangeMode>{PskKeyExchangeMode::psk_dhe_ke});
  EXPECT_EQ(decode_extension<RecordSizeLimit>(*hello, ExtensionType::record_size_limit).limit,
            0x4001);
}

TEST(ClientHello, ReencodingRfc8448HelloGivesIdenticalBytes) {
  const ByteVector message = rfc8448_client_hello();
  auto hello = ClientHello::decode(body_of(message));
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  auto again = encode_handshake(*hello);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// RFC 8448 §4: the resumption ClientHello carries pre_shared_key (last) with one identity and one
// binder; its binder is computed over the "ClientHello prefix" (RFC 8446 §4.2.11.2 Truncate()).
TEST(ClientHello, Rfc8448ResumptionHelloTruncatesToTheBinderPrefix) {
  const ByteVector message = rfc8448_message("4", "{client}  send handshake record", "payload");
  ASSERT_EQ(message.size(), 512u);
  auto hello = ClientHello::decode(body_of(message));
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  ASSERT_TRUE(hello->extensions.has_value());
  EXPECT_EQ(hello->extensions->entries.back().type, ExtensionType::pre_shared_key);
  auto padding = Padding::decode(hello->find_extension(ExtensionType::padding)->body);
  ASSERT_TRUE(padding.ok());
  EXPECT_EQ(padding->length, 0x57u);
  EXPECT_TRUE(hello->find_extension(ExtensionType::early_data)->body.empty());

  auto psks = OfferedPsks::decode(hello->find_extension(ExtensionType::pre_shared_key)->body);
  ASSERT_TRUE(psks.ok()) << psks.error().to_string();
  ASSERT_EQ(psks->identities.size(), 1u);
  EXPECT_EQ(psks->identities[0].identity.size(), 0xb2u);
  // The identity is the ticket the server sent in §3's NewSessionTicket, and the obfuscated age
  // is that ticket's ticket_age_add plus the ticket's age in milliseconds.
  auto ticket =
      NewSessionTicketTls13::decode(body_of(rfc8448_message("3", "", "NewSessionTicket")));
  ASSERT_TRUE(ticket.ok()) << ticket.error().to_string();
  EXPECT_EQ(psks->identities[0].identity, ticket->ticket);
  EXPECT_EQ(psks->identities[0].obfuscated_ticket_age, 0x933d0937u);
  EXPECT_EQ(ticket->ticket_age_add, 0x933d0932u);

  auto binder = test::rfc8448::find("4", "{client}  calculate PSK binder", "finished");
  ASSERT_TRUE(binder.ok()) << binder.error().to_string();
  ASSERT_EQ(psks->binders.size(), 1u);
  EXPECT_EQ(psks->binders[0], *binder);

  auto prefix = test::rfc8448::find("4", "", "ClientHello prefix");
  ASSERT_TRUE(prefix.ok()) << prefix.error().to_string();
  auto truncated = truncate_client_hello(message, *psks);
  ASSERT_TRUE(truncated.ok()) << truncated.error().to_string();
  EXPECT_EQ(ByteVector(truncated->begin(), truncated->end()), *prefix);

  auto again = encode_handshake(*hello);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, message);
}

// A realistic hello built from typed values (the shape tlspp's own client sends).
ClientHello sample_hello() {
  ClientHello hello;
  for (std::size_t i = 0; i < hello.random.size(); ++i) {
    hello.random[i] = static_cast<std::uint8_t>(i);
  }
  hello.legacy_session_id = ByteVector(32, 0xAB);
  hello.cipher_suites = {static_cast<CipherSuite>(0x3A3A), CipherSuite::tls_aes_128_gcm_sha256,
                         CipherSuite::tls_chacha20_poly1305_sha256,
                         CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256};
  hello.legacy_compression_methods = {0};
  Extensions ext;
  ext.entries.push_back(
      *make_extension(ServerNameList{{{ServerNameType::host_name, "example.com"}}}));
  ext.entries.push_back(*make_extension(SupportedVersionsClientHello{
      {static_cast<ProtocolVersion>(0x7A7A), ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}}));
  ext.entries.push_back(
      *make_extension(SupportedGroups{{NamedGroup::x25519, NamedGroup::secp256r1}}));
  ext.entries.push_back(*make_extension(
      KeyShareClientHello{{KeyShareEntry{NamedGroup::x25519, ByteVector(32, 0x42)}}}));
  ext.entries.push_back(*make_extension(
      ExtensionType::signature_algorithms,
      SignatureSchemeList{{SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ed25519}}));
  ext.entries.push_back(*make_extension(AlpnProtocols{{"h2", "http/1.1"}}));
  ext.entries.push_back(*make_extension(ExtensionType::extended_master_secret, EmptyExtension{}));
  ext.entries.push_back(Extension{static_cast<ExtensionType>(0xFFEE), hex("0102")});
  hello.extensions = std::move(ext);
  return hello;
}

TEST(ClientHello, RoundTripsBuiltHelloWithGreaseAndUnknownExtension) {
  EXPECT_TRUE(testing::round_trips(sample_hello()));
}

TEST(ClientHello, AbsentExtensionsDifferFromAnEmptyBlock) {
  ClientHello no_block = sample_hello();
  no_block.extensions.reset();
  ClientHello empty_block = sample_hello();
  empty_block.extensions = Extensions{};
  EXPECT_TRUE(testing::round_trips(no_block));
  EXPECT_TRUE(testing::round_trips(empty_block));
  EXPECT_EQ(encoded(empty_block).size(), encoded(no_block).size() + 2);
  auto decoded = ClientHello::decode(encoded(no_block));
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded->extensions.has_value());
}

// Every proper prefix of a hello's body is refused with decode_error, except the one prefix that
// ends exactly after the compression methods: that is a complete extension-less (TLS 1.2-style)
// hello.
TEST(ClientHello, EveryTruncationIsDecodeErrorOrAnExtensionlessHello) {
  const ByteVector rfc_message = rfc8448_client_hello();
  const Bytes rfc_body = body_of(rfc_message);
  for (const ByteVector& body :
       {encoded(sample_hello()), ByteVector(rfc_body.begin(), rfc_body.end())}) {
    auto full = ClientHello::decode(body);
    ASSERT_TRUE(full.ok());
    ClientHello bare = *full;
    bare.extensions.reset();
    const std::size_t extensionless = encoded(bare).size();
    for (std::size_t n = 0; n < body.size(); ++n) {
      auto r = ClientHello::decode(Bytes(body).first(n));
      if (n == extensionless) {
        ASSERT_TRUE(r.ok()) << r.error().to_string();
        EXPECT_FALSE(r->extensions.has_value());
        continue;
      }
      ASSERT_FALSE(r.ok()) << "prefix of " << n << " bytes decoded";
      EXPECT_EQ(r.error().alert, AlertDescription::decode_error)
          << n << ": " << r.error().to_string();
      EXPECT_TRUE(r.error().code == ErrorCode::truncated ||
                  r.error().code == ErrorCode::empty_list ||
                  r.error().code == ErrorCode::bad_list_length)
          << n << ": " << r.error().to_string();
    }
  }
}

TEST(ClientHello, TrailingByteAfterExtensionsIsDecodeError) {
  ByteVector body = encoded(sample_hello());
  body.push_back(0);
  EXPECT_FAILS_WITH(ClientHello::decode(body), ErrorCode::trailing_data,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type in a given extension
// block."
TEST(ClientHello, DuplicateExtensionIsIllegalParameter) {
  ClientHello hello = sample_hello();
  hello.extensions->entries.push_back(hello.extensions->entries[2]);
  EXPECT_FAILS_WITH(ClientHello::decode(encoded(hello)), ErrorCode::duplicate_extension,
                    AlertDescription::illegal_parameter);
}

// RFC 8446 §4.2: oid_filters is CR-only; a ClientHello carrying it is illegal_parameter.
TEST(ClientHello, ExtensionForbiddenInClientHelloIsIllegalParameter) {
  ClientHello hello = sample_hello();
  hello.extensions->entries.push_back(Extension{ExtensionType::oid_filters, hex("0000")});
  EXPECT_FAILS_WITH(ClientHello::decode(encoded(hello)), ErrorCode::forbidden_extension,
                    AlertDescription::illegal_parameter);
}

OfferedPsks sample_psks() {
  return OfferedPsks{{PskIdentity{hex("0102030405"), 0x01020304}}, {ByteVector(32, 0x77)}};
}

// RFC 8446 §4.2.11: pre_shared_key "MUST be the last extension in the ClientHello"; otherwise
// illegal_parameter.
TEST(ClientHello, PreSharedKeyNotLastIsIllegalParameter) {
  ClientHello hello = sample_hello();
  auto& entries = hello.extensions->entries;
  entries.insert(entries.begin() + 1, *make_extension(sample_psks()));
  EXPECT_FAILS_WITH(ClientHello::decode(encoded(hello)), ErrorCode::pre_shared_key_not_last,
                    AlertDescription::illegal_parameter);
}

TEST(ClientHello, PreSharedKeyLastIsAcceptedAndTruncatesBeforeTheBinders) {
  ClientHello hello = sample_hello();
  hello.extensions->entries.push_back(*make_extension(sample_psks()));
  EXPECT_TRUE(testing::round_trips(hello));
  auto message = encode_handshake(hello);
  ASSERT_TRUE(message.ok());
  auto truncated = truncate_client_hello(*message, sample_psks());
  ASSERT_TRUE(truncated.ok());
  // The binders list: u16 length (33) + u8 length (32) + 32 bytes.
  EXPECT_EQ(truncated->size(), message->size() - 35);
  EXPECT_EQ(ByteVector(message->end() - 35, message->end()),
            concat(hex("0021 20"), ByteVector(32, 0x77)));
}

// RFC 8446 §4.1.2: cipher_suites<2..2^16-2>.
TEST(ClientHello, EmptyCipherSuiteListIsDecodeError) {
  ClientHello hello = sample_hello();
  hello.cipher_suites.clear();
  EXPECT_FAILS_WITH(ClientHello::decode(encoded(hello)), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

TEST(ClientHello, OddLengthCipherSuiteListIsDecodeError) {
  // legacy_version, random, empty session id, cipher_suites of 3 bytes, compression {0}.
  const ByteVector body =
      concat(concat(hex("0303"), ByteVector(32, 1)), hex("00 0003 130113 0100"));
  EXPECT_FAILS_WITH(ClientHello::decode(body), ErrorCode::bad_list_length,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.1.2: legacy_session_id<0..32>.
TEST(ClientHello, SessionIdLongerThan32BytesIsDecodeError) {
  ClientHello hello = sample_hello();
  hello.legacy_session_id = ByteVector(33, 0);
  EXPECT_FAILS_WITH(ClientHello::decode(encoded(hello)), ErrorCode::bad_list_length,
                    AlertDescription::decode_error);
}

// RFC 8446 §4.1.2: legacy_compression_methods<1..2^8-1>.
TEST(ClientHello, EmptyCompressionMethodsIsDecodeError) {
  ClientHello hello = sample_hello();
  hello.legacy_compression_methods.clear();
  EXPECT_FAILS_WITH(ClientHello::decode(encoded(hello)), ErrorCode::empty_list,
                    AlertDescription::decode_error);
}

TEST(ClientHello, CompressionMethodsAreKeptForTheHandshakeToCheck) {
  ClientHello hello = sample_hello();
  hello.legacy_compression_methods = {1, 0};
  auto decoded = ClientHello::decode(encoded(hello));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->legacy_compression_methods, (ByteVector{1, 0}));
}

TEST(ClientHello, ExtensionLengthPastTheBlockIsDecodeError) {
  ClientHello hello = sample_hello();
  hello.extensions.reset();
  // An extensions block of 4 bytes holding one extension that claims a 5-byte body.
  const ByteVector body = concat(encoded(hello), hex("0004 0000 0005"));
  EXPECT_FAILS_WITH(ClientHello::decode(body), ErrorCode::truncated,
                    AlertDescription::decode_error);
}

}  // namespace
}  // namespace tlspp::msgs
