// Helpers for the tests of the tlspp binary: running it with a private state directory, finding
// lines in order.
#pragma once

#include <string>
#include <vector>

#include "support/process.h"

namespace tlspp::tooltest {

// The tlspp binary of this build.
inline std::string tlspp() { return std::string(TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp"; }

// Runs `tlspp ARGS` through the shell with XDG_STATE_HOME=state (so the development certificates
// go to a temporary directory); stdout and stderr combined.
inline test::CommandResult run_tlspp(const std::string& state, const std::string& args,
                                     const std::string& env = "") {
  return test::run_command("env XDG_STATE_HOME=" + state + " NO_COLOR=1 " + env + " " + tlspp() +
                           " " + args);
}

// The position after each of `steps` found one after the other in `text`; on failure, the first
// step not found (so the assertion message names it).
struct InOrder {
  bool ok = true;
  std::string missing;
};
inline InOrder find_in_order(const std::string& text, const std::vector<std::string>& steps) {
  std::size_t at = 0;
  for (const auto& s : steps) {
    const std::size_t found = text.find(s, at);
    if (found == std::string::npos) return {false, s};
    at = found + s.size();
  }
  return {};
}

}  // namespace tlspp::tooltest
