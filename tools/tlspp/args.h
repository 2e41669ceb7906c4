// A small argument reader for the subcommands: "--name value", "--name=value", flags, and
// positional arguments. Unknown options are usage errors (exit code 2).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tlspp::tool {

class Args {
 public:
  explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

  // True (and consumed) when --name is present.
  bool flag(const std::string& name);
  // The value of --name (consumed), or nullopt. A missing value is recorded as an error.
  std::optional<std::string> value(const std::string& name);
  // Every value of a repeatable --name, in order.
  std::vector<std::string> values(const std::string& name);
  // What is left once every option was taken; options left over are errors.
  std::vector<std::string> positional();
  // The first usage error found ("unknown option --x", "--port needs a value"), if any.
  const std::optional<std::string>& error() const { return error_; }

 private:
  std::vector<std::string> args_;
  std::optional<std::string> error_;
};

// A decimal integer in [lo, hi] (digits only); nullopt otherwise. For option values.
std::optional<int> parse_int(const std::string& text, int lo, int hi);

// Splits "a,b,c" on commas, dropping empty items.
std::vector<std::string> split_list(const std::string& text);

// "host:port" or "[v6]:port"; nullopt when malformed.
struct HostPort {
  std::string host;
  std::uint16_t port;
};
std::optional<HostPort> parse_host_port(const std::string& text);

}  // namespace tlspp::tool
