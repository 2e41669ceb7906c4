#include "report.h"

#include <sys/utsname.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <thread>

#include "raw_aead.h"

namespace tlspp::bench {
namespace {

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

// The value of the first "key : value" line of /proc/cpuinfo whose key is `key`.
std::string cpuinfo(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon != std::string::npos && trim(line.substr(0, colon)) == key) {
      return trim(line.substr(colon + 1));
    }
  }
  return "unknown";
}

std::string format_number(double v, int decimals) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(decimals) << v;
  return s.str();
}

std::string format_stats(const Stats& st, int decimals) {
  if (st.repetitions <= 1) return format_number(st.median, decimals);
  return format_number(st.median, decimals) + " (" + format_number(st.min, decimals) + "–" +
         format_number(st.max, decimals) + ")";
}

// Footnotes for n/a and failed cells, numbered in order of appearance.
struct Notes {
  std::vector<std::string> lines;
  std::string add(const std::string& who, const Row& row, const Cell& cell) {
    lines.push_back(who + ", " + row.label + ": " + cell.note);
    return " [" + std::to_string(lines.size()) + "]";
  }
};

std::string format_cell(const Cell& cell, int decimals, const std::string& who, const Row& row,
                        Notes& notes) {
  switch (cell.kind) {
    case Cell::Kind::value: return format_stats(cell.stats, decimals);
    case Cell::Kind::not_applicable: return "n/a" + notes.add(who, row, cell);
    case Cell::Kind::failed: return "FAILED" + notes.add(who, row, cell);
    case Cell::Kind::absent: break;
  }
  return "—";
}

// tlspp's figure divided by a peer's, or "—".
std::string ratio(const Cell& subject, const Cell& peer) {
  if (subject.kind != Cell::Kind::value || peer.kind != Cell::Kind::value) return "—";
  if (peer.stats.median == 0) return subject.stats.median == 0 ? "1.00×" : "∞";
  return format_number(subject.stats.median / peer.stats.median, 2) + "×";
}

// Display width in characters (UTF-8 continuation bytes do not count).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void print_markdown(std::ostream& out, const std::vector<std::vector<std::string>>& table) {
  std::vector<std::size_t> widths;
  for (const auto& line : table) {
    widths.resize(std::max(widths.size(), line.size()), 3);
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], width(line[i]));
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    out << "|";
    for (std::size_t i = 0; i < line.size(); ++i) {
      const std::string pad(widths[i] - width(line[i]), ' ');
      out << ' ' << (i < 2 ? line[i] + pad : pad + line[i]) << " |";
    }
    out << "\n";
  };
  print_line(table.front());
  out << "|";
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const std::string dashes(widths[i] + 1, '-');
    out << (i < 2 ? ":" + dashes : dashes + ":") << "|";
  }
  out << "\n";
  for (std::size_t i = 1; i < table.size(); ++i) print_line(table[i]);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  std::ostringstream s;
  s << std::setprecision(10) << v;
  return s.str();
}

std::string json_cell(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::value:
      return "{\"status\": \"ok\", \"median\": " + json_number(cell.stats.median) +
             ", \"min\": " + json_number(cell.stats.min) +
             ", \"max\": " + json_number(cell.stats.max) +
             ", \"repetitions\": " + std::to_string(cell.stats.repetitions) + "}";
    case Cell::Kind::not_applicable:
      return "{\"status\": \"n/a\", \"reason\": " + json_string(cell.note) + "}";
    case Cell::Kind::failed:
      return "{\"status\": \"failed\", \"reason\": " + json_string(cell.note) + "}";
    case Cell::Kind::absent: break;
  }
  return "{\"status\": \"absent\"}";
}

std::string method_text(const Settings& settings) {
  if (settings.quick) return "--quick: every figure from one short run (proves the program works)";
  std::ostringstream s;
  s << "rates per second of the measuring thread's CPU time; median of " << settings.repetitions
    << " repetitions of >= " << settings.seconds_per_rep
    << " s each (min–max in parentheses) after warm-up; memory: " << settings.idle_connections
    << " idle connection pairs x " << settings.memory_repetitions
    << " repetitions; allocations: " << settings.alloc_handshakes << " handshakes / "
    << settings.alloc_records << " records x " << settings.memory_repetitions << " repetitions";
  return s.str();
}

// The index of the subject (tlspp) column, or columns.size().
std::size_t subject_column(const std::vector<Column>& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].role == Role::subject) return i;
  }
  return columns.size();
}

}  // namespace

Machine describe_machine() {
  Machine m;
  m.cpu = cpuinfo("model name");
  m.logical_cpus = std::thread::hardware_concurrency();
  std::istringstream flags(cpuinfo("flags"));
  for (std::string flag; flags >> flag;) {
    for (const char* wanted :
         {"aes", "pclmulqdq", "avx2", "avx512f", "vaes", "vpclmulqdq", "sha_ni", "adx", "bmi2"}) {
      if (flag == wanted) m.cpu_flags += (m.cpu_flags.empty() ? "" : " ") + flag;
    }
  }
  utsname u{};
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
#if defined(__clang__)
  m.compiler = "clang++ " __clang_version__;
#elif defined(__GNUC__)
  m.compiler = "g++ " __VERSION__;
#else
  m.compiler = "unknown";
#endif
  m.libcrypto = libcrypto_version();
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
  m.date_utc = date;
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  if (loadavg >> one >> five >> fifteen) m.load_average = one + " " + five + " " + fifteen;
  return m;
}

void print_report(std::ostream& out, const Machine& machine, const Settings& settings,
                  const std::vector<Column>& columns, const std::vector<Row>& rows,
                  const std::string& command_line) {
  out << "## tls_compare: TLS implementations in one process, in memory\n\n";
  out << "- command: `" << command_line << "`\n";
  out << "- date: " << machine.date_utc << "; load average at start: " << machine.load_average
      << "; the measuring thread had a core " << format_number(machine.cpu_share * 100, 0)
      << "% of the wall time\n";
  out << "- CPU: " << machine.cpu << ", " << machine.logical_cpus
      << " logical CPUs (flags: " << machine.cpu_flags << ")\n";
  out << "- kernel: " << machine.kernel << "; compiler: " << machine.compiler << "\n";
  out << "- raw EVP column: " << machine.libcrypto << " libcrypto, EVP seal+open only\n";
  for (const Column& c : columns) {
    out << "- " << c.header << ": " << c.name;
    if (c.driver) out << "; verification check " << (c.verification_ok ? "ok" : "FAILED");
    out << "\n";
  }
  out << "- method: " << method_text(settings) << "\n";
  out << "- client and server in one thread over in-memory pipes; clients verify the chain and "
         "the host name; ratios are tlspp / peer (higher is better for rates, lower for "
         "KiB and calls)\n\n";

  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header = {"measurement", "unit", "raw EVP"};
  const std::size_t subject = subject_column(columns);
  for (const Column& c : columns) header.push_back(c.header);
  for (const Column& c : columns) {
    if (c.role == Role::peer && subject < columns.size()) {
      header.push_back(columns[subject].header + "/" + c.header);
    }
  }
  table.push_back(header);
  Notes notes;
  for (const Row& row : rows) {
    std::vector<std::string> line = {row.label, row.unit};
    line.push_back(row.has_limit ? format_cell(row.limit, row.decimals, "raw EVP", row, notes)
                                 : "");
    for (std::size_t i = 0; i < columns.size(); ++i) {
      line.push_back(format_cell(row.cells[i], row.decimals, columns[i].header, row, notes));
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].role == Role::peer && subject < columns.size()) {
        line.push_back(ratio(row.cells[subject], row.cells[i]));
      }
    }
    table.push_back(line);
  }
  print_markdown(out, table);
  if (!notes.lines.empty()) {
    out << "\n";
    for (std::size_t i = 0; i < notes.lines.size(); ++i) {
      out << "[" << i + 1 << "] " << notes.lines[i] << "\n";
    }
  }
  for (const Column& c : columns) {
    if (c.driver) out << "\n" << c.header << " verification: " << c.verification;
  }
  out << "\n";
}

bool write_json(const std::string& path, const Machine& machine, const Settings& settings,
                const std::vector<Column>& columns, const std::vector<Row>& rows,
                const std::string& command_line) {
  std::ofstream out(path);
  if (!out) return false;
  out << "{\n  \"command\": " << json_string(command_line) << ",\n";
  out << "  \"machine\": {\"cpu\": " << json_string(machine.cpu)
      << ", \"logical_cpus\": " << machine.logical_cpus
      << ", \"cpu_flags\": " << json_string(machine.cpu_flags)
      << ", \"kernel\": " << json_string(machine.kernel)
      << ", \"compiler\": " << json_string(machine.compiler)
      << ", \"libcrypto\": " << json_string(machine.libcrypto)
      << ", \"date_utc\": " << json_string(machine.date_utc)
      << ", \"load_average\": " << json_string(machine.load_average)
      << ", \"cpu_share\": " << json_number(machine.cpu_share) << "},\n";
  out << "  \"method\": " << json_string(method_text(settings)) << ",\n";
  out << "  \"columns\": [";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    out << (i ? ", " : "") << "{\"header\": " << json_string(c.header)
        << ", \"role\": " << json_string(c.role == Role::subject ? "subject" : "peer")
        << ", \"name\": " << json_string(c.name)
        << ", \"available\": " << (c.driver ? "true" : "false")
        << ", \"verification_ok\": " << (c.verification_ok ? "true" : "false")
        << ", \"verification\": " << json_string(c.verification) << "}";
  }
  out << "],\n  \"rows\": [\n";
  const std::size_t subject = subject_column(columns);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    out << "    {\"id\": " << json_string(row.id) << ", \"label\": " << json_string(row.label)
        << ", \"unit\": " << json_string(row.unit)
        << ", \"higher_is_better\": " << (row.higher_is_better ? "true" : "false");
    if (row.has_limit) out << ", \"raw_evp\": " << json_cell(row.limit);
    out << ", \"cells\": {";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out << (i ? ", " : "") << json_string(columns[i].header) << ": " << json_cell(row.cells[i]);
    }
    out << "}, \"ratios\": {";
    bool first = true;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].role != Role::peer || subject == columns.size()) continue;
      const Cell& a = row.cells[subject];
      const Cell& b = row.cells[i];
      const bool both =
          a.kind == Cell::Kind::value && b.kind == Cell::Kind::value && b.stats.median != 0;
      out << (first ? "" : ", ") << json_string(columns[subject].header + "/" + columns[i].header)
          << ": " << (both ? json_number(a.stats.median / b.stats.median) : "null");
      first = false;
    }
    out << "}}" << (r + 1 < rows.size() ? "," : "") << "\n";
  }
  out << "  ]\n}\n";
  return static_cast<bool>(out);
}

}  // namespace tlspp::bench
