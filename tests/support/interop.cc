#include "support/interop.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace tlspp::test {

using namespace std::chrono_literals;

std::string tls_data(const std::string& file) {
  return std::string(TLSPP_SOURCE_DIR) + "/tests/data/tls/" + file;
}

std::string tlspp_binary() {
  const char* dir = std::getenv("TLSPP_BINARY_DIR");
  return std::string(dir ? dir : TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp";
}

std::string run_to_completion(const std::vector<std::string>& argv, const std::string& input,
                              std::chrono::milliseconds timeout) {
  auto p = Subprocess::start(argv);
  EXPECT_TRUE(p.has_value()) << argv.front() << " did not start";
  if (!p) return {};
  p->write_stdin(input);
  p->close_stdin();
  if (!p->wait(timeout)) p->kill();
  return p->output();
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::optional<Subprocess> start_server(const std::vector<std::string>& argv, std::uint16_t port,
                                       std::chrono::milliseconds timeout) {
  auto p = Subprocess::start(argv);
  if (!p) {
    ADD_FAILURE() << argv.front() << " did not start";
    return std::nullopt;
  }
  if (!wait_for_port(port, timeout)) {
    ADD_FAILURE() << argv.front() << " did not listen on " << port << ":\n" << p->output();
    return std::nullopt;
  }
  return p;
}

ListeningPeer start_listening(const std::vector<std::string>& argv, std::uint16_t port) {
  ListeningPeer peer{port, Subprocess::start(argv)};
  EXPECT_TRUE(peer.process.has_value()) << argv.front() << " did not start";
  EXPECT_TRUE(wait_for_port(port, 5s)) << argv.front() << " does not listen on " << port;
  return peer;
}

ListeningPeer start_tlspp_server12(const std::string& identity,
                                   const std::vector<std::string>& extra) {
  const std::uint16_t port = free_port();
  std::vector<std::string> argv = {tlspp_binary(), "server",
                                   "--port",       std::to_string(port),
                                   "--cert",       tls_data(identity + "-chain.pem"),
                                   "--key",        tls_data(identity + "-key.pem"),
                                   "--tls1.2"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return start_listening(argv, port);
}

ListeningPeer start_openssl_server12(const std::string& identity,
                                     const std::vector<std::string>& extra) {
  const std::uint16_t port = free_port();
  std::vector<std::string> argv = {"openssl",
                                   "s_server",
                                   "-accept",
                                   std::to_string(port),
                                   "-tls1_2",
                                   "-cert",
                                   tls_data(identity + "-chain.pem"),
                                   "-key",
                                   tls_data(identity + "-key.pem"),
                                   "-www"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return start_listening(argv, port);
}

}  // namespace tlspp::test
