// Subprocess control for interop tests: start a real peer (openssl s_server, gnutls-cli, curl,
// the tlspp binary) on 127.0.0.1, feed it stdin, collect its output, stop it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tlspp::test {

class Subprocess {
 public:
  // Starts argv[0] (looked up in PATH) with stdin, stdout and stderr as pipes; stderr is merged
  // into the collected output. nullopt if it could not be started.
  static std::optional<Subprocess> start(const std::vector<std::string>& argv);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;  // stops the process this one ran
  Subprocess(const Subprocess&) = delete;
  ~Subprocess();  // kills the process if still running

  // Writes to the child's stdin; close_stdin() sends EOF.
  bool write_stdin(const std::string& data);
  void close_stdin();

  // Collects output until `needle` appears or `timeout` passes; true if it appeared.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout);
  // Waits for exit (collecting output) up to `timeout`; the exit status, or nullopt on timeout
  // (the process keeps running). A death by signal N is reported as 128 + N.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after a grace period.
  void kill();

  // Everything collected so far from stdout and stderr.
  const std::string& output();
  int pid() const { return pid_; }

 private:
  Subprocess() = default;
  void pump(std::chrono::milliseconds budget);

  int pid_ = -1;
  int stdin_fd_ = -1;
  int out_fd_ = -1;
  std::optional<int> status_;
  std::string output_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, close).
std::uint16_t free_port();

// True once something accepts TCP connections on 127.0.0.1:port, polling until `timeout`.
bool wait_for_port(std::uint16_t port, std::chrono::milliseconds timeout);

// True when `program` is found in PATH.
bool have_program(const std::string& program);

// A fresh temporary directory, removed with its contents when the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Reads a whole file (binary); nullopt if unreadable.
std::optional<std::string> read_file(const std::string& path);
bool write_file(const std::string& path, const std::string& data);

// Runs a shell command, returning its exit status and combined output.
struct CommandResult {
  int status;
  std::string output;
};
CommandResult run_command(const std::string& command);

}  // namespace tlspp::test
