// `tlspp inspect FILE|HOST:PORT`: shows a certificate chain (subject, issuer, validity, names, key,
// signature algorithm, key usages) and the verifier's verdict check by check.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "args.h"
#include "codec/hex.h"
#include "command.h"
#include "io/tls_stream.h"
#include "tls_setup.h"
#include "x509/chain_checks.h"
#include "x509/ip_address.h"
#include "x509/oid.h"
#include "x509/pem.h"
#include "x509/verify.h"

namespace tlspp::tool {
namespace {

constexpr const char* kUsage =
    "usage: tlspp inspect FILE|HOST:PORT [--cafile FILE]... [--host NAME] [--tls1.3|--tls1.2]\n"
    "\n"
    "Shows each certificate of a chain (subject, issuer, validity, subjectAltName, key type,\n"
    "signature algorithm, extended key usage, CA or not, SHA-256 fingerprint) and then the\n"
    "verifier's verdict check by check: signatures up to a trusted root, validity dates, host\n"
    "name, and the overall result.\n"
    "  FILE           PEM or DER certificates, leaf first\n"
    "  HOST:PORT      connect with TLS, fetch the chain the server presents (without trusting\n"
    "                 it: the verdict below is the judgement) and check it for HOST\n"
    "  --cafile FILE  trust anchors (repeatable); default: the system store\n"
    "  --host NAME    the DNS name or IP address to check the leaf against (default for\n"
    "                 HOST:PORT: HOST; for a FILE: no host name check)\n"
    "Exit codes: 0 the chain verifies; 1 it does not (or the connection failed); 2 usage or\n"
    "input errors; 3 a network failure.\n";

std::string eku_name(codec::Bytes oid) {
  if (x509::oid::equals(oid, x509::oid::kOidServerAuth)) return "serverAuth";
  if (x509::oid::equals(oid, x509::oid::kOidClientAuth)) return "clientAuth";
  if (x509::oid::equals(oid, x509::oid::kOidAnyExtendedKeyUsage)) return "anyExtendedKeyUsage";
  return x509::der::oid_to_string(oid);
}

// "in 396 days" / "3 days ago".
std::string relative(x509::UnixTime t, x509::UnixTime now) {
  const long long days = (t - now) / 86400;
  if (t >= now) return "in " + std::to_string(days) + " days";
  return std::to_string(-days) + " days ago";
}

void print_certificate(std::size_t index, const x509::Certificate& c, x509::UnixTime now,
                       crypto::Provider& provider) {
  std::printf("certificate %zu%s\n", index, index == 0 ? " (leaf)" : "");
  std::printf("  subject    %s\n", c.subject().to_string().c_str());
  std::printf("  issuer     %s%s\n", c.issuer().to_string().c_str(),
              c.self_issued() ? "  (self-issued)" : "");
  std::printf("  validity   %s .. %s  (%s, expires %s)\n",
              x509::format_time(c.not_before()).c_str(), x509::format_time(c.not_after()).c_str(),
              now < c.not_before()  ? "NOT YET VALID"
              : now > c.not_after() ? "EXPIRED"
                                    : "valid now",
              relative(c.not_after(), now).c_str());
  if (c.subject_alt_name()) {
    std::string names;
    for (auto dns : c.subject_alt_name()->value.dns_names) {
      names += (names.empty() ? "" : ", ") + std::string("DNS:") + std::string(dns);
    }
    for (auto ip : c.subject_alt_name()->value.ip_addresses) {
      names += (names.empty() ? "" : ", ") + std::string("IP:") + x509::format_ip_address(ip);
    }
    std::printf("  names      %s\n", names.empty() ? "(none usable)" : names.c_str());
  }
  std::printf("  key        %s\n", c.public_key().description.c_str());
  std::printf("  signature  %s\n", c.signature_algorithm().name.c_str());
  if (c.ext_key_usage()) {
    std::string ekus;
    for (auto p : c.ext_key_usage()->value.purposes) {
      ekus += (ekus.empty() ? "" : ", ") + eku_name(p);
    }
    std::printf("  key usage  %s\n", ekus.c_str());
  }
  std::printf("  CA         %s\n", c.is_ca() ? "yes" : "no");
  std::vector<std::uint8_t> digest(32);
  if (provider.hash(crypto::HashAlg::sha256, c.der(), digest).ok()) {
    std::printf("  SHA-256    %s\n", codec::to_hex(digest).c_str());
  }
}

// The chain a server presents (verification off: the judgement is made afterwards).
Result<std::vector<std::vector<std::uint8_t>>> fetch_chain(const HostPort& target, Args& args) {
  auto config = std::make_shared<ClientConfig>();
  apply_version_flags(args, *config);
  config->provider = provider();
  config->dangerous_disable_certificate_verification = true;
  TLSPP_ASSIGN_OR_RETURN(io::TlsStream stream,
                         io::TlsStream::connect(target.host, target.port, config, target.host));
  std::printf("connected to %s:%u: %s, %s\n", target.host.c_str(), target.port,
              std::string(name_of(stream.connection().info().version)).c_str(),
              std::string(name_of(stream.connection().info().cipher_suite)).c_str());
  auto chain = stream.connection().info().peer_chain;
  (void)stream.close();
  return chain;
}

Result<std::vector<std::vector<std::uint8_t>>> read_chain(const std::string& path) {
  TLSPP_ASSIGN_OR_RETURN(std::string data, read_file(path));
  std::vector<std::vector<std::uint8_t>> out;
  if (x509::looks_like_pem(data)) {
    TLSPP_ASSIGN_OR_RETURN(auto blocks, x509::parse_pem(data));
    for (auto& b : blocks) {
      if (b.label == "CERTIFICATE") out.push_back(std::move(b.data));
    }
  } else if (!data.empty()) {
    out.emplace_back(data.begin(), data.end());
  }
  if (out.empty()) return Error(ErrorCode::pem_malformed, path + ": no certificate");
  return out;
}

void verdict_line(bool ok, const std::string& what, const std::string& detail) {
  std::printf("  %-4s %-22s %s\n", ok ? "ok" : "FAIL", what.c_str(), detail.c_str());
}

int run_inspect(const std::vector<std::string>& argv) {
  Args args(argv);
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  auto cafiles = args.values("--cafile");
  auto host = args.value("--host");
  // Version flags are read by fetch_chain; take them now so positional() does not refuse them.
  Args version_args({});
  if (args.flag("--tls1.3")) version_args = Args({"--tls1.3"});
  if (args.flag("--tls1.2")) version_args = Args({"--tls1.2"});
  auto rest = args.positional();
  if (args.error() || rest.size() != 1) {
    std::fprintf(stderr, "tlspp inspect: %s\n%s",
                 args.error() ? args.error()->c_str() : "one FILE or HOST:PORT is required",
                 kUsage);
    return 2;
  }
  const std::string& what = rest[0];
  Result<std::vector<std::vector<std::uint8_t>>> chain = std::vector<std::vector<std::uint8_t>>{};
  const bool is_file = std::filesystem::exists(what);
  if (is_file) {
    chain = read_chain(what);
    if (!chain.ok()) {
      std::fprintf(stderr, "tlspp inspect: %s\n", chain.error().reason.c_str());
      return 2;
    }
  } else {
    auto target = parse_host_port(what);
    if (!target) {
      std::fprintf(stderr, "tlspp inspect: %s is neither a file nor HOST:PORT\n", what.c_str());
      return 2;
    }
    if (!host) host = target->host;
    chain = fetch_chain(*target, version_args);
    if (!chain.ok()) {
      std::fprintf(stderr, "tlspp inspect: %s\n", chain.error().reason.c_str());
      return category_of(chain.error().code) == ErrorCategory::io ? 3 : 1;
    }
  }

  x509::TrustStore anchors;
  if (cafiles.empty()) {
    auto system = x509::TrustStore::system();
    if (!system.ok()) {
      std::fprintf(stderr, "tlspp inspect: %s\n", system.error().reason.c_str());
      return 2;
    }
    anchors = std::move(*system);
  }
  for (const auto& f : cafiles) {
    if (auto added = anchors.add_file(f); !added.ok()) {
      std::fprintf(stderr, "tlspp inspect: %s\n", added.error().reason.c_str());
      return 2;
    }
  }

  const x509::UnixTime now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
  crypto::Provider& p = *provider();
  std::vector<std::shared_ptr<const x509::Certificate>> parsed;
  for (std::size_t i = 0; i < chain->size(); ++i) {
    auto cert = x509::Certificate::parse((*chain)[i]);
    if (!cert.ok()) {
      std::printf("certificate %zu: does not parse: %s\n\n", i, cert.error().reason.c_str());
      continue;
    }
    print_certificate(i, **cert, now, p);
    std::printf("\n");
    parsed.push_back(*cert);
  }

  std::optional<x509::PeerName> peer;
  if (host) {
    peer = x509::PeerName{
        x509::parse_ip_address(*host) ? x509::PeerName::Kind::ip : x509::PeerName::Kind::dns,
        *host};
  }
  std::printf("verdict (%zu trust anchors from %s%s):\n", anchors.size(),
              cafiles.empty() ? "the system store" : "--cafile",
              peer ? (", for " + peer->text).c_str() : "");
  std::vector<codec::Bytes> presented(chain->begin(), chain->end());
  // 1. Signatures up to a trusted root (RFC 5280 §6.1), whatever the names.
  x509::VerifyOptions path_options;
  path_options.time = now;
  x509::VerifyDiagnostics diagnostics;
  auto path = x509::verify_chain(path_options, presented, anchors, p, &diagnostics);
  if (path.ok()) {
    std::string route;
    for (const auto& c : path->certificates)
      route += (route.empty() ? "" : " <- ") + c->display_name();
    verdict_line(true, "chain to trusted root", route);
  } else {
    verdict_line(false, "chain to trusted root", path.error().reason);
  }
  verdict_line(path.ok(), "signatures",
               std::to_string(diagnostics.signatures_checked) + " checked");
  // 2. Validity dates of every presented certificate.
  bool dates_ok = true;
  std::string dates_detail = "every certificate is valid now";
  for (const auto& c : parsed) {
    if (auto s = x509::check_validity(*c, now); !s.ok()) {
      dates_ok = false;
      dates_detail = s.error().reason;
      break;
    }
  }
  verdict_line(dates_ok, "validity dates", dates_detail);
  // 3. The host name against the leaf's subjectAltName (RFC 9525).
  bool name_ok = true;
  if (peer && !parsed.empty()) {
    auto s = x509::check_peer_name(*parsed.front(), *peer);
    name_ok = s.ok();
    verdict_line(name_ok, "host name",
                 name_ok ? "the certificate is for " + peer->text : s.error().reason);
  }
  // 4. Everything together, as a TLS client would judge it.
  x509::VerifyOptions options = path_options;
  options.peer_name = peer;
  auto overall = x509::verify_chain(options, presented, anchors, p);
  std::printf("%s\n", overall.ok() ? "RESULT: trusted"
                                   : ("RESULT: NOT trusted: " + overall.error().reason).c_str());
  return overall.ok() && dates_ok && name_ok ? 0 : 1;
}

const Registration kInspect{
    {"inspect", "show a certificate chain (file or server) and the verdict check by check",
     run_inspect}};

}  // namespace
}  // namespace tlspp::tool
