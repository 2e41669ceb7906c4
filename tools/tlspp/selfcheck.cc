// `tlspp selfcheck`: lists what the crypto provider implements, then checks it end to end against
// the TLS 1.3 key schedule of RFC 8448 §3 ("Simple 1-RTT Handshake"), plus an AEAD round trip for
// each cipher and an X25519 exchange. Exit status 0 only if every check passes. The trace values
// are embedded below so that the tool runs without the spec files.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "codec/hex.h"
#include "command.h"
#include "crypto/openssl/openssl_provider.h"

namespace tlspp::tool {
namespace {

using crypto::HashAlg;
using ByteVector = std::vector<std::uint8_t>;

// RFC 8448 §3, as printed in draft-ietf-tls-tls13-vectors-07 (specs/rfc8448-draft-vectors.txt):
// the inputs (both X25519 private keys, ClientHello and ServerHello) and every value derived.
// kServerFinishedHash is the trace's Transcript-Hash(ClientHello..server Finished), given rather
// than recomputed to keep the server's certificate flight out of this file.
namespace rfc8448 {
constexpr std::string_view kClientPrivate =
    "70a1a8f491e82d530542c6d7a8dcd8cfa9e31f59bb336b550b13bfe199f542c5";
constexpr std::string_view kClientPublic =
    "4cfdfcd178b784bf328cae793b136f2aedce005ff183d7bb1495207236647037";
constexpr std::string_view kClientHello =
    "010000c003036660261ff947cea49cce6cfad687f457cf1b14531ba14131a0e8"
    "f309a1d0b9c4000006130113031302010000910000000b000900000673657276"
    "6572ff01000100000a00140012001d0017001800190100010101020103010400"
    "230000003300260024001d00204cfdfcd178b784bf328cae793b136f2aedce00"
    "5ff183d7bb1495207236647037002b0003020304000d0020001e040305030603"
    "020308040805080604010501060102010402050206020202002d00020101001c"
    "00024001";
constexpr std::string_view kEarlySecret =
    "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a";
constexpr std::string_view kServerPrivate =
    "5aa93ea18f4c5e4a39856f573af4ec1503bad0d5cdabaffc26c1ab4c361f86c8";
constexpr std::string_view kServerPublic =
    "c7bb6bdfc26350b929a08a41a76ddac210b096868d960c4845987dc3a7fa650a";
constexpr std::string_view kServerHello =
    "0200005603031274991495cf425857262dde2299342c315afba9b64a87d55251"
    "5614e01b045d00130100002e00330024001d0020c7bb6bdfc26350b929a08a41"
    "a76ddac210b096868d960c4845987dc3a7fa650a002b00020304";
constexpr std::string_view kDerivedForHandshake =
    "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba";
constexpr std::string_view kSharedSecret =
    "1bea3fdfd25f94033804b68997a55d1931dc51124ad7f6e28959bb4672e3bd13";
constexpr std::string_view kHandshakeSecret =
    "f2c66e28ed535dfb8721b7145ca51c8bc058514f79aa881d0d32cbe1341a2e45";
constexpr std::string_view kHelloHash =
    "3d35f3eba0aabf5d9661236e3b5bb938fdc32f409cc27c55499e1f0baa3abd8f";
constexpr std::string_view kClientHandshakeTraffic =
    "d7c28b57a857e961b5bf3e1d7b18d02757c4f97acb66a23372e5a7f3d0a71e07";
constexpr std::string_view kServerHandshakeTraffic =
    "3031e9c2c26ecc154bc36826e87feeff8f4547df52596747b2dcabf92b18fb59";
constexpr std::string_view kDerivedForMaster =
    "6aac276f77177e737a1fe91dcf0d2ec9cb4fcead8690703a15348b5e5220cafa";
constexpr std::string_view kMasterSecret =
    "a12970d9b27a3d59b6ecc1530d284073bd745ddc68d994e7a6ee70881b3d6da6";
constexpr std::string_view kServerHandshakeKey = "4d15c00e47317fe99c714f8ebd92c4d1";
constexpr std::string_view kServerHandshakeIv = "18223084735f2f2d8588caaa";
constexpr std::string_view kServerFinishedHash =
    "b285e2e2beb28adf85ce08112f7c4804cb52347a258edfa9c1bf31f7f808e8ce";
constexpr std::string_view kClientApplicationTraffic =
    "2dca43b0ae13af89e9533d39b65dd25cc22df9e7afcaf082a76895a4da353b50";
constexpr std::string_view kServerApplicationTraffic =
    "49033ff303eef5739d1376cb6d27ebd695733f3c3f617e7fc76d02a6fac6277f";
constexpr std::string_view kExporterMaster =
    "319b2e433f189fc5a1d81ea369e3af838cbecb0db8fffd5b9ab205afcdb999d9";
constexpr std::string_view kServerApplicationKey = "bbe6b3fc9c068c6fb331eca8aa919bfd";
constexpr std::string_view kServerApplicationIv = "8057dc46846821a1bea306e0";
constexpr std::string_view kClientHandshakeKey = "947fe41b60fa1bcf942d456268476e8d";
constexpr std::string_view kClientHandshakeIv = "962df1fc720f9574f7d22248";
constexpr std::string_view kClientApplicationKey = "d92b3e9a88ea7fe2ed69aa9c8b629e91";
constexpr std::string_view kClientApplicationIv = "37a828161ead2b6813ad0b13";
}  // namespace rfc8448

ByteVector unhex(std::string_view hex) { return codec::from_hex(hex).value_or(ByteVector{}); }

// Prints one line per check and counts the failures.
class Checks {
 public:
  // Compares `got` (or its error) with the expected hex value.
  void expect(std::string_view name, const Result<codec::SecretBytes>& got,
              std::string_view expected_hex) {
    if (!got.ok()) {
      report(name, false, got.error().to_string());
      return;
    }
    expect_bytes(name, got->span(), expected_hex);
  }

  void expect_bytes(std::string_view name, std::span<const std::uint8_t> got,
                    std::string_view expected_hex) {
    const std::string hex = codec::to_hex(got);
    report(name, hex == expected_hex, hex == expected_hex ? "" : "got " + hex);
  }

  void report(std::string_view name, bool ok, const std::string& detail = {}) {
    ++total_;
    if (!ok) ++failed_;
    std::printf("  %-44.*s %s%s%s\n", static_cast<int>(name.size()), name.data(),
                ok ? "ok" : "MISMATCH", detail.empty() ? "" : "  ", detail.c_str());
  }

  int total() const { return total_; }
  int failed() const { return failed_; }

 private:
  int total_ = 0;
  int failed_ = 0;
};

// The RFC 8448 §3 key schedule, each step computed from our own previous results.
void check_key_schedule(crypto::Provider& p, Checks& checks) {
  namespace t = rfc8448;
  std::printf("\nRFC 8448 §3 key schedule (TLS 1.3, X25519, SHA-256):\n");
  auto client = p.key_share_from_private(NamedGroup::x25519, unhex(t::kClientPrivate));
  auto server = p.key_share_from_private(NamedGroup::x25519, unhex(t::kServerPrivate));
  if (!client.ok() || !server.ok()) {
    checks.report("x25519 key shares", false,
                  (client.ok() ? server.error() : client.error()).to_string());
    return;
  }
  checks.expect_bytes("client key share", (*client)->public_key(), t::kClientPublic);
  checks.expect_bytes("server key share", (*server)->public_key(), t::kServerPublic);
  auto shared = (*client)->agree(unhex(t::kServerPublic));
  checks.expect("shared secret (client side)", shared, t::kSharedSecret);
  checks.expect("shared secret (server side)", (*server)->agree(unhex(t::kClientPublic)),
                t::kSharedSecret);
  if (!shared.ok()) return;

  const ByteVector zeros(32, 0);
  ByteVector empty_hash(32);
  (void)p.hash(HashAlg::sha256, {}, empty_hash);
  auto hash = p.new_hash(HashAlg::sha256);
  hash->update(unhex(t::kClientHello));
  hash->update(unhex(t::kServerHello));
  ByteVector hello_hash(32);
  (void)hash->digest(hello_hash);
  checks.expect_bytes("transcript hash ClientHello..ServerHello", hello_hash, t::kHelloHash);

  const auto derive = [&](const Result<codec::SecretBytes>& secret, std::string_view label,
                          std::span<const std::uint8_t> context) -> Result<codec::SecretBytes> {
    if (!secret.ok()) return secret.error();
    return crypto::derive_secret(p, HashAlg::sha256, *secret, label, context);
  };
  const auto expand = [&](const Result<codec::SecretBytes>& secret, std::string_view label,
                          std::size_t length) -> Result<codec::SecretBytes> {
    if (!secret.ok()) return secret.error();
    return crypto::hkdf_expand_label(p, HashAlg::sha256, *secret, label, {}, length);
  };
  const auto extract = [&](const Result<codec::SecretBytes>& salt,
                           std::span<const std::uint8_t> ikm) -> Result<codec::SecretBytes> {
    if (!salt.ok()) return salt.error();
    return p.hkdf_extract(HashAlg::sha256, *salt, ikm);
  };

  auto early = p.hkdf_extract(HashAlg::sha256, {}, zeros);
  checks.expect("early secret", early, t::kEarlySecret);
  auto derived_hs = derive(early, "derived", empty_hash);
  checks.expect("derived (for handshake)", derived_hs, t::kDerivedForHandshake);
  auto handshake = extract(derived_hs, *shared);
  checks.expect("handshake secret", handshake, t::kHandshakeSecret);
  auto c_hs = derive(handshake, "c hs traffic", hello_hash);
  checks.expect("client handshake traffic secret", c_hs, t::kClientHandshakeTraffic);
  auto s_hs = derive(handshake, "s hs traffic", hello_hash);
  checks.expect("server handshake traffic secret", s_hs, t::kServerHandshakeTraffic);
  checks.expect("client handshake key", expand(c_hs, "key", 16), t::kClientHandshakeKey);
  checks.expect("client handshake iv", expand(c_hs, "iv", 12), t::kClientHandshakeIv);
  checks.expect("server handshake key", expand(s_hs, "key", 16), t::kServerHandshakeKey);
  checks.expect("server handshake iv", expand(s_hs, "iv", 12), t::kServerHandshakeIv);
  auto derived_ms = derive(handshake, "derived", empty_hash);
  checks.expect("derived (for master)", derived_ms, t::kDerivedForMaster);
  auto master = extract(derived_ms, zeros);
  checks.expect("master secret", master, t::kMasterSecret);
  const ByteVector finished_hash = unhex(t::kServerFinishedHash);
  auto c_ap = derive(master, "c ap traffic", finished_hash);
  checks.expect("client application traffic secret", c_ap, t::kClientApplicationTraffic);
  auto s_ap = derive(master, "s ap traffic", finished_hash);
  checks.expect("server application traffic secret", s_ap, t::kServerApplicationTraffic);
  checks.expect("exporter master secret", derive(master, "exp master", finished_hash),
                t::kExporterMaster);
  checks.expect("client application key", expand(c_ap, "key", 16), t::kClientApplicationKey);
  checks.expect("client application iv", expand(c_ap, "iv", 12), t::kClientApplicationIv);
  checks.expect("server application key", expand(s_ap, "key", 16), t::kServerApplicationKey);
  checks.expect("server application iv", expand(s_ap, "iv", 12), t::kServerApplicationIv);
}

// Seal, open, and refuse a tampered record with each AEAD; agree on an X25519 secret.
void check_primitives(crypto::Provider& p, Checks& checks) {
  std::printf("\nround trips:\n");
  for (crypto::AeadAlg alg : {crypto::AeadAlg::aes_128_gcm, crypto::AeadAlg::aes_256_gcm,
                              crypto::AeadAlg::chacha20_poly1305}) {
    const std::string name = "AEAD " + std::string(crypto::name_of(alg));
    auto aead = p.new_aead(alg, ByteVector(crypto::aead_key_size(alg), 0x24));
    if (!aead.ok()) {
      checks.report(name, false, aead.error().to_string());
      continue;
    }
    const ByteVector nonce(crypto::kAeadNonceSize, 0x01);
    const ByteVector aad = {0x17, 0x03, 0x03, 0x00, 0x20};
    const ByteVector plaintext(1000, 0x61);
    ByteVector record = plaintext;
    ByteVector tag(crypto::kAeadTagSize);
    const bool sealed = (*aead)->seal(nonce, aad, record, tag).ok() && record != plaintext;
    ByteVector tampered = record;
    tampered[0] ^= 1;
    const bool opened = (*aead)->open(nonce, aad, record, tag).ok() && record == plaintext;
    auto refused = (*aead)->open(nonce, aad, tampered, tag);
    const bool tamper_detected =
        !refused.ok() && refused.error().code == ErrorCode::aead_open_failed;
    checks.report(name + " seal/open/tamper", sealed && opened && tamper_detected);
  }
  auto a = p.generate_key_share(NamedGroup::x25519);
  auto b = p.generate_key_share(NamedGroup::x25519);
  bool agreed = false;
  if (a.ok() && b.ok()) {
    auto ab = (*a)->agree((*b)->public_key());
    auto ba = (*b)->agree((*a)->public_key());
    agreed = ab.ok() && ba.ok() && codec::ct_equal(*ab, *ba);
  }
  checks.report("X25519 agreement (generated key shares)", agreed);
}

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: tlspp selfcheck\n\n"
               "Lists the algorithms of the crypto provider (OpenSSL libcrypto), then checks it:\n"
               "the TLS 1.3 key schedule of RFC 8448 §3 (every secret, key and IV of the trace),\n"
               "an AEAD seal/open/tamper round trip per cipher, and an X25519 agreement.\n"
               "Each check prints \"ok\" or \"MISMATCH\". Exit status: 0 if all pass, 1 if\n"
               "any fails, 2 on a usage error.\n");
}

int run_selfcheck(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return 0;
    }
    std::fprintf(stderr, "tlspp selfcheck: unexpected argument '%s'\n\n", arg.c_str());
    print_usage(stderr);
    return 2;
  }
  auto provider = crypto::openssl::make_provider();
  std::printf("provider: %.*s\n", static_cast<int>(provider->name().size()),
              provider->name().data());
  for (const std::string& line : provider->algorithms()) std::printf("  %s\n", line.c_str());

  Checks checks;
  check_key_schedule(*provider, checks);
  check_primitives(*provider, checks);
  if (checks.failed() == 0) {
    std::printf("\nselfcheck: all %d checks ok\n", checks.total());
    return 0;
  }
  std::printf("\nselfcheck: %d of %d checks failed\n", checks.failed(), checks.total());
  return 1;
}

const Registration kSelfcheck{
    {"selfcheck", "list the crypto provider's algorithms and check it against RFC 8448",
     run_selfcheck}};

}  // namespace
}  // namespace tlspp::tool
