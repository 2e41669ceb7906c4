// Output of tls_compare: the machine description, the table (GitHub Markdown, on stdout) and the
// same data as JSON.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "measure.h"

namespace tlspp::bench {

struct Machine {
  std::string cpu;  // /proc/cpuinfo "model name"
  unsigned logical_cpus = 0;
  std::string cpu_flags;  // the ones that matter for TLS crypto (aes, avx2, vaes, ...)
  std::string kernel;     // uname -sr
  std::string compiler;
  std::string libcrypto;  // the libcrypto that the raw EVP column uses
  std::string date_utc;
  std::string load_average;  // /proc/loadavg at start: other work on a shared machine skews rates
  double cpu_share = 0;      // thread CPU time / wall time over the measurements (1 = had a core)
};

Machine describe_machine();

// Prints the header (machine, implementations, method) and the table of `rows`.
void print_report(std::ostream& out, const Machine& machine, const Settings& settings,
                  const std::vector<Column>& columns, const std::vector<Row>& rows,
                  const std::string& command_line);

// Writes the same data as JSON to `path`. Returns false if the file cannot be written.
bool write_json(const std::string& path, const Machine& machine, const Settings& settings,
                const std::vector<Column>& columns, const std::vector<Row>& rows,
                const std::string& command_line);

}  // namespace tlspp::bench
