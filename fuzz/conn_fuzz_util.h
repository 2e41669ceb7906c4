// Shared set-up of the Connection fuzzers (conn_client_fuzz, conn_server_fuzz): deterministic
// configs, and the recording of a real conversation that seeds the corpus.
//
// Both sides use a fresh DeterministicProvider with the same seed for every input and a fixed
// clock, and the server signs with Ed25519 (deterministic signatures), so a conversation recorded
// once replays exactly: the client's bytes drive a server through the whole handshake, the
// server's bytes drive a client. Mutations of those recordings then reach every state.
//
// Input layout (both targets): variant byte, chunk byte, then the peer's byte stream.
//   variant % 7: 0 TLS 1.3 (and 1.2) offered; 1 TLS 1.2 only; 2 TLS 1.2 static RSA (legacy option);
//     3 TLS 1.3 with a client certificate (the server requires one); 4 TLS 1.3 resumption with
//     0-RTT data (the client holds a ticket from a priming handshake); 5 TLS 1.2 resumption with a
//     session ticket; 6 TLS 1.2 with a client certificate
//   chunk: 0 feeds the stream in one receive(); n feeds n bytes per receive(); bit 7 set: every
//     other piece goes through receive_space() / commit_received() (chunk & 0x7f is the size).
// The resumption variants' session comes from one priming conversation per process (with the same
// deterministic configs), and each server input gets a fresh ReplayGuard, so replays stay exact.
// Seeds: run a target with TLSPP_FUZZ_WRITE_SEEDS=DIR to write the recorded conversations there
// (scripts/fuzz-seeds.sh does this for both targets).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "crypto/deterministic_provider.h"
#include "crypto/openssl/openssl_provider.h"
#include "support/tls_pair.h"
#include "tlspp/connection.h"

namespace tlspp::fuzz {

constexpr std::int64_t kNow = 1811808000000;  // 2027-06-01, inside the test certificates' validity
constexpr int kVariants = 7;
constexpr bool resumes(int variant) { return variant == 4 || variant == 5; }
constexpr bool tls12_only(int variant) { return variant == 1 || variant == 2 || variant >= 5; }
constexpr bool client_auth(int variant) { return variant == 3 || variant == 6; }

inline std::shared_ptr<crypto::Provider> inner_provider() {
  static const std::shared_ptr<crypto::Provider> p = crypto::openssl::make_provider();
  return p;
}

inline std::shared_ptr<crypto::Provider> fresh_provider(std::uint8_t seed) {
  const std::uint8_t s[1] = {seed};
  return std::make_shared<crypto::DeterministicProvider>(inner_provider(), s);
}

inline std::shared_ptr<const ClientConfig> base_client_config(int variant) {
  static const auto configs = [] {
    std::vector<std::shared_ptr<const ClientConfig>> v;
    for (int i = 0; i < kVariants; ++i) {
      auto c = test::test_client_config();
      c->clock = [] { return kNow; };
      c->session_store = nullptr;  // every input starts from the same ClientHello
      if (tls12_only(i)) c->max_version = ProtocolVersion::tls1_2;
      if (i == 2) {
        c->allow_legacy_rsa_key_exchange = true;
        c->cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
      }
      if (i == 3) c->client_certificate = test::test_identity("client-ecdsa");
      if (i == 6) {
        // RSA PKCS#1 v1.5 signs deterministically, so the TLS 1.2 CertificateVerify (which the
        // server's Finished covers) replays; the server signs with Ed25519.
        c->client_certificate = test::test_identity("client-rsa");
        c->signature_schemes = {SignatureScheme::ed25519, SignatureScheme::rsa_pkcs1_sha256};
      }
      v.push_back(c);
    }
    return v;
  }();
  return configs[static_cast<std::size_t>(variant)];
}

inline std::shared_ptr<const ServerConfig> base_server_config(int variant) {
  static const auto configs = [] {
    std::vector<std::shared_ptr<const ServerConfig>> v;
    for (int i = 0; i < kVariants; ++i) {
      auto s = test::test_server_config(i == 2 ? "rsa" : "ed25519");
      s->clock = [] { return kNow; };
      s->session_cache = nullptr;
      s->ticket_keys = TicketKeys::create(fresh_provider(99));
      if (i == 2) s->allow_legacy_rsa_key_exchange = true;
      if (client_auth(i)) {
        s->client_auth = ClientAuth::required;
        s->client_trust_store = test::test_trust_store();
      }
      if (i == 4) s->max_early_data = 1024;
      v.push_back(s);
    }
    return v;
  }();
  return configs[static_cast<std::size_t>(variant)];
}

template <class Config>
std::shared_ptr<const Config> with_fresh_provider(std::shared_ptr<const Config> base,
                                                  std::uint8_t seed) {
  auto c = std::make_shared<Config>(*base);
  c->provider = fresh_provider(seed);
  return c;
}

inline std::shared_ptr<const ClientConfig> client_config(int variant) {
  return with_fresh_provider(base_client_config(variant), 1);
}
inline std::shared_ptr<const ServerConfig> server_config(int variant) {
  auto c = std::make_shared<ServerConfig>(*with_fresh_provider(base_server_config(variant), 2));
  c->replay_guard = ReplayGuard::create();  // a 0-RTT replay of an earlier input is not a replay
  // Fresh ticket keys from the same seed: the same key opens the priming ticket, and tickets sealed
  // during a handshake (TLS 1.2 renews the ticket before its Finished) are the same every time.
  c->ticket_keys = TicketKeys::create(fresh_provider(99));
  return c;
}

inline std::shared_ptr<const ClientSession> priming_session(int variant);

// The client Connection of `variant` (resuming variants offer their priming session, variant 4
// with 0-RTT data).
inline std::unique_ptr<Connection> make_client(int variant) {
  ClientParams params;
  params.server_name = "localhost";
  if (resumes(variant)) {
    params.resume = priming_session(variant);
    if (!params.resume) std::abort();
    if (variant == 4) {
      const std::string early = "GET /early HTTP/1.1\r\nHost: localhost\r\n\r\n";
      params.early_data.assign(early.begin(), early.end());
    }
  }
  auto c = Connection::client(client_config(variant), std::move(params));
  if (!c.ok()) std::abort();
  return std::move(c).value();
}
inline std::unique_ptr<Connection> make_server(int variant) {
  auto s = Connection::server(server_config(variant));
  if (!s.ok()) std::abort();
  return std::move(s).value();
}

// Feeds `stream` to `conn` (all at once, or `chunk` bytes per call), reading whatever plaintext
// arrives and discarding the output, until the stream is used up or the connection fails. With
// bit 7 of `chunk` set (the rest is the chunk size), every other piece goes through
// receive_space() / commit_received() instead of receive() (as much of it as the space takes).
inline void feed(Connection& conn, std::span<const std::uint8_t> stream, std::size_t chunk) {
  const bool alternate = (chunk & 0x80) != 0;
  chunk &= 0x7f;
  std::uint8_t sink[4096];
  for (std::size_t piece_no = 0; !stream.empty() && !conn.closed(); ++piece_no) {
    const auto piece = stream.first(chunk == 0 ? stream.size() : std::min(chunk, stream.size()));
    Result<std::size_t> used = std::size_t{0};
    if (alternate && piece_no % 2 == 1) {
      const std::span<std::uint8_t> space = conn.receive_space();
      const std::size_t n = std::min(space.size(), piece.size());
      if (n > 0) std::memcpy(space.data(), piece.data(), n);
      if (auto s = conn.commit_received(n); s.ok()) {
        used = n;
      } else {
        used = std::move(s).error();
      }
    } else {
      used = conn.receive(piece);
    }
    while (conn.read(sink) > 0) {
    }
    conn.consume_output(conn.pending_output().size());
    if (!used.ok()) return;
    if (*used == 0 && conn.readable() == 0) return;  // no progress possible
    stream = stream.subspan(*used);
  }
}

// A complete conversation between a client and a server with this variant's configs: handshake,
// a request and a response, close_notify both ways. Returns what each side sent.
struct Conversation {
  std::vector<std::uint8_t> client_bytes;
  std::vector<std::uint8_t> server_bytes;
};

// Runs the conversation between `c` and `s`.
inline Conversation converse(Connection& c, Connection& s) {
  Conversation out;
  const std::string request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
  bool sent_request = false, sent_response = false;
  std::uint8_t sink[4096];
  auto move = [&](Connection& from, Connection& to, std::vector<std::uint8_t>& log) {
    auto bytes = from.pending_output();
    log.insert(log.end(), bytes.begin(), bytes.end());
    std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
    from.consume_output(copy.size());
    std::span<const std::uint8_t> rest(copy);
    while (!rest.empty()) {
      auto used = to.receive(rest);
      if (!used.ok()) return false;
      while (to.read(sink) > 0) {
      }
      rest = rest.subspan(*used);
    }
    return !copy.empty();
  };
  for (int round = 0; round < 32; ++round) {
    bool moved = move(c, s, out.client_bytes);
    moved = move(s, c, out.server_bytes) || moved;
    if (c.handshake_done() && !sent_request) {
      (void)c.write({reinterpret_cast<const std::uint8_t*>(request.data()), request.size()});
      sent_request = true;
      moved = true;
    }
    if (s.handshake_done() && sent_request && !sent_response) {
      (void)s.write({reinterpret_cast<const std::uint8_t*>(response.data()), response.size()});
      (void)s.close();
      sent_response = true;
      moved = true;
    }
    if (c.peer_closed() && !c.closed()) {
      (void)c.close();
      moved = true;
    }
    if (!moved) break;
  }
  return out;
}

inline Conversation record_conversation(int variant) {
  auto c = make_client(variant);
  auto s = make_server(variant);
  return converse(*c, *s);
}

// A session from one full handshake with the variant's configs (a client with a session store).
inline std::shared_ptr<const ClientSession> priming_session(int variant) {
  static std::shared_ptr<const ClientSession> sessions[kVariants];
  if (sessions[variant]) return sessions[variant];
  auto cfg = std::make_shared<ClientConfig>(*client_config(variant));
  cfg->session_store = ClientSessionStore::create();
  auto c = Connection::client(cfg, "localhost");
  if (!c.ok()) return nullptr;
  auto s = make_server(variant);
  (void)converse(**c, *s);
  sessions[variant] = cfg->session_store->peek("localhost");
  return sessions[variant];
}

// With TLSPP_FUZZ_WRITE_SEEDS=DIR, writes the seeds for each variant (the stream chosen by `pick`)
// into DIR, replays each into a connection made by `make` to report on stderr how far it gets, and
// exits.
template <class Pick, class Make>
void maybe_write_seeds(Pick pick, Make make) {
  const char* dir = std::getenv("TLSPP_FUZZ_WRITE_SEEDS");
  if (dir == nullptr) return;
  for (int v = 0; v < kVariants; ++v) {
    const Conversation conv = record_conversation(v);
    const std::vector<std::uint8_t>& stream = pick(conv);
    for (std::uint8_t chunk : {std::uint8_t{0}, std::uint8_t{7}}) {
      std::ofstream f(
          std::string(dir) + "/variant" + std::to_string(v) + "_chunk" + std::to_string(chunk),
          std::ios::binary);
      const char header[2] = {static_cast<char>(v), static_cast<char>(chunk)};
      f.write(header, 2);
      f.write(reinterpret_cast<const char*>(stream.data()),
              static_cast<std::streamsize>(stream.size()));
    }
    auto conn = make(v);
    feed(*conn, stream, 0);
    std::fprintf(stderr,
                 "variant %d: %zu bytes; replay: handshake_done=%d peer_closed=%d error=%s\n", v,
                 stream.size(), conn->handshake_done(), conn->peer_closed(),
                 conn->error() ? conn->error()->to_string().c_str() : "none");
  }
  std::exit(0);
}

}  // namespace tlspp::fuzz
