// What the interop tests share: the test certificates' paths, the tlspp binary, running a peer
// program to completion, and starting a listening peer (the tlspp server, openssl s_server) on a
// fresh 127.0.0.1 port.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"

// Skips the test when `program` is not in PATH (scripts/deps.sh installs the peers for CI).
#define TLSPP_REQUIRE_PROGRAM(program) \
  if (!::tlspp::test::have_program(program)) GTEST_SKIP() << program << " is not installed"

namespace tlspp::test {

// An HTTP/1.0 request for "/", as the interop clients send it.
inline constexpr char kHttp10Get[] = "GET / HTTP/1.0\r\n\r\n";

// tests/data/tls/<file> (the certificates of scripts/gen-tls-test-certs.sh).
std::string tls_data(const std::string& file);

// The tlspp binary of this build ($TLSPP_BINARY_DIR, else the configure-time build folder).
std::string tlspp_binary();

// Runs `argv` with `input` on stdin, then EOF; kills it after `timeout`. Its combined output (a
// test failure is recorded if it could not be started).
std::string run_to_completion(const std::vector<std::string>& argv, const std::string& input,
                              std::chrono::milliseconds timeout = std::chrono::seconds(20));

// How often `needle` occurs in `text` (overlapping occurrences count).
std::size_t count_of(const std::string& text, const std::string& needle);

// A peer program listening on `port`.
struct ListeningPeer {
  std::uint16_t port;
  std::optional<Subprocess> process;
};

// Starts `argv`, which listens on `port`, and waits up to `timeout` for the port. nullopt, with a
// test failure that shows the program's output, when it does not start or listen.
std::optional<Subprocess> start_server(
    const std::vector<std::string>& argv, std::uint16_t port,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Starts `argv`, which listens on `port`, and waits up to 5 s for the port (test failures are
// recorded otherwise).
ListeningPeer start_listening(const std::vector<std::string>& argv, std::uint16_t port);

// `tlspp server --tls1.2` with tests/data/tls/<identity>-{chain,key}.pem and `extra` flags.
ListeningPeer start_tlspp_server12(const std::string& identity = "ecdsa",
                                   const std::vector<std::string>& extra = {});

// `openssl s_server -tls1_2 -www` with <identity>-{chain,key}.pem and `extra` flags.
ListeningPeer start_openssl_server12(const std::string& identity = "ecdsa",
                                     const std::vector<std::string>& extra = {});

}  // namespace tlspp::test
