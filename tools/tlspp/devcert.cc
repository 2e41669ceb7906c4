// The development identity on disk: the state directory, file modes, and when to reuse or
// regenerate (see devcert.h).
#include "devcert.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "codec/secret_bytes.h"
#include "tls_setup.h"
#include "x509/ip_address.h"
#include "x509/pem.h"
#include "x509/verify.h"

namespace tlspp::tool {
namespace {

constexpr x509::UnixTime kDay = 24 * 3600;

Error io_error(const std::string& what) {
  return Error(ErrorCode::io_error, what + ": " + std::strerror(errno));
}

// Creates `dir` and its parents; `dir` itself gets mode 0700 (also when it already existed).
Status make_private_directory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error(ErrorCode::io_error, "cannot create " + dir + ": " + ec.message());
  if (::chmod(dir.c_str(), 0700) != 0) return io_error("cannot chmod 0700 " + dir);
  return ok_status();
}

// Writes `text` to `path` with `mode` through a temporary file renamed into place, so that a
// concurrent reader sees the old or the new file, never half of one.
Status write_file_atomically(const std::string& path, std::string_view text, mode_t mode) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create " + tmp);
  bool ok = ::fchmod(fd, mode) == 0;
  for (std::size_t at = 0; ok && at < text.size();) {
    const ssize_t n = ::write(fd, text.data() + at, text.size() - at);
    if (n <= 0) {
      ok = false;
    } else {
      at += static_cast<std::size_t>(n);
    }
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = io_error("cannot write " + path);
    ::unlink(tmp.c_str());
    return e;
  }
  return ok_status();
}

Status write_certificate(const std::string& path, std::span<const std::uint8_t> der) {
  return write_file_atomically(path, x509::to_pem("CERTIFICATE", der), 0644);
}

Status write_key(const std::string& path, const crypto::PrivateKey& key) {
  TLSPP_ASSIGN_OR_RETURN(codec::SecretBytes pkcs8, key.pkcs8_der());
  std::string pem = x509::to_pem("PRIVATE KEY", pkcs8);
  Status written = write_file_atomically(path, pem, 0600);
  codec::secure_wipe({reinterpret_cast<std::uint8_t*>(pem.data()), pem.size()});
  return written;
}

// The first CERTIFICATE block of a PEM file.
Result<std::vector<std::uint8_t>> read_certificate(const std::string& path) {
  TLSPP_ASSIGN_OR_RETURN(std::string text, read_file(path));
  TLSPP_ASSIGN_OR_RETURN(auto blocks, x509::parse_pem(text));
  for (auto& b : blocks) {
    if (b.label == "CERTIFICATE") return std::move(b.data);
  }
  return Error(ErrorCode::pem_malformed, path + ": no CERTIFICATE block");
}

Result<std::unique_ptr<crypto::PrivateKey>> read_key(const std::string& path) {
  TLSPP_ASSIGN_OR_RETURN(std::string text, read_file(path));
  auto key = provider()->load_private_key(
      {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  codec::secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()});
  return key;
}

// `key` is the private half of `cert_der`'s public key: a signature by one verifies with the other.
Status check_key_matches(const crypto::PrivateKey& key, std::span<const std::uint8_t> cert_der) {
  TLSPP_ASSIGN_OR_RETURN(auto cert, x509::Certificate::parse(cert_der));
  TLSPP_ASSIGN_OR_RETURN(auto public_key, x509::import_public_key(cert->public_key(), *provider()));
  const crypto::SignatureAlgorithm alg =
      key.type() == crypto::KeyType::rsa
          ? crypto::SignatureAlgorithm{crypto::SignatureKind::rsa_pss, crypto::HashAlg::sha256}
          : crypto::SignatureAlgorithm{crypto::SignatureKind::ecdsa, crypto::HashAlg::sha256};
  static constexpr std::uint8_t kProbe[] = {'t', 'l', 's', 'p', 'p'};
  TLSPP_ASSIGN_OR_RETURN(auto signature, key.sign(alg, kProbe));
  return public_key->verify(alg, kProbe, signature);
}

// The existing CA, when its files are readable, match, and it stays valid for another day.
Result<std::vector<std::uint8_t>> load_ca(const DevIdentity& id, x509::UnixTime now,
                                          std::unique_ptr<crypto::PrivateKey>& key_out) {
  TLSPP_ASSIGN_OR_RETURN(auto der, read_certificate(id.ca_cert));
  TLSPP_ASSIGN_OR_RETURN(auto key, read_key(id.ca_key));
  TLSPP_TRY(check_key_matches(*key, der));
  TLSPP_ASSIGN_OR_RETURN(auto cert, x509::Certificate::parse(der));
  if (cert->not_after() < now + kDay) return Error(ErrorCode::cert_expired, "CA expires soon");
  key_out = std::move(key);
  return der;
}

// The existing leaf at `chain`/`key_path` verifies against the CA for every name, now and in a day.
Status check_leaf(const std::string& chain, const std::string& key_path,
                  const x509::TrustStore& anchors, const std::vector<std::string>& names,
                  x509::UnixTime now) {
  TLSPP_ASSIGN_OR_RETURN(auto der, read_certificate(chain));
  TLSPP_ASSIGN_OR_RETURN(auto key, read_key(key_path));
  TLSPP_TRY(check_key_matches(*key, der));
  const std::array<codec::Bytes, 1> presented = {codec::Bytes(der)};
  for (const std::string& name : names) {
    for (x509::UnixTime t : {now, now + kDay}) {
      x509::VerifyOptions options;
      options.time = t;
      options.peer_name = x509::PeerName{
          x509::parse_ip_address(name) ? x509::PeerName::Kind::ip : x509::PeerName::Kind::dns,
          name};
      TLSPP_TRY(x509::verify_chain(options, presented, anchors, *provider()));
    }
  }
  return ok_status();
}

Status make_and_write_leaf(const DevCertRequest& request, crypto::KeyType type,
                           const std::vector<std::uint8_t>& ca_der,
                           const crypto::PrivateKey& ca_key, x509::UnixTime now,
                           const std::string& chain, const std::string& key_path) {
  TLSPP_ASSIGN_OR_RETURN(MadeCertificate leaf,
                         make_leaf(*provider(), request, type, ca_der, ca_key, now));
  // The key first: a reader never pairs a new certificate with an old key for long.
  TLSPP_TRY(write_key(key_path, *leaf.key));
  return write_certificate(chain, leaf.der);
}

}  // namespace

Result<std::string> dev_state_directory() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state != nullptr && *state == '/') return std::string(state) + "/tlspp";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return std::string(home) + "/.local/state/tlspp";
  return Error(ErrorCode::io_error, "neither XDG_STATE_HOME nor HOME is set");
}

Result<DevIdentity> load_or_create_dev_identity(const DevCertOptions& options) {
  TLSPP_ASSIGN_OR_RETURN(DevCertRequest request, parse_dev_names(options.names));
  DevIdentity id;
  if (options.directory.empty()) {
    TLSPP_ASSIGN_OR_RETURN(id.directory, dev_state_directory());
  } else {
    id.directory = options.directory;
  }
  id.ca_cert = id.directory + "/ca.pem";
  id.ca_key = id.directory + "/ca-key.pem";
  id.chain = id.directory + "/server.pem";
  id.key = id.directory + "/server-key.pem";
  id.rsa_chain = id.directory + "/server-rsa.pem";
  id.rsa_key = id.directory + "/server-rsa-key.pem";
  id.names = options.names;
  const x509::UnixTime now = options.now ? *options.now
                                         : std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count();
  TLSPP_TRY(make_private_directory(id.directory));

  std::unique_ptr<crypto::PrivateKey> ca_key;
  Result<std::vector<std::uint8_t>> ca_der =
      options.force ? Result<std::vector<std::uint8_t>>(Error(ErrorCode::invalid_argument, "force"))
                    : load_ca(id, now, ca_key);
  if (!ca_der.ok()) {
    TLSPP_ASSIGN_OR_RETURN(MadeCertificate ca, make_ca(*provider(), now));
    TLSPP_TRY(write_key(id.ca_key, *ca.key));
    TLSPP_TRY(write_certificate(id.ca_cert, ca.der));
    ca_der = std::move(ca.der);
    ca_key = std::move(ca.key);
    id.created_ca = true;
  }
  x509::TrustStore anchors;
  TLSPP_TRY(anchors.add_der(*ca_der));
  const bool leaves_good = !id.created_ca &&
                           check_leaf(id.chain, id.key, anchors, options.names, now).ok() &&
                           check_leaf(id.rsa_chain, id.rsa_key, anchors, options.names, now).ok();
  if (!leaves_good) {
    TLSPP_TRY(make_and_write_leaf(request, crypto::KeyType::ec_p256, *ca_der, *ca_key, now,
                                  id.chain, id.key));
    TLSPP_TRY(make_and_write_leaf(request, crypto::KeyType::rsa, *ca_der, *ca_key, now,
                                  id.rsa_chain, id.rsa_key));
    id.created_leaves = true;
    // What was just written must pass the same check the next run applies.
    TLSPP_TRY(check_leaf(id.chain, id.key, anchors, options.names, now));
    TLSPP_TRY(check_leaf(id.rsa_chain, id.rsa_key, anchors, options.names, now));
  }
  return id;
}

}  // namespace tlspp::tool
