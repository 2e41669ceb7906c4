// Subcommands of the tlspp binary. Each lives in its own file and registers itself:
//
//   static const tlspp::tool::Registration kVerify{
//       {"verify", "check a certificate chain like a browser would", run_verify}};
//
// run() gets the arguments after the subcommand name and returns the process exit code. The tool
// may use exceptions at its edges; none escape run().
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tlspp::tool {

struct Command {
  std::string_view name;
  std::string_view summary;  // one line for `tlspp --help`
  int (*run)(const std::vector<std::string>& args);
};

// All registered commands, in name order.
const std::vector<Command>& commands();

struct Registration {
  explicit Registration(Command command);
};

}  // namespace tlspp::tool
