// tlspp: the command-line tool. Dispatches to the subcommand named by the first argument.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "command.h"

namespace tlspp::tool {
namespace {
std::vector<Command>& registry() {
  static std::vector<Command> all;
  return all;
}
}  // namespace

Registration::Registration(Command command) {
  auto& all = registry();
  all.push_back(command);
  std::sort(all.begin(), all.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
}

const std::vector<Command>& commands() { return registry(); }

}  // namespace tlspp::tool

namespace {
void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: tlspp COMMAND [ARGS...]\n\ncommands:\n");
  for (const auto& c : tlspp::tool::commands()) {
    std::fprintf(out, "  %-12.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "\n'tlspp COMMAND --help' describes each command.\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : tlspp::tool::commands()) {
    if (c.name == name) return c.run(args);
  }
  std::fprintf(stderr, "tlspp: unknown command '%s'\n\n", name.c_str());
  print_usage(stderr);
  return 2;
}
