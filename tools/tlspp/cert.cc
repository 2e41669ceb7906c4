// `tlspp cert`: creates (or shows) the development CA and leaf certificates and explains how to
// trust the CA.
#include <cstdio>
#include <string>

#include "args.h"
#include "command.h"
#include "devcert.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp cert [--name NAME]... [--dir DIR] [--force]\n"
    "\n"
    "Creates a development certificate authority (ECDSA P-256) and two server certificates it\n"
    "signs (ECDSA P-256 and RSA-2048; serverAuth, subjectAltName = the names), or reuses them\n"
    "when they are still valid for the names. Prints where the files are and how to trust the CA.\n"
    "  --name NAME  a DNS name or IP address for the certificates (repeatable; default\n"
    "               localhost, 127.0.0.1 and ::1)\n"
    "  --dir DIR    where to keep the files (default $XDG_STATE_HOME/tlspp, else\n"
    "               ~/.local/state/tlspp; created with mode 0700, private keys 0600)\n"
    "  --force      make a new CA and new certificates even if the old ones are still good\n"
    "Exit codes: 0 done; 1 the files could not be created; 2 usage errors.\n";

int run_cert(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  DevCertOptions options;
  auto names = args.values("--name");
  if (!names.empty()) options.names = names;
  if (auto dir = args.value("--dir")) options.directory = *dir;
  options.force = args.flag("--force");
  auto rest = args.positional();
  if (args.error() || !rest.empty()) {
    std::fprintf(stderr, "tlspp cert: %s\n%s",
                 args.error() ? args.error()->c_str() : "unexpected argument", kUsage);
    return 2;
  }
  auto id = load_or_create_dev_identity(options);
  if (!id.ok()) {
    std::fprintf(stderr, "tlspp cert: %s\n", id.error().reason.c_str());
    return id.error().code == ErrorCode::invalid_argument ? 2 : 1;
  }
  std::string names_text;
  for (const auto& n : id->names) names_text += (names_text.empty() ? "" : ", ") + n;
  std::printf("Development certificates in %s (%s)\n\n", id->directory.c_str(),
              id->created_ca       ? "new CA and certificates"
              : id->created_leaves ? "existing CA, new certificates"
                                   : "existing, still valid");
  std::printf("  CA certificate       %s\n", id->ca_cert.c_str());
  std::printf("  CA key               %s   (keep private)\n", id->ca_key.c_str());
  std::printf("  server (ECDSA P-256) %s\n", id->chain.c_str());
  std::printf("                       %s\n", id->key.c_str());
  std::printf("  server (RSA-2048)    %s\n", id->rsa_chain.c_str());
  std::printf("                       %s\n", id->rsa_key.c_str());
  std::printf("  names                %s\n\n", names_text.c_str());
  std::printf(
      "Serve with them:\n"
      "  tlspp server --port 8443 --cert %s --key %s\n\n"
      "Trust the CA (only on machines you develop on; anyone holding ca-key.pem can then\n"
      "impersonate any site to you):\n"
      "  curl:     curl --cacert %s https://localhost:8443/\n"
      "  tlspp:    tlspp client localhost:8443 --cafile %s\n"
      "  Firefox:  Settings > Privacy & Security > Certificates > View Certificates >\n"
      "            Authorities > Import... %s, tick \"Trust this CA to identify websites\"\n"
      "  Chrome:   Settings > Privacy and security > Security > Manage certificates >\n"
      "            Authorities > Import %s (on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t C,,\n"
      "            -n tlspp-dev -i %s)\n"
      "  System (Debian/Ubuntu):\n"
      "            sudo cp %s /usr/local/share/ca-certificates/tlspp-dev.crt\n"
      "            sudo update-ca-certificates\n",
      id->chain.c_str(), id->key.c_str(), id->ca_cert.c_str(), id->ca_cert.c_str(),
      id->ca_cert.c_str(), id->ca_cert.c_str(), id->ca_cert.c_str(), id->ca_cert.c_str());
  return 0;
}

const Registration kCert{
    {"cert", "create the development CA and server certificates; how to trust them", run_cert}};

}  // namespace
}  // namespace tlspp::tool
