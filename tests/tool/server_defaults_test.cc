// `tlspp server` and `tlspp serve` without --cert/--key present the development certificate of
// `tlspp cert` (created on first use under the state directory); a client trusting the
// development CA completes the handshake against them.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"
#include "tool/tool_run.h"

namespace tlspp::tooltest {
namespace {

using namespace std::chrono_literals;

// `tlspp ARGS...` as a background process with XDG_STATE_HOME=state, listening on `port`.
std::optional<test::Subprocess> start_listening(const std::string& state, std::uint16_t port,
                                                std::vector<std::string> args) {
  std::vector<std::string> argv = {"env", "XDG_STATE_HOME=" + state, tlspp()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto process = test::Subprocess::start(argv);
  if (!process || !test::wait_for_port(port, 20s)) {
    ADD_FAILURE() << "did not listen: " << (process ? process->output() : "not started");
    return std::nullopt;
  }
  return process;
}

TEST(ServerDefaults, ServeUsesTheDevelopmentCertificate) {
  test::TempDir state;
  const std::uint16_t port = test::free_port();
  auto serve = start_listening(state.path(), port, {"serve", "--port", std::to_string(port)});
  ASSERT_TRUE(serve);
  ASSERT_TRUE(serve->wait_for_output("with the development certificate", 5s)) << serve->output();
  const std::string ca = state.file("tlspp/ca.pem");
  auto r = test::run_command(tlspp() + " get --cafile " + ca +
                             " https://localhost:" + std::to_string(port) + "/handshake.json 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\"negotiated\":{\"version\":\"TLS 1.3\"", 0), 0u) << r.output;
  // Another run reuses the same CA: the client's trust still holds.
  serve.reset();
  auto again = start_listening(state.path(), port, {"serve", "--port", std::to_string(port)});
  ASSERT_TRUE(again);
  auto second = test::run_command(tlspp() + " get --cafile " + ca + " https://localhost:" +
                                  std::to_string(port) + "/handshake.json 2>&1");
  EXPECT_EQ(second.status, 0) << second.output;
}

TEST(ServerDefaults, ServerUsesTheDevelopmentCertificate) {
  test::TempDir state;
  const std::uint16_t port = test::free_port();
  auto server = start_listening(state.path(), port, {"server", "--port", std::to_string(port)});
  ASSERT_TRUE(server);
  ASSERT_TRUE(server->wait_for_output("with the development certificate", 5s)) << server->output();
  auto r = test::run_command(tlspp() + " get --cafile " + state.file("tlspp/ca.pem") +
                             " https://localhost:" + std::to_string(port) + "/ 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("tlspp: TLS 1.3 TLS_"), std::string::npos) << r.output;
}

TEST(ServerDefaults, CertWithoutKeyIsAUsageError) {
  test::TempDir state;
  for (const std::string command : {"server", "serve"}) {
    auto r = run_tlspp(state.path(), command + " --port 0 --cert /nonexistent.pem");
    EXPECT_EQ(r.status, 2) << command << ": " << r.output;
    EXPECT_NE(r.output.find("tlspp " + command + ": --cert and --key go together"),
              std::string::npos)
        << r.output;
  }
}

}  // namespace
}  // namespace tlspp::tooltest
