// The narration: renders a connection's events (tlspp/events.h) step by step, in the order the
// classic explanations of a handshake use (TCP connection, ClientHello, ServerHello, certificate
// checks, key exchange and secrets, ChangeCipherSpec, Finished, application data, close_notify and
// key destruction, TCP close), each with the elapsed time and its size in bytes. Text in English
// or Korean, coloured on a terminal; or the same events as JSON lines (--json).
//
// The library reports what the Connection does; the tool adds what only it sees (TCP connect and
// close, application data it reads and writes, secret values from the key-log callback).
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "args.h"
#include "tlspp/config.h"
#include "tlspp/events.h"

namespace tlspp::tool {

enum class Lang : std::uint8_t { en, ko };

// Korean when LC_ALL, LC_MESSAGES or LANG (the first one set) starts with "ko", else English.
Lang lang_from_environment();

struct NarrationOptions {
  Lang lang = Lang::en;
  bool color = false;         // ANSI colours (text only)
  bool json = false;          // JSON lines instead of text
  bool show_secrets = false;  // print secret values (from the key log) next to their names
  bool is_client = true;      // whose events these are (arrows: C -> S / C <- S)
};

// Text or JSON renderer of one side's events. Writes each step as it happens (line buffered).
class Narration : public Observer {
 public:
  // `out` is not owned and must outlive the Narration.
  static std::unique_ptr<Narration> create(std::FILE* out, const NarrationOptions& options);
  ~Narration() override = default;

  // Elapsed times are measured from construction or from the last restart_clock().
  void restart_clock() { start_ = std::chrono::steady_clock::now(); }

  // A heading between runs (the demo's steps).
  virtual void title(std::string_view text) = 0;
  // TCP is connected to / accepted from `peer` ("127.0.0.1:4433").
  virtual void tcp_connected(std::string_view peer) = 0;
  // TCP is closed (FIN sent / socket closed).
  virtual void tcp_closed() = 0;
  // Application data of `bytes` plaintext bytes crossed the connection; `first_line` is the first
  // line of it (for HTTP: the request or status line), may be empty.
  virtual void application_data(Direction direction, std::size_t bytes,
                                std::string_view first_line) = 0;
  // A key-log line ("CLIENT_HANDSHAKE_TRAFFIC_SECRET <random> <secret>"); rendered only with
  // show_secrets.
  virtual void secret_value(std::string_view key_log_line) = 0;

  // A key-log callback feeding secret_value() and then `next` (may be null), e.g. SSLKEYLOGFILE.
  // The Narration must outlive every connection using the callback.
  KeyLogCallback key_log(KeyLogCallback next);

 protected:
  explicit Narration(std::FILE* out, NarrationOptions options)
      : out_(out), options_(options), start_(std::chrono::steady_clock::now()) {}
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
        .count();
  }

  std::FILE* out_;
  NarrationOptions options_;
  std::chrono::steady_clock::time_point start_;
};

// The narration flags of the client and server commands: --trace (text), --json (JSON lines),
// --lang en|ko (default: lang_from_environment()), --show-secrets (implies --trace unless --json).
// Colour when `out` is a terminal and NO_COLOR is unset.
struct NarrationFlags {
  bool enabled = false;  // --trace, --json or --show-secrets given
  NarrationOptions options;
  std::optional<std::string> error;  // "--lang must be en or ko"
};
NarrationFlags read_narration_flags(Args& args, bool is_client, std::FILE* out);

// Usage text for those flags (for the commands' --help).
inline constexpr const char* kNarrationUsage =
    "  --trace          narrate the connection step by step on standard error (TCP,\n"
    "                   ClientHello, ServerHello, certificate checks, key exchange and\n"
    "                   secrets, ChangeCipherSpec, Finished, data, close_notify, TCP close)\n"
    "  --json           the same events as JSON lines on standard error\n"
    "  --lang en|ko     narration language (default from LC_ALL/LC_MESSAGES/LANG: ko_* is\n"
    "                   Korean)\n"
    "  --show-secrets   also print the secret values (as in the SSLKEYLOGFILE format); anyone\n"
    "                   who sees them can decrypt the connection\n";

// The first line of `data` (up to 120 bytes, without the line end), if it is printable text;
// empty otherwise. For narrating application data (an HTTP request or status line).
std::string first_line_of(std::string_view data);

}  // namespace tlspp::tool
