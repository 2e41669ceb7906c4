// `tlspp selfcheck` embeds the RFC 8448 §3 values; running it checks those copies against the
// provider (whose results the other tests here check against the spec text itself).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace tlspp::kat {
namespace {

struct ToolRun {
  int exit_code = -1;
  std::string output;
};

ToolRun run_tool(const std::string& args) {
  const std::string command =
      std::string(TLSPP_BINARY_DIR) + "/tools/tlspp/tlspp " + args + " 2>&1";
  ToolRun run;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.output.append(buf, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// Lines of `text` that start with two spaces (a check) and end with `ending`.
std::size_t count_check_lines(const std::string& text, const std::string& ending) {
  std::size_t n = 0;
  std::size_t begin = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos;
       begin = end + 1, end = text.find('\n', begin)) {
    const std::string line = text.substr(begin, end - begin);
    if (line.rfind("  ", 0) == 0 && line.size() >= ending.size() &&
        line.compare(line.size() - ending.size(), ending.size(), ending) == 0) {
      ++n;
    }
  }
  return n;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(SelfcheckTool, AllChecksPassAndExitZero) {
  const ToolRun run = run_tool("selfcheck");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(count(run.output, "MISMATCH"), 0u) << run.output;
  // 23 key-schedule values and 4 round trips, each on its own line.
  EXPECT_EQ(count_check_lines(run.output, " ok"), 27u) << run.output;
  EXPECT_NE(run.output.find("selfcheck: all 27 checks ok"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("aead: ChaCha20-Poly1305"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("library: OpenSSL 3."), std::string::npos) << run.output;
}

TEST(SelfcheckTool, HelpPrintsUsageAndExitsZero) {
  const ToolRun run = run_tool("selfcheck --help");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output.rfind("usage: tlspp selfcheck", 0), 0u) << run.output;
}

TEST(SelfcheckTool, UnknownArgumentIsAUsageError) {
  const ToolRun run = run_tool("selfcheck --bogus");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("unexpected argument '--bogus'"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace tlspp::kat
