// Every command answers a malformed option value with one line naming it and exit code 2 (never an
// uncaught exception), and a network failure with one line and exit code 3.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/process.h"
#include "tool/tool_run.h"

namespace tlspp::tooltest {
namespace {

struct Case {
  std::string args;
  std::string line;  // the whole first line of the output
};

TEST(UsageErrors, MalformedNumbersAreOneLineAndExitTwo) {
  test::TempDir state;
  const std::vector<Case> cases = {
      {"client localhost:1 --timeout x",
       "tlspp client: --timeout takes a number of seconds (1..86400)"},
      {"get https://localhost:1/ --timeout 0",
       "tlspp get: --timeout takes a number of seconds (1..86400)"},
      {"server --port 65536", "tlspp server: --port must be 0..65535"},
      {"server --port 80x", "tlspp server: --port must be 0..65535"},
      {"server --max-connections -1", "tlspp server: --max-connections must be a positive number"},
      {"serve --port x", "tlspp serve: --port must be 0..65535"},
      {"serve --max-connections 0", "tlspp serve: --max-connections must be 1..1000000"},
  };
  for (const Case& c : cases) {
    auto r = run_tlspp(state.path(), c.args + " </dev/null 2>&1");
    EXPECT_EQ(r.status, 2) << c.args << ": " << r.output;
    EXPECT_EQ(r.output.substr(0, r.output.find('\n')), c.line) << c.args << ": " << r.output;
  }
}

TEST(UsageErrors, RefusedConnectionIsOneLineAndExitThree) {
  test::TempDir state;
  const std::string port = std::to_string(test::free_port());
  for (const std::string& command :
       {"client 127.0.0.1:" + port, "get https://127.0.0.1:" + port + "/",
        "inspect 127.0.0.1:" + port}) {
    auto r = run_tlspp(state.path(), command + " </dev/null 2>&1");
    EXPECT_EQ(r.status, 3) << command << ": " << r.output;
    const std::string name = command.substr(0, command.find(' '));
    EXPECT_EQ(r.output, "tlspp " + name + ": connection refused by 127.0.0.1:" + port + "\n")
        << command;
  }
}

}  // namespace
}  // namespace tlspp::tooltest
