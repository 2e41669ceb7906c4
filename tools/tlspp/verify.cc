// `tlspp verify`: checks a certificate chain like a browser would (x509::verify_chain) and prints
// the chosen path or the explanation of the failure. Exit codes: 0 valid, 1 invalid, 2 usage or
// input error.
#include "x509/verify.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "crypto/openssl/openssl_provider.h"
#include "x509/ip_address.h"
#include "x509/pem.h"

namespace tlspp::tool {
namespace {

constexpr const char* kHelp =
    "usage: tlspp verify [--trusted FILE]... [--untrusted FILE]... [--host NAME | --ip ADDR]\n"
    "                    [--purpose server|client] [--at UNIX_TIME|RFC3339] [--max-depth N]\n"
    "                    LEAF.pem\n"
    "\n"
    "Builds and checks a certification path from LEAF to a trust anchor, like a browser: RFC 5280\n"
    "path validation with the web-PKI profile, name constraints, extended key usage, and the\n"
    "host name against the subjectAltName (RFC 9525; the subject CN is never used).\n"
    "\n"
    "  LEAF.pem           the end-entity certificate (PEM or DER); further certificates in the\n"
    "                     same file are used as untrusted intermediates\n"
    "  --trusted FILE     trust anchors: a PEM bundle, a DER file or a directory of PEM files\n"
    "                     (repeatable); default: the system store ($SSL_CERT_FILE,\n"
    "                     $SSL_CERT_DIR, else /etc/ssl/certs/ca-certificates.crt)\n"
    "  --untrusted FILE   intermediates the peer would present, in any order (repeatable)\n"
    "  --host NAME        check the leaf is valid for this DNS name (an IP literal is checked\n"
    "                     as with --ip)\n"
    "  --ip ADDR          check the leaf is valid for this IPv4/IPv6 address\n"
    "  --purpose P        server (default: id-kp-serverAuth) or client (id-kp-clientAuth)\n"
    "  --at TIME          verify at this time: seconds since the epoch or RFC 3339\n"
    "                     (2030-01-01T00:00:00Z); default: now\n"
    "  --max-depth N      maximum number of intermediates, self-issued ones not counted\n"
    "                     (default 10)\n"
    "  --lenient-anchors  check trust anchors only for validity, key strength, critical\n"
    "                     extensions and cA; by default they must also follow the CA profile\n"
    "                     (critical basicConstraints, subjectKeyIdentifier, AKI form), which 8\n"
    "                     old roots of the Debian bundle do not (e.g. QuoVadis Root CA 2)\n"
    "\n"
    "Prints the path (leaf first) and exits 0 when valid; prints why not and exits 1 when\n"
    "invalid; exits 2 on usage errors and unreadable or unparsable input files.\n";

struct UsageError {
  std::string message;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{"cannot read " + path};
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The certificates of a PEM or DER file, in order.
std::vector<std::vector<std::uint8_t>> read_certificates(const std::string& path) {
  const std::string data = read_file(path);
  std::vector<std::vector<std::uint8_t>> out;
  if (x509::looks_like_pem(data)) {
    auto blocks = x509::parse_pem(data);
    if (!blocks.ok()) throw UsageError{path + ": " + blocks.error().reason};
    for (auto& b : *blocks) {
      if (b.label == "CERTIFICATE") out.push_back(std::move(b.data));
    }
  } else if (!data.empty() && static_cast<std::uint8_t>(data[0]) == 0x30) {
    out.emplace_back(data.begin(), data.end());
  }
  if (out.empty()) throw UsageError{path + ": no certificate (neither PEM nor DER)"};
  return out;
}

std::string next_value(const std::vector<std::string>& args, std::size_t& i) {
  if (i + 1 >= args.size()) throw UsageError{args[i] + " needs a value"};
  return args[++i];
}

int run_verify(const std::vector<std::string>& args) {
  std::vector<std::string> trusted, untrusted;
  std::optional<std::string> leaf_path;
  x509::VerifyOptions options;
  std::optional<x509::UnixTime> at;
  try {
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a == "--help" || a == "-h") {
        std::fputs(kHelp, stdout);
        return 0;
      } else if (a == "--trusted") {
        trusted.push_back(next_value(args, i));
      } else if (a == "--untrusted") {
        untrusted.push_back(next_value(args, i));
      } else if (a == "--host" || a == "--ip") {
        if (options.peer_name) throw UsageError{"give one of --host or --ip, once"};
        const std::string v = next_value(args, i);
        const bool ip = a == "--ip" || x509::parse_ip_address(v).has_value();
        if (a == "--ip" && !x509::parse_ip_address(v)) throw UsageError{"not an IP address: " + v};
        options.peer_name =
            x509::PeerName{ip ? x509::PeerName::Kind::ip : x509::PeerName::Kind::dns, v};
      } else if (a == "--purpose") {
        const std::string v = next_value(args, i);
        if (v == "server") {
          options.purpose = x509::Purpose::server_auth;
        } else if (v == "client") {
          options.purpose = x509::Purpose::client_auth;
        } else {
          throw UsageError{"--purpose must be server or client"};
        }
      } else if (a == "--at") {
        auto t = x509::parse_rfc3339(next_value(args, i));
        if (!t.ok()) throw UsageError{t.error().reason};
        at = *t;
      } else if (a == "--lenient-anchors") {
        options.strict_anchors = false;
      } else if (a == "--max-depth") {
        const std::string v = next_value(args, i);
        if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) {
          throw UsageError{"--max-depth needs a number"};
        }
        options.max_intermediates = std::stoul(v);
      } else if (a.starts_with("-") && a != "-") {
        throw UsageError{"unknown option " + a};
      } else {
        if (leaf_path) throw UsageError{"one LEAF file only"};
        leaf_path = a;
      }
    }
    if (!leaf_path) throw UsageError{"missing LEAF.pem"};
    options.time = at ? *at
                      : std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();

    x509::TrustStore store;
    if (trusted.empty()) {
      auto system = x509::TrustStore::system();
      if (!system.ok()) throw UsageError{system.error().reason};
      store = std::move(*system);
    }
    for (const std::string& t : trusted) {
      auto n = std::filesystem::is_directory(t) ? store.add_directory(t) : store.add_file(t);
      if (!n.ok()) throw UsageError{n.error().reason};
    }
    auto chain = read_certificates(*leaf_path);
    for (const std::string& u : untrusted) {
      for (auto& der : read_certificates(u)) chain.push_back(std::move(der));
    }
    std::vector<codec::Bytes> presented(chain.begin(), chain.end());

    auto provider = crypto::openssl::make_provider();
    x509::VerifyDiagnostics diag;
    auto result = x509::verify_chain(options, presented, store, *provider, &diag);
    for (const Error& e : diag.ignored) std::printf("note: %s\n", e.reason.c_str());
    if (result.ok()) {
      const auto& certs = result->certificates;
      std::printf("OK: %zu certificates, verified at %s\n", certs.size(),
                  x509::format_time(options.time).c_str());
      for (std::size_t i = 0; i < certs.size(); ++i) {
        const char* role = i == 0 ? " (leaf)" : (i + 1 == certs.size() ? " (trust anchor)" : "");
        std::printf("  %zu %s%s\n", i, certs[i]->display_name().c_str(), role);
      }
      return 0;
    }
    const Error& e = result.error();
    std::printf("FAILED: %s (alert %s)\n  %s\n", std::string(name_of(e.code)).c_str(),
                std::string(name_of(e.alert)).c_str(), e.reason.c_str());
    if (diag.attempts.size() > 1) {
      std::printf("candidate paths tried (leaf first):\n");
      for (const auto& attempt : diag.attempts) {
        std::string path;
        for (const auto& c : attempt.certificates) {
          path += (path.empty() ? "" : " <- ") + c->display_name();
        }
        std::printf("  %s\n    %s: %s\n", path.c_str(),
                    std::string(name_of(attempt.error.code)).c_str(), attempt.error.reason.c_str());
      }
    }
    return 1;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "tlspp verify: %s\n(see tlspp verify --help)\n", e.message.c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tlspp verify: %s\n", e.what());
    return 2;
  }
}

const Registration kVerify{
    {"verify", "check a certificate chain like a browser would (like openssl verify)", run_verify}};

}  // namespace
}  // namespace tlspp::tool
