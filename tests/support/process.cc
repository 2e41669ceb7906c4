#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace tlspp::test {

std::optional<Subprocess> Subprocess::start(const std::vector<std::string>& argv) {
  if (argv.empty()) return std::nullopt;
  int in_pipe[2], out_pipe[2];
  if (pipe(in_pipe) != 0) return std::nullopt;
  if (pipe(out_pipe) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    return std::nullopt;
  }
  pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(out_pipe[1], 2);
    close(in_pipe[0]);
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(out_pipe[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "exec %s failed: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  fcntl(out_pipe[0], F_SETFL, fcntl(out_pipe[0], F_GETFL) | O_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);  // a peer that exits early must not kill the test
  Subprocess p;
  p.pid_ = pid;
  p.stdin_fd_ = in_pipe[1];
  p.out_fd_ = out_pipe[0];
  return p;
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(other.pid_),
      stdin_fd_(other.stdin_fd_),
      out_fd_(other.out_fd_),
      status_(other.status_),
      output_(std::move(other.output_)) {
  other.pid_ = -1;
  other.stdin_fd_ = -1;
  other.out_fd_ = -1;
}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this == &other) return *this;
  if (pid_ > 0 && !status_) kill();
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (out_fd_ >= 0) close(out_fd_);
  pid_ = other.pid_;
  stdin_fd_ = other.stdin_fd_;
  out_fd_ = other.out_fd_;
  status_ = other.status_;
  output_ = std::move(other.output_);
  other.pid_ = -1;
  other.stdin_fd_ = -1;
  other.out_fd_ = -1;
  return *this;
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !status_) kill();
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (out_fd_ >= 0) close(out_fd_);
}

bool Subprocess::write_stdin(const std::string& data) {
  if (stdin_fd_ < 0) return false;
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(stdin_fd_, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

void Subprocess::close_stdin() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

void Subprocess::pump(std::chrono::milliseconds budget) {
  if (out_fd_ < 0) {
    std::this_thread::sleep_for(budget);
    return;
  }
  pollfd pfd{out_fd_, POLLIN, 0};
  if (poll(&pfd, 1, static_cast<int>(budget.count())) <= 0) return;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n > 0) {
      output_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {  // EOF
      close(out_fd_);
      out_fd_ = -1;
    }
    return;
  }
}

bool Subprocess::wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (output_.find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (out_fd_ < 0 && status_) return false;
    pump(std::chrono::milliseconds(20));
    if (out_fd_ < 0 && !status_) wait(std::chrono::milliseconds(0));
  }
  return true;
}

std::optional<int> Subprocess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int st = 0;
    pid_t r = waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      pump(std::chrono::milliseconds(0));
      return std::nullopt;
    }
    pump(std::chrono::milliseconds(10));
  }
  while (out_fd_ >= 0) pump(std::chrono::milliseconds(50));  // drain to EOF
  return status_;
}

void Subprocess::kill() {
  if (pid_ <= 0 || status_) return;
  ::kill(pid_, SIGTERM);
  if (!wait(std::chrono::milliseconds(2000))) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::milliseconds(2000));
  }
}

const std::string& Subprocess::output() {
  pump(std::chrono::milliseconds(0));
  return output_;
}

std::uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  std::uint16_t port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool wait_for_port(std::uint16_t port, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

bool have_program(const std::string& program) {
  return run_command("command -v " + program + " >/dev/null 2>&1").status == 0;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "tlspp-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool write_file(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  return static_cast<bool>(out);
}

CommandResult run_command(const std::string& command) {
  CommandResult r{-1, {}};
  FILE* f = popen((command + " 2>&1").c_str(), "r");
  if (f == nullptr) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.output.append(buf, n);
  int st = pclose(f);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return r;
}

}  // namespace tlspp::test
