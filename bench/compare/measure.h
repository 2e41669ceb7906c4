// The measurements of tls_compare: which rows exist, how each is taken, and the figures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "driver.h"

namespace tlspp::bench {

// How long and how often to measure.
struct Settings {
  bool quick = false;   // every measurement once, briefly (proves the program works)
  int repetitions = 5;  // timed repetitions per cell (quick: 1)
  double seconds_per_rep = 0.5;
  std::size_t idle_connections = 2000;  // connection pairs per memory repetition (quick: 16)
  int memory_repetitions = 3;
  std::uint64_t alloc_handshakes = 200;  // handshakes per allocation-count repetition
  std::uint64_t alloc_records = 2000;    // 16 KiB records per allocation-count repetition
  std::string filter;                    // run only rows whose id or label contains this
};

Settings quick_settings();

// median/min/max over the repetitions of one cell.
struct Stats {
  double median = 0;
  double min = 0;
  double max = 0;
  int repetitions = 0;
};

Stats summarize(std::vector<double> samples);

struct Cell {
  enum class Kind { value, not_applicable, failed, absent };
  Kind kind = Kind::absent;  // absent: not measured (no such driver yet, or filtered out)
  Stats stats;
  std::string note;  // the n/a reason or the failure
};

// One line of the table.
struct Row {
  std::string id;     // stable key, e.g. "handshake.full.tls13.ecdsa"
  std::string label;  // what a reader sees
  std::string unit;
  bool higher_is_better = true;
  int decimals = 0;
  bool has_limit = false;  // bulk rows: the raw EVP seal+open figure
  Cell limit;
  std::vector<Cell> cells;  // one per Column, same order
};

// One implementation's column.
struct Column {
  std::string header;  // "OpenSSL", "GnuTLS", "tlspp"
  Role role = Role::peer;
  std::unique_ptr<Driver> driver;  // null: not available yet (shown as "—")
  std::string name;                // full name with version, or "not built yet"
  std::string verification;        // what the wrong-host-name check saw
  bool verification_ok = false;
};

// The columns: every registered driver, plus a placeholder subject column ("tlspp") while no
// subject driver is registered.
std::vector<Column> make_columns(const Credentials& credentials);

// Checks, per driver, that a client refuses the server's certificate for a wrong host name
// (proof that verification is on). Fills Column::verification*.
void check_verification(std::vector<Column>& columns);

// Runs every row that `settings.filter` selects and returns those rows. Progress goes to stderr.
std::vector<Row> run_measurements(const Settings& settings, std::vector<Column>& columns);

// All row ids and labels, for --list.
std::vector<Row> row_catalogue();

}  // namespace tlspp::bench
