// tls_compare: full and resumed handshakes, bulk throughput, idle-connection heap and allocation
// counts of OpenSSL libssl and GnuTLS (and, once it exists, tlspp), each client and server in this
// one process over in-memory pipes. See BENCHMARKS.md for how to read the table.
//
// Usage: tls_compare [--quick] [--filter SUBSTR] [--json FILE] [--certs DIR] [--reps N] [--list]
// Exit status: 0 when every selected figure was measured, 1 when one failed (a handshake error,
// a session not resumed, a verification check that did not refuse), 2 for a usage error.
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <string_view>

#include "measure.h"
#include "report.h"

#ifndef TLS_COMPARE_CERT_DIR
#define TLS_COMPARE_CERT_DIR "certs"
#endif

namespace {

constexpr std::string_view kUsage =
    "usage: tls_compare [options]\n"
    "  --quick          run every measurement once, briefly (CI: proves the program works)\n"
    "  --filter SUBSTR  run only rows whose id or label contains SUBSTR (see --list)\n"
    "  --json FILE      also write the results as JSON to FILE\n"
    "  --certs DIR      certificates from bench/gen_certs.sh (default: the build's)\n"
    "  --reps N         timed repetitions per figure (default 5)\n"
    "  --list           print the row ids and labels, then exit\n";

int usage_error(const std::string& what) {
  std::cerr << "tls_compare: " << what << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tlspp::bench;
  Settings settings;
  std::string json_path;
  std::string filter;
  int reps = 0;
  tlspp::bench::Credentials credentials{TLS_COMPARE_CERT_DIR};
  std::string command_line = "tls_compare";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    command_line += " " + std::string(arg);
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      command_line += " " + out;
      return true;
    };
    std::string v;
    if (arg == "--quick") {
      settings = quick_settings();
    } else if (arg == "--filter") {
      if (!value(filter)) return usage_error("--filter needs a value");
    } else if (arg == "--json") {
      if (!value(json_path)) return usage_error("--json needs a file");
    } else if (arg == "--certs") {
      if (!value(credentials.dir)) return usage_error("--certs needs a directory");
    } else if (arg == "--reps") {
      if (!value(v) || (reps = std::atoi(v.c_str())) < 1) return usage_error("--reps needs N >= 1");
    } else if (arg == "--list") {
      for (const Row& row : row_catalogue()) std::cout << row.id << "\t" << row.label << "\n";
      return 0;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      return usage_error("unknown argument " + std::string(arg));
    }
  }
  settings.filter = filter;
  if (reps > 0) settings.repetitions = reps;

  Machine machine = describe_machine();
  std::vector<Column> columns = make_columns(credentials);
  const auto wall_start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  check_verification(columns);
  const std::vector<Row> rows = run_measurements(settings, columns);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  machine.cpu_share = wall > 0 ? cpu / wall : 0;
  print_report(std::cout, machine, settings, columns, rows, command_line);
  if (!json_path.empty() &&
      !write_json(json_path, machine, settings, columns, rows, command_line)) {
    std::cerr << "tls_compare: cannot write " << json_path << "\n";
    return 1;
  }

  bool ok = true;
  for (const Column& c : columns) ok = ok && (!c.driver || c.verification_ok);
  for (const Row& row : rows) {
    ok = ok && row.limit.kind != Cell::Kind::failed;
    for (const Cell& cell : row.cells) ok = ok && cell.kind != Cell::Kind::failed;
  }
  return ok ? 0 : 1;
}
