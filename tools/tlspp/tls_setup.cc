#include "tls_setup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "crypto/openssl/openssl_provider.h"
#include "devcert.h"
#include "handshake/negotiation.h"
#include "x509/certificate.h"
#include "x509/pem.h"

namespace tlspp::tool {

std::shared_ptr<crypto::Provider> provider() {
  static std::shared_ptr<crypto::Provider> p = crypto::openssl::make_provider();
  return p;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::io_error, "cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status load_session(const std::string& path, ClientConfig& config, const std::string& session_key) {
  TLSPP_ASSIGN_OR_RETURN(std::string bytes, read_file(path));
  TLSPP_ASSIGN_OR_RETURN(
      auto session,
      ClientSession::parse({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}));
  if (!config.session_store) config.session_store = ClientSessionStore::create();
  config.session_store->put(session_key, std::move(session));
  return {};
}

Status save_session(const std::string& path, const ClientConfig& config,
                    const std::string& session_key) {
  auto session = config.session_store ? config.session_store->peek(session_key) : nullptr;
  if (!session) return Error(ErrorCode::io_error, "no session to save to " + path);
  const std::vector<std::uint8_t> bytes = session->serialize();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error(ErrorCode::io_error, "cannot write " + path);
  // An existing file keeps its mode on open(): make it private before the secret goes in.
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t done = 0;
  while (ok && done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok) return Error(ErrorCode::io_error, "cannot write " + path);
  return {};
}

Result<std::shared_ptr<const CertifiedKey>> load_certified_key(const std::string& chain_path,
                                                               const std::string& key_path) {
  TLSPP_ASSIGN_OR_RETURN(std::string chain_text, read_file(chain_path));
  auto blocks = x509::parse_pem(chain_text);
  if (!blocks.ok()) {
    return Error(blocks.error().code, chain_path + ": " + blocks.error().reason);
  }
  auto key = std::make_shared<CertifiedKey>();
  for (auto& b : *blocks) {
    if (b.label == "CERTIFICATE") key->chain.push_back(std::move(b.data));
  }
  if (key->chain.empty()) {
    return Error(ErrorCode::pem_malformed, chain_path + ": no CERTIFICATE block");
  }
  TLSPP_ASSIGN_OR_RETURN(std::string key_text, read_file(key_path));
  auto loaded = provider()->load_private_key(
      {reinterpret_cast<const std::uint8_t*>(key_text.data()), key_text.size()});
  if (!loaded.ok()) return Error(loaded.error().code, key_path + ": " + loaded.error().reason);
  key->key = std::shared_ptr<const crypto::PrivateKey>(std::move(loaded).value());
  return std::shared_ptr<const CertifiedKey>(std::move(key));
}

Result<ServerIdentity> server_identity(const std::optional<std::string>& cert,
                                       const std::optional<std::string>& key) {
  if (cert.has_value() != key.has_value()) {
    return Error(ErrorCode::invalid_argument, "--cert and --key go together");
  }
  if (cert) {
    TLSPP_ASSIGN_OR_RETURN(auto certified, load_certified_key(*cert, *key));
    return ServerIdentity{std::move(certified), *cert};
  }
  auto dev = load_or_create_dev_identity();
  if (!dev.ok()) {
    return Error(dev.error().code, "development certificate: " + dev.error().reason);
  }
  TLSPP_ASSIGN_OR_RETURN(auto certified, load_certified_key(dev->chain, dev->key));
  return ServerIdentity{std::move(certified),
                        "the development certificate (" +
                            std::string(dev->created_ca ? "just created; " : "") +
                            "clients trust it with --cafile " + dev->ca_cert + ")"};
}

Result<std::shared_ptr<const x509::TrustStore>> load_trust_store(
    const std::vector<std::string>& files) {
  auto store = std::make_shared<x509::TrustStore>();
  for (const auto& f : files) {
    auto added = store->add_file(f);
    if (!added.ok()) return Error(added.error().code, f + ": " + added.error().reason);
  }
  return std::shared_ptr<const x509::TrustStore>(std::move(store));
}

KeyLogCallback key_log_from_environment() {
  const char* path = std::getenv("SSLKEYLOGFILE");
  if (path == nullptr || *path == '\0') return nullptr;
  std::string file = path;
  auto mutex = std::make_shared<std::mutex>();
  return [file, mutex](std::string_view line) {
    std::lock_guard<std::mutex> lock(*mutex);
    if (FILE* f = std::fopen(file.c_str(), "a")) {
      std::fwrite(line.data(), 1, line.size(), f);
      std::fputc('\n', f);
      std::fclose(f);
    }
  };
}

Status apply_server_client_auth(Args& args, ServerConfig& config) {
  auto mode = args.value("--client-auth");
  auto cafiles = args.values("--client-ca");
  if (!mode || *mode == "none") {
    if (!cafiles.empty()) {
      return Error(ErrorCode::invalid_argument,
                   "--client-ca needs --client-auth optional|required");
    }
    return {};
  }
  if (*mode == "optional") {
    config.client_auth = ClientAuth::optional;
  } else if (*mode == "required") {
    config.client_auth = ClientAuth::required;
  } else {
    return Error(ErrorCode::invalid_argument,
                 "--client-auth must be none, optional or required, not " + *mode);
  }
  if (cafiles.empty()) {
    return Error(
        ErrorCode::invalid_argument,
        "--client-auth " + *mode + " needs --client-ca FILE (the CAs of client certificates)");
  }
  TLSPP_ASSIGN_OR_RETURN(config.client_trust_store, load_trust_store(cafiles));
  return {};
}

Status apply_client_certificate(Args& args, ClientConfig& config) {
  auto cert = args.value("--cert");
  auto key = args.value("--key");
  if (!cert && !key) return {};
  if (!cert || !key) return Error(ErrorCode::invalid_argument, "--cert and --key go together");
  TLSPP_ASSIGN_OR_RETURN(config.client_certificate, load_certified_key(*cert, *key));
  return {};
}

std::string certificate_subject(const std::vector<std::uint8_t>& der) {
  auto cert = x509::Certificate::parse(der);
  return cert.ok() ? (*cert)->display_name() : "(unparsable)";
}

namespace {

// The value among `known` whose display name is `name` (case-insensitive).
template <class E>
std::optional<E> find_by_name(std::string_view name, std::initializer_list<E> known) {
  const auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (const E value : known) {
    if (lower(handshake::display_name(value)) == lower(name)) return value;
  }
  return std::nullopt;
}

template <class E>
Result<std::vector<E>> parse_names(const std::string& flag, const std::string& list,
                                   std::initializer_list<E> known) {
  std::vector<E> out;
  for (const std::string& name : split_list(list)) {
    const auto value = find_by_name(name, known);
    if (!value) {
      std::string names;
      for (const E k : known) names += (names.empty() ? "" : ", ") + handshake::display_name(k);
      return Error(ErrorCode::invalid_argument,
                   flag + ": unknown name " + name + " (known: " + names + ")");
    }
    out.push_back(*value);
  }
  if (out.empty()) return Error(ErrorCode::invalid_argument, flag + " needs at least one name");
  return out;
}

}  // namespace

Status apply_algorithm_flags(Args& args, CommonConfig& config) {
  if (auto list = args.value("--ciphersuites")) {
    using enum CipherSuite;
    TLSPP_ASSIGN_OR_RETURN(
        config.cipher_suites,
        parse_names<CipherSuite>(
            "--ciphersuites", *list,
            {tls_aes_128_gcm_sha256, tls_aes_256_gcm_sha384, tls_chacha20_poly1305_sha256,
             tls_ecdhe_ecdsa_with_aes_128_gcm_sha256, tls_ecdhe_ecdsa_with_aes_256_gcm_sha384,
             tls_ecdhe_rsa_with_aes_128_gcm_sha256, tls_ecdhe_rsa_with_aes_256_gcm_sha384,
             tls_ecdhe_rsa_with_chacha20_poly1305_sha256,
             tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256, tls_rsa_with_aes_128_gcm_sha256,
             tls_rsa_with_aes_256_gcm_sha384}));
  }
  if (auto list = args.value("--groups")) {
    using enum NamedGroup;
    TLSPP_ASSIGN_OR_RETURN(
        config.groups,
        parse_names<NamedGroup>("--groups", *list, {x25519, secp256r1, secp384r1, secp521r1}));
  }
  return {};
}

void apply_version_flags(Args& args, CommonConfig& config) {
  const bool only13 = args.flag("--tls1.3");
  const bool only12 = args.flag("--tls1.2");
  if (only13 && !only12) config.min_version = config.max_version = ProtocolVersion::tls1_3;
  if (only12 && !only13) config.min_version = config.max_version = ProtocolVersion::tls1_2;
  // TLS 1.2 static RSA key exchange (no forward secrecy): off unless asked for.
  if (args.flag("--legacy-rsa")) config.allow_legacy_rsa_key_exchange = true;
}

}  // namespace tlspp::tool
