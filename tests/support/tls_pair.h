// In-memory TLS for tests: the committed test certificates (tests/data/tls, made by
// scripts/gen-tls-test-certs.sh), configs built from them, and a pump that moves bytes between a
// client and a server Connection.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>

#include "tlspp/connection.h"
#include "x509/trust_store.h"

namespace tlspp::test {

// The libcrypto provider shared by the tests.
std::shared_ptr<crypto::Provider> test_provider();
// tests/data/tls/<name>-chain.pem and <name>-key.pem ("ecdsa", "ecdsa384", "rsa", "ed25519").
std::shared_ptr<const CertifiedKey> test_identity(const std::string& name);
// A trust store holding the test CA.
std::shared_ptr<const x509::TrustStore> test_trust_store();
std::string test_data_path(const std::string& file);

std::shared_ptr<ClientConfig> test_client_config();
std::shared_ptr<ServerConfig> test_server_config(const std::string& identity = "ecdsa");

// Moves pending output from each side to the other, `chunk` bytes per receive() call, until
// neither has anything to send. Returns the first error either side reported.
Status pump(Connection& client, Connection& server,
            std::size_t chunk = std::numeric_limits<std::size_t>::max());

// Client and server connections with the handshake completed (asserting success is the caller's).
struct Pair {
  std::unique_ptr<Connection> client;
  std::unique_ptr<Connection> server;
};
Result<Pair> connect_pair(std::shared_ptr<const ClientConfig> client_config,
                          std::shared_ptr<const ServerConfig> server_config,
                          const std::string& server_name = "localhost",
                          std::size_t chunk = std::numeric_limits<std::size_t>::max());

// Everything readable from `c`, as a string.
std::string read_all(Connection& c);

}  // namespace tlspp::test
