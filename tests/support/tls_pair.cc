#include "support/tls_pair.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "crypto/openssl/openssl_provider.h"
#include "x509/pem.h"

namespace tlspp::test {

std::shared_ptr<crypto::Provider> test_provider() {
  static std::shared_ptr<crypto::Provider> p = crypto::openssl::make_provider();
  return p;
}

std::string test_data_path(const std::string& file) {
  return std::string(TLSPP_SOURCE_DIR) + "/tests/data/tls/" + file;
}

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::shared_ptr<const CertifiedKey> test_identity(const std::string& name) {
  auto key = std::make_shared<CertifiedKey>();
  auto blocks = x509::parse_pem(slurp(test_data_path(name + "-chain.pem")));
  if (!blocks.ok()) return nullptr;
  for (auto& b : *blocks) key->chain.push_back(std::move(b.data));
  const std::string pem = slurp(test_data_path(name + "-key.pem"));
  auto pk = test_provider()->load_private_key(
      {reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()});
  if (!pk.ok()) return nullptr;
  key->key = std::shared_ptr<const crypto::PrivateKey>(std::move(pk).value());
  return key;
}

std::shared_ptr<const x509::TrustStore> test_trust_store() {
  static std::shared_ptr<const x509::TrustStore> store = [] {
    auto s = std::make_shared<x509::TrustStore>();
    (void)s->add_file(test_data_path("ca.pem"));
    return s;
  }();
  return store;
}

std::shared_ptr<ClientConfig> test_client_config() {
  auto c = std::make_shared<ClientConfig>();
  c->provider = test_provider();
  c->trust_store = test_trust_store();
  return c;
}

std::shared_ptr<ServerConfig> test_server_config(const std::string& identity) {
  auto s = std::make_shared<ServerConfig>();
  s->provider = test_provider();
  s->certificate = test_identity(identity);
  return s;
}

namespace {
// Moves what `from` has to send into `to`, chunk by chunk, until `to` stops taking bytes (it holds
// 64 KiB of unread plaintext, or it closed); what it did not take stays in `from`'s output. True if
// anything moved.
Result<bool> transfer(Connection& from, Connection& to, std::size_t chunk) {
  bool moved = false;
  while (!from.pending_output().empty()) {
    auto out = from.pending_output();
    std::vector<std::uint8_t> bytes(out.begin(), out.end());
    std::size_t taken = 0;
    while (taken < bytes.size()) {
      auto piece = std::span<const std::uint8_t>(bytes).subspan(taken);
      piece = piece.first(std::min(chunk, piece.size()));
      auto used = to.receive(piece);
      if (!used.ok()) {
        from.consume_output(bytes.size());
        return std::move(used).error();
      }
      if (*used == 0) break;
      taken += *used;
    }
    from.consume_output(taken);
    if (taken == 0) break;
    moved = true;
  }
  return moved;
}
}  // namespace

Status pump(Connection& client, Connection& server, std::size_t chunk) {
  for (int round = 0; round < 64; ++round) {
    TLSPP_ASSIGN_OR_RETURN(bool a, transfer(client, server, chunk));
    TLSPP_ASSIGN_OR_RETURN(bool b, transfer(server, client, chunk));
    if (!a && !b) return {};
  }
  return Error(ErrorCode::internal, "pump: no quiescence after 64 rounds");
}

Result<Pair> connect_pair(std::shared_ptr<const ClientConfig> client_config,
                          std::shared_ptr<const ServerConfig> server_config,
                          const std::string& server_name, std::size_t chunk) {
  TLSPP_ASSIGN_OR_RETURN(auto client, Connection::client(client_config, server_name));
  TLSPP_ASSIGN_OR_RETURN(auto server, Connection::server(server_config));
  auto status = pump(*client, *server, chunk);
  if (!status.ok()) {
    // Deliver a pending alert so the other side's error is visible too.
    (void)pump(*client, *server, chunk);
    return std::move(status).error();
  }
  return Pair{std::move(client), std::move(server)};
}

std::string read_all(Connection& c) {
  std::string out;
  std::uint8_t buf[4096];
  while (std::size_t n = c.read(buf)) out.append(reinterpret_cast<const char*>(buf), n);
  return out;
}

}  // namespace tlspp::test
