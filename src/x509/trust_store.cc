#include "x509/trust_store.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "x509/algorithms.h"
#include "x509/pem.h"

namespace tlspp::x509 {
namespace {

std::string key_of(der::Bytes b) { return std::string(b.begin(), b.end()); }

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::trust_store_error, "cannot read " + path);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error(ErrorCode::trust_store_error, "error reading " + path);
  return data;
}

der::Bytes as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

Status TrustStore::add(CertificatePtr cert) {
  if (contains(*cert)) return ok_status();
  by_subject_.emplace(key_of(cert->subject().encoding), certs_.size());
  certs_.push_back(std::move(cert));
  return ok_status();
}

Result<std::shared_ptr<const crypto::PublicKey>> TrustStore::anchor_key(
    const CertificatePtr& anchor, crypto::Provider& provider) const {
  const auto key = std::make_pair(anchor.get(), provider.instance_id());
  {
    std::lock_guard<std::mutex> lock(key_cache_->mutex);
    if (auto it = key_cache_->keys.find(key); it != key_cache_->keys.end()) {
      return it->second.second;
    }
  }
  // Imported outside the lock: two threads may both import a key the first time; one keeps it.
  TLSPP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::PublicKey> imported,
                         import_public_key(anchor->public_key(), provider));
  std::shared_ptr<const crypto::PublicKey> shared(std::move(imported));
  std::lock_guard<std::mutex> lock(key_cache_->mutex);
  // Keys of providers that are gone are never looked up again; start over rather than grow.
  if (key_cache_->keys.size() >= max_cached_anchor_keys()) key_cache_->keys.clear();
  return key_cache_->keys.try_emplace(key, anchor, std::move(shared)).first->second.second;
}

std::size_t TrustStore::cached_anchor_keys() const {
  std::lock_guard<std::mutex> lock(key_cache_->mutex);
  return key_cache_->keys.size();
}

Status TrustStore::add_der(der::Bytes der) {
  TLSPP_ASSIGN_OR_RETURN(CertificatePtr cert, Certificate::parse(der));
  return add(std::move(cert));
}

Result<std::size_t> TrustStore::add_pem(std::string_view pem) {
  TLSPP_ASSIGN_OR_RETURN(std::vector<PemBlock> blocks, parse_pem(pem));
  std::size_t added = 0;
  for (const PemBlock& b : blocks) {
    if (b.label != "CERTIFICATE") continue;
    auto cert = Certificate::parse(b.data);
    if (!cert.ok()) {
      return Error(cert.error().code,
                   "line " + std::to_string(b.line) + ": " + cert.error().reason);
    }
    TLSPP_TRY(add(std::move(*cert)));
    ++added;
  }
  return added;
}

Result<std::size_t> TrustStore::add_file(const std::string& path) {
  TLSPP_ASSIGN_OR_RETURN(std::string data, read_file(path));
  std::size_t added = 0;
  if (looks_like_pem(data)) {
    auto n = add_pem(data);
    if (!n.ok()) return Error(n.error().code, path + ": " + n.error().reason);
    added = *n;
  } else if (!data.empty() && static_cast<std::uint8_t>(data[0]) == 0x30) {
    Status s = add_der(as_bytes(data));
    if (!s.ok()) return Error(s.error().code, path + ": " + s.error().reason);
    added = 1;
  }
  if (added == 0) {
    return Error(ErrorCode::trust_store_error, path + ": no certificate (neither PEM nor DER)");
  }
  return added;
}

Result<std::size_t> TrustStore::add_directory(const std::string& path, std::size_t* skipped) {
  std::error_code ec;
  std::filesystem::directory_iterator it(path, ec);
  if (ec)
    return Error(ErrorCode::trust_store_error,
                 "cannot read directory " + path + ": " + ec.message());
  std::vector<std::filesystem::path> files;
  for (const auto& entry : it) {
    std::error_code type_ec;
    if (entry.is_regular_file(type_ec)) files.push_back(entry.path());  // follows symlinks
  }
  std::sort(files.begin(), files.end());
  std::size_t added = 0, skip = 0;
  for (const auto& f : files) {
    auto n = add_file(f.string());
    if (n.ok()) {
      added += *n;
    } else {
      ++skip;
    }
  }
  if (skipped) *skipped = skip;
  return added;
}

Result<TrustStore> TrustStore::system() {
  TrustStore store;
  const char* file = std::getenv("SSL_CERT_FILE");
  const char* dir = std::getenv("SSL_CERT_DIR");
  if (file || dir) {
    if (file) TLSPP_TRY(store.add_file(file));
    if (dir) {
      // SSL_CERT_DIR may list several directories separated by ':'.
      std::string_view dirs = dir;
      while (!dirs.empty()) {
        const std::size_t colon = dirs.find(':');
        const std::string one(dirs.substr(0, colon));
        if (!one.empty()) TLSPP_TRY(store.add_directory(one));
        if (colon == std::string_view::npos) break;
        dirs.remove_prefix(colon + 1);
      }
    }
  } else {
    auto n = store.add_file("/etc/ssl/certs/ca-certificates.crt");
    if (!n.ok()) TLSPP_TRY(store.add_directory("/etc/ssl/certs"));
  }
  if (store.size() == 0)
    return Error(ErrorCode::trust_store_error, "the system trust store is empty");
  return store;
}

std::vector<CertificatePtr> TrustStore::find_by_subject(der::Bytes subject_der) const {
  std::vector<std::size_t> indices;
  auto [lo, hi] = by_subject_.equal_range(key_of(subject_der));
  for (auto it = lo; it != hi; ++it) indices.push_back(it->second);
  std::sort(indices.begin(), indices.end());  // insertion order, independent of hashing
  std::vector<CertificatePtr> out;
  for (std::size_t i : indices) out.push_back(certs_[i]);
  return out;
}

bool TrustStore::contains(const Certificate& cert) const {
  auto [lo, hi] = by_subject_.equal_range(key_of(cert.subject().encoding));
  for (auto it = lo; it != hi; ++it) {
    if (std::ranges::equal(certs_[it->second]->der(), cert.der())) return true;
  }
  return false;
}

}  // namespace tlspp::x509
