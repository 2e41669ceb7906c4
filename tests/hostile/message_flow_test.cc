// Message flows (DESIGN.md, Tests): every legal handshake flow completes, and dropping, duplicating
// or swapping any one handshake message of a flight is refused by its receiver.
//
// Resumption flows first run a priming handshake whose session every run of the flow offers (the
// server state that opens it, ticket keys or session cache, is shared by the flow's runs; each run
// gets a fresh 0-RTT replay guard and all runs share a fixed clock, so every run is the same flow).
// TLS 1.3 0-RTT's EndOfEarlyData travels under the client's early traffic key: its records are
// dropped, duplicated or moved as they are.
//
// A flow is a client and a server config. The test first runs the flow as it is and records its
// flights (what one side sent in one go). Then, for every handshake flight and every mutation of
// its messages, it runs the flow again live up to that flight, rewrites the sender's real flight
// (TLS 1.3 encrypted messages are opened and sealed again with the sender's handshake secret from
// its key log; TLS 1.2 records after ChangeCipherSpec are kept as they are), and hands it to the
// receiver. The receiver must not complete its handshake: it fails with an alert, or, when the
// mutation only made the flight incomplete, it fails on what the sender sends next (here: its
// close_notify).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "support/tls_pair.h"
#include "tls13_capture.h"
#include "tlspp/connection.h"

namespace tlspp {
namespace {

using test::Bytes;
using test::drain;
using CT = ContentType;

struct Flow {
  const char* name;
  std::function<void(ClientConfig&, ServerConfig&)> configure;
  ProtocolVersion version;
  bool retried = false;  // a HelloRetryRequest happens
  // Resumption: the session the client offers (made once by a priming handshake), 0-RTT data.
  std::function<std::shared_ptr<const ClientSession>()> session = nullptr;
  std::string early_data = {};
};

// Test names and failure messages show the flow's name, not its bytes.
void PrintTo(const Flow& flow, std::ostream* os) { *os << flow.name; }

// Fixed time for every run of a flow (tickets' ages stay 0); the test certificates are valid now.
const std::int64_t kNow = system_clock()();

void base_config(ClientConfig& cc, ServerConfig& sc) {
  cc.session_store = nullptr;
  cc.cipher_suites = {CipherSuite::tls_aes_128_gcm_sha256,
                      CipherSuite::tls_ecdhe_ecdsa_with_aes_128_gcm_sha256};
  cc.clock = [] { return kNow; };
  sc.clock = [] { return kNow; };
}

// Server state a resumption flow's runs share, so the priming session resumes in each of them.
struct ResumptionState {
  std::shared_ptr<TicketKeys> ticket_keys = TicketKeys::create();
  std::shared_ptr<ServerSessionCache> cache = ServerSessionCache::create();
};

// A flow's configure for resumption: `tweak`, then the shared state (`use_tickets`: ticket keys;
// otherwise TLS 1.2 session IDs in the cache), and a fresh replay guard per run.
std::function<void(ClientConfig&, ServerConfig&)> resuming(
    std::shared_ptr<ResumptionState> state, bool use_tickets,
    std::function<void(ClientConfig&, ServerConfig&)> tweak) {
  return [=](ClientConfig& c, ServerConfig& s) {
    tweak(c, s);
    s.ticket_keys = use_tickets ? state->ticket_keys : nullptr;
    s.session_cache = state->cache;
    s.replay_guard = ReplayGuard::create();
  };
}

// Runs one full handshake with `configure` and returns the session the client got (once).
std::function<std::shared_ptr<const ClientSession>()> primed(
    std::function<void(ClientConfig&, ServerConfig&)> configure) {
  auto session = std::make_shared<std::shared_ptr<const ClientSession>>();
  return [configure, session] {
    if (*session) return *session;
    auto cc = test::test_client_config();
    auto sc = test::test_server_config();
    base_config(*cc, *sc);
    configure(*cc, *sc);
    cc->session_store = ClientSessionStore::create();
    auto pair = test::connect_pair(cc, sc);
    EXPECT_TRUE(pair.ok()) << pair.error().to_string();
    *session = cc->session_store->peek("localhost");
    EXPECT_NE(*session, nullptr) << "the priming handshake left no session";
    return *session;
  };
}

void client_auth(ClientConfig& c, ServerConfig& s) {
  c.client_certificate = test::test_identity("client-ecdsa");
  s.client_auth = ClientAuth::required;
  s.client_trust_store = test::test_trust_store();
}

Flow resumption_flow(const char* name, ProtocolVersion version, bool use_tickets,
                     std::string early_data = "") {
  auto state = std::make_shared<ResumptionState>();
  auto configure = resuming(state, use_tickets, [version](ClientConfig& c, ServerConfig& s) {
    c.max_version = version;
    s.max_early_data = 1024;
  });
  Flow f{name, configure, version};
  f.session = primed(configure);
  f.early_data = std::move(early_data);
  return f;
}

std::vector<Flow> flows() {
  return {
      resumption_flow("Tls13PskResumption", ProtocolVersion::tls1_3, true),
      resumption_flow("Tls13EarlyData", ProtocolVersion::tls1_3, true, "GET /early"),
      resumption_flow("Tls12ResumeSessionId", ProtocolVersion::tls1_2, false),
      resumption_flow("Tls12ResumeTicket", ProtocolVersion::tls1_2, true),
      {"Tls13ClientAuth", client_auth, ProtocolVersion::tls1_3},
      {"Tls12ClientAuth",
       [](ClientConfig& c, ServerConfig& s) {
         client_auth(c, s);
         c.max_version = ProtocolVersion::tls1_2;
       },
       ProtocolVersion::tls1_2},
      {"Tls13Full", [](ClientConfig&, ServerConfig&) {}, ProtocolVersion::tls1_3},
      {"Tls13HelloRetry",
       [](ClientConfig& c, ServerConfig& s) {
         c.groups = {NamedGroup::x25519, NamedGroup::secp256r1};
         s.groups = {NamedGroup::secp256r1};
       },
       ProtocolVersion::tls1_3, true},
      {"Tls12Ecdhe",
       [](ClientConfig& c, ServerConfig&) { c.max_version = ProtocolVersion::tls1_2; },
       ProtocolVersion::tls1_2},
      {"Tls12StaticRsa",
       [](ClientConfig& c, ServerConfig& s) {
         c.max_version = ProtocolVersion::tls1_2;
         c.allow_legacy_rsa_key_exchange = true;
         c.cipher_suites = {CipherSuite::tls_rsa_with_aes_128_gcm_sha256};
         s.allow_legacy_rsa_key_exchange = true;
         s.certificate = test::test_identity("rsa");
       },
       ProtocolVersion::tls1_2},
  };
}

// One live run of a flow: the pair and the key logs.
struct FlowRun {
  std::unique_ptr<Connection> client, server;
  std::shared_ptr<test::KeyLog> client_keys, server_keys;

  explicit FlowRun(const Flow& flow) {
    auto cc = test::test_client_config();
    auto sc = test::test_server_config();
    base_config(*cc, *sc);
    flow.configure(*cc, *sc);
    client_keys = test::record_keys(*cc);
    server_keys = test::record_keys(*sc);
    ClientParams params;
    params.server_name = "localhost";
    if (flow.session) params.resume = flow.session();
    params.early_data.assign(flow.early_data.begin(), flow.early_data.end());
    client = std::move(Connection::client(cc, std::move(params))).value();
    server = std::move(Connection::server(sc)).value();
  }
  Connection& side(bool client_side) { return client_side ? *client : *server; }
};

// A flight taken apart: plaintext handshake messages, then whatever records follow them in order.
// TLS 1.3: [ServerHello] [CCS] [early-key records] encrypted messages. TLS 1.2: messages [CCS,
// encrypted Finished].
struct Flight {
  std::vector<Bytes> plain;          // handshake messages in plaintext records
  Bytes ccs;                         // the ChangeCipherSpec record, if any
  std::vector<Bytes> early_records;  // TLS 1.3: records the handshake key does not open (the
                                     // client's EndOfEarlyData under its early key), as they are
  bool early_after = false;          // mutation: the early records after the encrypted ones
  std::vector<Bytes> encrypted;      // TLS 1.3 protected handshake messages (opened)
  Bytes sealed_tail;                 // TLS 1.2: records after ChangeCipherSpec, unchanged
  Bytes secret;                      // the sender's handshake traffic secret (TLS 1.3)
};

Flight take_apart(const Bytes& wire, const Bytes& secret) {
  Flight f;
  f.secret = secret;
  Bytes plain, encrypted;
  bool after_ccs = false;
  std::unique_ptr<test::Protector> open;
  if (!secret.empty()) open = std::make_unique<test::Protector>(secret);
  for (const auto& r : test::split_records(wire)) {
    if (r.type == CT::change_cipher_spec) {
      f.ccs = test::frame(r.type, r.fragment, r.version);
      after_ccs = true;
    } else if (r.type == CT::application_data && open) {
      auto inner = open->open(r);
      if (inner) {
        encrypted.insert(encrypted.end(), inner->second.begin(), inner->second.end());
      } else {
        EXPECT_TRUE(encrypted.empty()) << "a record the handshake key does not open, after one "
                                          "it opens";
        f.early_records.push_back(test::frame(r.type, r.fragment, r.version));
      }
    } else if (after_ccs || r.type != CT::handshake) {
      Bytes raw = test::frame(r.type, r.fragment, r.version);
      f.sealed_tail.insert(f.sealed_tail.end(), raw.begin(), raw.end());
    } else {
      plain.insert(plain.end(), r.fragment.begin(), r.fragment.end());
    }
  }
  f.plain = test::split_messages(plain);
  f.encrypted = test::split_messages(encrypted);
  return f;
}

Bytes put_together(const Flight& f) {
  Bytes out;
  if (!f.plain.empty()) out = test::frame(CT::handshake, test::join(f.plain));
  out.insert(out.end(), f.ccs.begin(), f.ccs.end());
  const Bytes early = test::join(f.early_records);
  if (!f.early_after) out.insert(out.end(), early.begin(), early.end());
  if (!f.encrypted.empty()) {
    Bytes r = test::Protector(f.secret).seal(CT::handshake, test::join(f.encrypted));
    out.insert(out.end(), r.begin(), r.end());
  }
  if (f.early_after) out.insert(out.end(), early.begin(), early.end());
  out.insert(out.end(), f.sealed_tail.begin(), f.sealed_tail.end());
  return out;
}

// The handshake traffic secret a flight's encrypted part is under (TLS 1.3; empty otherwise).
Bytes flight_secret(FlowRun& run, bool from_client) {
  auto& log = from_client ? *run.client_keys : *run.server_keys;
  const char* label =
      from_client ? "CLIENT_HANDSHAKE_TRAFFIC_SECRET" : "SERVER_HANDSHAKE_TRAFFIC_SECRET";
  return log.secrets.count(label) ? log.secrets.at(label) : Bytes{};
}

struct Mutation {
  std::string name;
  bool encrypted_part;
  std::function<void(std::vector<Bytes>&)> apply;
  bool early_part = false;  // applies to Flight::early_records
  bool move_early_after = false;
};

std::vector<Mutation> mutations(const Flight& f) {
  std::vector<Mutation> out;
  for (std::size_t i = 0; i < f.early_records.size(); ++i) {
    out.push_back({"drop early-key record #" + std::to_string(i), false,
                   [i](auto& m) { m.erase(m.begin() + static_cast<std::ptrdiff_t>(i)); }, true});
    out.push_back({"duplicate early-key record #" + std::to_string(i), false,
                   [i](auto& m) { m.insert(m.begin() + static_cast<std::ptrdiff_t>(i), m[i]); },
                   true});
  }
  if (!f.early_records.empty() && !f.encrypted.empty()) {
    out.push_back(
        {"early-key records after the handshake-key ones", false, [](auto&) {}, true, true});
  }
  for (bool enc : {false, true}) {
    const std::size_t n = enc ? f.encrypted.size() : f.plain.size();
    const std::string part = enc ? "encrypted" : "plain";
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back({"drop " + part + " #" + std::to_string(i), enc,
                     [i](auto& m) { m.erase(m.begin() + static_cast<std::ptrdiff_t>(i)); }});
      out.push_back({"duplicate " + part + " #" + std::to_string(i), enc,
                     [i](auto& m) { m.insert(m.begin() + static_cast<std::ptrdiff_t>(i), m[i]); }});
      if (i + 1 < n) {
        out.push_back({"swap " + part + " #" + std::to_string(i) + "," + std::to_string(i + 1), enc,
                       [i](auto& m) { std::swap(m[i], m[i + 1]); }});
      }
    }
  }
  return out;
}

// Delivers flights until `stop` flights have been delivered, starting with the client's
// ClientHello; returns false when a flight failed. The side to send next is the one with output.
struct Step {
  bool from_client;
  Bytes wire;
};

std::optional<Step> next_flight(FlowRun& run, bool& client_turn) {
  for (int tries = 0; tries < 2; ++tries) {
    Connection& sender = run.side(client_turn);
    Bytes wire = drain(sender);
    const bool from_client = client_turn;
    client_turn = !client_turn;
    if (!wire.empty()) return Step{from_client, std::move(wire)};
  }
  return std::nullopt;
}

class MessageFlow : public ::testing::TestWithParam<Flow> {};

TEST_P(MessageFlow, LegalFlowCompletes) {
  const Flow& flow = GetParam();
  FlowRun run(flow);
  bool client_turn = true;
  int flights = 0;
  while (auto step = next_flight(run, client_turn)) {
    ASSERT_TRUE(run.side(!step->from_client).receive(step->wire).ok());
    ++flights;
  }
  EXPECT_TRUE(run.client->handshake_done());
  EXPECT_TRUE(run.server->handshake_done());
  EXPECT_EQ(run.client->info().version, flow.version);
  EXPECT_EQ(run.server->info().resumed, flow.session != nullptr);
  EXPECT_EQ(run.server->info().early_data_accepted, !flow.early_data.empty());
  EXPECT_EQ(test::read_all(*run.server), flow.early_data);
  EXPECT_GE(flights, flow.retried ? 5 : 3);
}

TEST_P(MessageFlow, EveryDroppedDuplicatedOrSwappedMessageIsRefused) {
  const Flow& flow = GetParam();
  // Count the handshake flights of the legal flow.
  std::size_t handshake_flights = 0;
  {
    FlowRun run(flow);
    bool client_turn = true;
    while (auto step = next_flight(run, client_turn)) {
      Connection& receiver = run.side(!step->from_client);
      if (receiver.handshake_done()) break;
      ASSERT_TRUE(receiver.receive(step->wire).ok());
      ++handshake_flights;
    }
  }
  ASSERT_GE(handshake_flights, 3u);

  std::size_t cases = 0;
  std::size_t mutable_flights = 0;  // flights with a plaintext or TLS 1.3 encrypted message
  for (std::size_t target = 0; target < handshake_flights; ++target) {
    // Learn the target flight's shape from one run, then mutate it in fresh runs.
    std::vector<Mutation> all;
    {
      FlowRun run(flow);
      bool client_turn = true;
      for (std::size_t k = 0;; ++k) {
        auto step = next_flight(run, client_turn);
        ASSERT_TRUE(step.has_value());
        if (k == target) {
          all = mutations(take_apart(step->wire, flight_secret(run, step->from_client)));
          if (!all.empty()) ++mutable_flights;
          break;
        }
        ASSERT_TRUE(run.side(!step->from_client).receive(step->wire).ok());
      }
    }
    for (const Mutation& m : all) {
      SCOPED_TRACE("flight " + std::to_string(target) + ": " + m.name);
      FlowRun run(flow);
      bool client_turn = true;
      for (std::size_t k = 0;; ++k) {
        auto step = next_flight(run, client_turn);
        ASSERT_TRUE(step.has_value());
        Connection& receiver = run.side(!step->from_client);
        Connection& sender = run.side(step->from_client);
        if (k < target) {
          ASSERT_TRUE(receiver.receive(step->wire).ok());
          continue;
        }
        Flight f = take_apart(step->wire, flight_secret(run, step->from_client));
        m.apply(m.early_part ? f.early_records : m.encrypted_part ? f.encrypted : f.plain);
        f.early_after = m.move_early_after;
        auto r = receiver.receive(put_together(f));
        if (r.ok() && !receiver.handshake_done()) {
          // Incomplete rather than wrong so far: what the sender sends next must be refused.
          (void)sender.close();
          r = receiver.receive(drain(sender));
        }
        EXPECT_FALSE(receiver.handshake_done()) << "the receiver completed a mutated handshake";
        if (!r.ok()) {
          ASSERT_TRUE(receiver.error().has_value());
          if (receiver.error()->code != ErrorCode::peer_alert) {
            EXPECT_FALSE(receiver.pending_output().empty()) << "no alert queued";
          }
        } else {
          EXPECT_TRUE(receiver.peer_closed()) << "neither refused nor closed";
        }
        ++cases;
        break;
      }
    }
  }
  // Every message can be dropped and duplicated. Only the last flight of a TLS 1.2 abbreviated
  // handshake (ChangeCipherSpec, protected Finished) has no message to rewrite.
  EXPECT_GE(mutable_flights + 1, handshake_flights);
  EXPECT_GE(cases, 2u * mutable_flights);
}

INSTANTIATE_TEST_SUITE_P(Flows, MessageFlow, ::testing::ValuesIn(flows()),
                         [](const ::testing::TestParamInfo<Flow>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace tlspp
