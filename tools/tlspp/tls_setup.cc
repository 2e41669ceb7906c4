#include "tls_setup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "crypto/openssl/openssl_provider.h"
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

Result<std::shared_ptr<const ClientSession>> load_session(const std::string& path) {
  TLSPP_ASSIGN_OR_RETURN(std::string text, read_file(path));
  auto session =
      ClientSession::parse({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  if (!session.ok()) return Error(session.error().code, path + ": " + session.error().reason);
  return session;
}

Status save_session(const std::string& path, const ClientSession& session) {
  const std::vector<std::uint8_t> bytes = session.serialize();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Error(ErrorCode::io_error, "cannot write " + path);
  ::fchmod(fd, 0600);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done != bytes.size()) return Error(ErrorCode::io_error, "cannot write " + path);
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

void apply_version_flags(Args& args, CommonConfig& config) {
  const bool only13 = args.flag("--tls1.3");
  const bool only12 = args.flag("--tls1.2");
  if (only13 && !only12) config.min_version = config.max_version = ProtocolVersion::tls1_3;
  if (only12 && !only13) config.min_version = config.max_version = ProtocolVersion::tls1_2;
  // TLS 1.2 static RSA key exchange (no forward secrecy): off unless asked for.
  if (args.flag("--legacy-rsa")) config.allow_legacy_rsa_key_exchange = true;
}

}  // namespace tlspp::tool
