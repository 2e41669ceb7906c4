#include "measure.h"

#include <time.h>

#include <algorithm>
#include <functional>
#include <iostream>

#include "alloc_counter.h"
#include "raw_aead.h"

namespace tlspp::bench {
namespace {

constexpr std::size_t kKiB = 1024;
constexpr std::size_t kRecordSize = 16 * kKiB;

enum class Kind { handshake, bulk, memory, alloc_handshake, alloc_record };

// What a row measures.
struct Spec {
  Row row;
  Kind kind;
  Scenario scenario;
  std::size_t write_size = 0;  // bulk
  Side side = Side::client;    // memory
  bool released = false;       // memory: after the library released its buffers
};

Scenario scenario(Version v, CertKind c, Aead a = Aead::aes_128_gcm,
                  Resumption r = Resumption::none) {
  Scenario s;
  s.version = v;
  s.cert = c;
  s.aead = a;
  s.resumption = r;
  return s;
}

Spec spec(std::string id, std::string label, std::string unit, bool higher, int decimals, Kind kind,
          Scenario s) {
  Spec sp{Row{}, kind, std::move(s)};
  sp.row.id = std::move(id);
  sp.row.label = std::move(label);
  sp.row.unit = std::move(unit);
  sp.row.higher_is_better = higher;
  sp.row.decimals = decimals;
  return sp;
}

std::vector<Spec> specs() {
  using enum Version;
  using enum CertKind;
  using enum Aead;
  std::vector<Spec> all;
  all.push_back(spec("handshake.full.tls13.ecdsa", "Full handshakes, TLS 1.3 X25519 ECDSA P-256",
                     "hs/s", true, 0, Kind::handshake, scenario(tls13, ecdsa_p256)));
  all.push_back(spec("handshake.full.tls13.rsa", "Full handshakes, TLS 1.3 X25519 RSA-2048", "hs/s",
                     true, 0, Kind::handshake, scenario(tls13, rsa_2048)));
  all.push_back(spec("handshake.full.tls12.ecdsa",
                     "Full handshakes, TLS 1.2 ECDHE-ECDSA-AES128-GCM-SHA256", "hs/s", true, 0,
                     Kind::handshake, scenario(tls12, ecdsa_p256)));
  all.push_back(spec("handshake.resumed.tls13.psk_dhe_ke",
                     "Resumed handshakes, TLS 1.3 ticket, psk_dhe_ke", "hs/s", true, 0,
                     Kind::handshake,
                     scenario(tls13, ecdsa_p256, aes_128_gcm, Resumption::psk_dhe_ke)));
  all.push_back(spec("handshake.resumed.tls13.psk_ke", "Resumed handshakes, TLS 1.3 ticket, psk_ke",
                     "hs/s", true, 0, Kind::handshake,
                     scenario(tls13, ecdsa_p256, aes_128_gcm, Resumption::psk_ke)));
  all.push_back(spec("handshake.resumed.tls12.ticket", "Resumed handshakes, TLS 1.2 session ticket",
                     "hs/s", true, 0, Kind::handshake,
                     scenario(tls12, ecdsa_p256, aes_128_gcm, Resumption::ticket12)));
  for (Aead aead : {aes_128_gcm, chacha20_poly1305}) {
    for (std::size_t size : {kRecordSize, kKiB}) {
      const std::string size_name = size == kRecordSize ? "16k" : "1k";
      const std::string aead_id = aead == aes_128_gcm ? "aes128gcm" : "chacha20poly1305";
      Spec sp = spec("bulk.tls13." + aead_id + "." + size_name,
                     "Bulk client->server, TLS 1.3 " + std::string(to_string(aead)) + ", " +
                         std::to_string(size / kKiB) + " KiB writes",
                     "MB/s", true, 0, Kind::bulk, scenario(tls13, ecdsa_p256, aead));
      sp.write_size = size;
      sp.row.has_limit = true;
      all.push_back(std::move(sp));
    }
  }
  for (bool released : {false, true}) {
    for (Side side : {Side::client, Side::server}) {
      const std::string side_name = side == Side::client ? "client" : "server";
      Spec sp = spec(std::string("memory.idle") + (released ? "_released." : ".") + side_name,
                     "Heap per idle TLS 1.3 connection, " + side_name +
                         (released ? ", after releasing buffers" : ""),
                     "KiB", false, 1, Kind::memory, scenario(tls13, ecdsa_p256));
      sp.side = side;
      sp.released = released;
      all.push_back(std::move(sp));
    }
  }
  all.push_back(spec("allocs.handshake.tls13",
                     "Allocations per full TLS 1.3 handshake (client+server)", "calls", false, 0,
                     Kind::alloc_handshake, scenario(tls13, ecdsa_p256)));
  Spec record = spec("allocs.record.16k", "Allocations per 16 KiB record (write+read)", "calls",
                     false, 2, Kind::alloc_record, scenario(tls13, ecdsa_p256));
  record.write_size = kRecordSize;
  record.row.has_limit = true;
  all.push_back(std::move(record));
  return all;
}

// CPU seconds used by this thread: time the shared machine gives to other processes is not
// counted, so rates stay comparable under load (on an idle core it equals wall time).
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double seconds_since(double start) { return cpu_seconds() - start; }

void absorb(Batch& total, const Batch& b) {
  total.done += b.done;
  if (b.failures != 0 && total.failures == 0) total.first_failure = b.first_failure;
  total.failures += b.failures;
}

Cell value_cell(std::vector<double> samples) {
  Cell cell;
  cell.kind = Cell::Kind::value;
  cell.stats = summarize(std::move(samples));
  return cell;
}

Cell note_cell(Cell::Kind kind, std::string note) {
  Cell cell;
  cell.kind = kind;
  cell.note = std::move(note);
  return cell;
}

Cell failed_cell(const Batch& total) {
  return note_cell(Cell::Kind::failed,
                   total.first_failure + " (" + std::to_string(total.failures) + " failures)");
}

// The cell for a runner that could not be prepared.
template <class T>
Cell unprepared(const Prepared<T>& p) {
  if (!p.not_applicable.empty()) return note_cell(Cell::Kind::not_applicable, p.not_applicable);
  return note_cell(Cell::Kind::failed, p.error.empty() ? "no runner" : p.error);
}

// One runner of a row being timed, and where its figure goes.
struct Contender {
  Cell* cell;
  std::function<Batch(std::uint64_t)> run;  // owns the runner
  std::uint64_t unit;  // size of one unit in run()'s argument: 1 handshake, or write-size bytes
  double scale;        // figure = units done per CPU second * scale
  std::uint64_t units = 1;  // units per call, sized by the warm-up
  Batch total;
  std::vector<double> samples;
};

// Adds the runner of `prepared` to `out`, or sets `cell` to why there is none.
template <class T>
void add_contender(std::vector<Contender>& out, Cell* cell, Prepared<T> prepared,
                   std::uint64_t unit, double scale) {
  if (!prepared.runner) {
    *cell = unprepared(prepared);
    return;
  }
  std::shared_ptr<T> runner(std::move(prepared.runner));
  out.push_back(
      {cell, [runner](std::uint64_t n) { return runner->run(n); }, unit, scale, 1, {}, {}});
}

// One timed repetition of `c`: calls until `seconds` of CPU time have passed.
void time_once(Contender& c, double seconds) {
  const double start = cpu_seconds();
  std::uint64_t done = 0;
  double elapsed = 0;
  do {
    const Batch b = c.run(c.units * c.unit);
    done += b.done;
    absorb(c.total, b);
    elapsed = seconds_since(start);
  } while (elapsed < seconds);
  c.samples.push_back(static_cast<double>(done) / elapsed * c.scale);
}

// Times every contender of a row, repetitions interleaved (A B C, A B C, ...) so that all of them
// see the same conditions on a shared machine; then fills their cells. --quick: one call of
// `quick_units` units each.
void time_row(std::vector<Contender>& contenders, std::uint64_t quick_units,
              const Settings& settings) {
  for (Contender& c : contenders) {
    if (settings.quick) {
      c.units = quick_units;
      time_once(c, 0);
      continue;
    }
    // Warm up and size a call to take at least 20 ms.
    for (;;) {
      const double start = cpu_seconds();
      absorb(c.total, c.run(c.units * c.unit));
      if (seconds_since(start) >= 0.02 || c.units >= (1u << 30)) break;
      c.units *= 2;
    }
  }
  for (int rep = 0; !settings.quick && rep < settings.repetitions; ++rep) {
    for (Contender& c : contenders) time_once(c, settings.seconds_per_rep);
  }
  for (Contender& c : contenders) {
    *c.cell = c.total.failures != 0 ? failed_cell(c.total) : value_cell(std::move(c.samples));
  }
}

// Allocation calls per unit of run(): `units` units of size `unit` per repetition.
template <class Runner>
Cell count_allocations(Prepared<Runner> prepared, std::uint64_t unit, std::uint64_t units,
                       int repetitions) {
  if (!prepared.runner) return unprepared(prepared);
  Runner& runner = *prepared.runner;
  Batch total;
  absorb(total, runner.run(4 * unit));  // warm-up: lazily created state is not per-unit cost
  std::vector<double> samples;
  for (int rep = 0; rep < repetitions; ++rep) {
    const auto before = alloc::now();
    absorb(total, runner.run(units * unit));
    const auto after = alloc::now();
    samples.push_back(static_cast<double>(after.calls - before.calls) / static_cast<double>(units));
  }
  if (total.failures != 0) return failed_cell(total);
  return value_cell(std::move(samples));
}

// The four memory rows of one driver, indexed [released][side].
struct MemoryCells {
  Cell cells[2][2];
};

MemoryCells measure_memory(Driver& driver, const Scenario& s, const Settings& settings) {
  MemoryCells out;
  std::vector<double> samples[2][2];
  std::string release_refused[2];
  const double per = static_cast<double>(settings.idle_connections) * static_cast<double>(kKiB);
  for (int rep = 0; rep < settings.memory_repetitions; ++rep) {
    Prepared<IdleConnections> p = driver.open_idle(s, settings.idle_connections);
    if (!p.runner) {
      for (auto& by_side : out.cells) by_side[0] = by_side[1] = unprepared(p);
      return out;
    }
    // Attribute bytes by what freeing them returns: first each side's released buffers, then
    // each side's remaining connection state. The transports are freed last, with `p`.
    const auto a0 = alloc::now().live_bytes;
    release_refused[1] = p.runner->release_buffers(Side::server);
    const auto a1 = alloc::now().live_bytes;
    release_refused[0] = p.runner->release_buffers(Side::client);
    const auto a2 = alloc::now().live_bytes;
    p.runner->free_side(Side::server);
    const auto a3 = alloc::now().live_bytes;
    p.runner->free_side(Side::client);
    const auto a4 = alloc::now().live_bytes;
    p.runner.reset();
    samples[0][0].push_back(static_cast<double>((a1 - a2) + (a3 - a4)) / per);
    samples[0][1].push_back(static_cast<double>((a0 - a1) + (a2 - a3)) / per);
    samples[1][0].push_back(static_cast<double>(a3 - a4) / per);
    samples[1][1].push_back(static_cast<double>(a2 - a3) / per);
  }
  for (int side = 0; side < 2; ++side) {
    out.cells[0][side] = value_cell(samples[0][side]);
    out.cells[1][side] = release_refused[side].empty()
                             ? value_cell(samples[1][side])
                             : note_cell(Cell::Kind::not_applicable, release_refused[side]);
  }
  return out;
}

bool selected(const Row& row, const std::string& filter) {
  return filter.empty() || row.id.find(filter) != std::string::npos ||
         row.label.find(filter) != std::string::npos;
}

}  // namespace

Settings quick_settings() {
  Settings s;
  s.quick = true;
  s.repetitions = 1;
  s.seconds_per_rep = 0;
  s.idle_connections = 16;
  s.memory_repetitions = 1;
  s.alloc_handshakes = 4;
  s.alloc_records = 16;
  return s;
}

Stats summarize(std::vector<double> samples) {
  Stats st;
  if (samples.empty()) return st;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  st.median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  st.min = samples.front();
  st.max = samples.back();
  st.repetitions = static_cast<int>(n);
  return st;
}

std::vector<Column> make_columns(const Credentials& credentials) {
  std::vector<Column> columns;
  bool have_subject = false;
  for (const DriverInfo& info : registered_drivers()) {
    Column c;
    c.header = std::string(info.column);
    c.role = info.role;
    c.driver = info.make(credentials);
    c.name = c.driver->name();
    have_subject = have_subject || info.role == Role::subject;
    columns.push_back(std::move(c));
  }
  if (!have_subject) {
    Column c;
    c.header = "tlspp";
    c.role = Role::subject;
    c.name = "tlspp (no driver yet: its TLS stack is being written)";
    columns.push_back(std::move(c));
  }
  return columns;
}

void check_verification(std::vector<Column>& columns) {
  for (Column& c : columns) {
    if (!c.driver) continue;
    Scenario s;
    s.server_name = "wrong.example";  // the certificate names localhost and 127.0.0.1 only
    Prepared<HandshakeRunner> p = c.driver->prepare_handshakes(s);
    c.verification_ok = !p.runner && !p.error.empty();
    c.verification =
        c.verification_ok
            ? "refused a certificate for localhost when asked for wrong.example: " + p.error
            : "ACCEPTED a certificate for localhost when asked for wrong.example";
  }
}

std::vector<Row> row_catalogue() {
  std::vector<Row> rows;
  for (Spec& sp : specs()) rows.push_back(std::move(sp.row));
  return rows;
}

std::vector<Row> run_measurements(const Settings& settings, std::vector<Column>& columns) {
  std::vector<Spec> all = specs();
  for (Spec& sp : all) sp.row.cells.resize(columns.size());
  bool memory_done = false;
  for (Spec& sp : all) {
    if (!selected(sp.row, settings.filter)) continue;
    if (sp.kind == Kind::memory && memory_done) continue;
    std::cerr << "tls_compare: " << (sp.kind == Kind::memory ? "memory.*" : sp.row.id)
              << std::flush;
    std::vector<Contender> contenders;
    if (sp.kind == Kind::bulk) {
      std::cerr << " [raw EVP]" << std::flush;
      add_contender(contenders, &sp.row.limit, prepare_raw_aead(sp.scenario.aead, sp.write_size),
                    sp.write_size, 1e-6);
    }
    if (sp.kind == Kind::alloc_record) {
      sp.row.limit =
          count_allocations(prepare_raw_aead(sp.scenario.aead, sp.write_size), sp.write_size,
                            settings.alloc_records, settings.memory_repetitions);
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      Driver* driver = columns[i].driver.get();
      if (driver == nullptr) continue;
      std::cerr << " [" << columns[i].header << "]" << std::flush;
      Cell& cell = sp.row.cells[i];
      switch (sp.kind) {
        case Kind::handshake:
          add_contender(contenders, &cell, driver->prepare_handshakes(sp.scenario), 1, 1.0);
          break;
        case Kind::bulk:
          add_contender(contenders, &cell, driver->prepare_bulk(sp.scenario, sp.write_size),
                        sp.write_size, 1e-6);
          break;
        case Kind::alloc_handshake:
          cell = count_allocations(driver->prepare_handshakes(sp.scenario), 1,
                                   settings.alloc_handshakes, settings.memory_repetitions);
          break;
        case Kind::alloc_record:
          cell = count_allocations(driver->prepare_bulk(sp.scenario, sp.write_size), sp.write_size,
                                   settings.alloc_records, settings.memory_repetitions);
          break;
        case Kind::memory: {
          const MemoryCells m = measure_memory(*driver, sp.scenario, settings);
          for (Spec& other : all) {
            if (other.kind == Kind::memory) {
              other.row.cells[i] = m.cells[other.released ? 1 : 0][other.side == Side::server];
            }
          }
          break;
        }
      }
    }
    time_row(contenders, sp.kind == Kind::handshake ? 4 : 64, settings);
    memory_done = memory_done || sp.kind == Kind::memory;
    std::cerr << "\n";
  }
  std::vector<Row> rows;
  for (Spec& sp : all) {
    if (selected(sp.row, settings.filter)) rows.push_back(std::move(sp.row));
  }
  return rows;
}

}  // namespace tlspp::bench
