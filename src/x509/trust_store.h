// A set of trust anchors (root certificates), indexed by subject DER for issuer lookup.
// Certificates are parsed eagerly with our parser when added (the ~140 roots of Debian's bundle
// load in a few milliseconds); their extensions are judged only when a path uses them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crypto/provider.h"
#include "tlspp/result.h"
#include "x509/certificate.h"

namespace tlspp::x509 {

class TrustStore {
 public:
  TrustStore() = default;

  // Adds one DER certificate. ErrorCode::cert_malformed / cert_duplicate_extension when it does
  // not parse (the store is unchanged). Adding a certificate already present does nothing.
  Status add_der(der::Bytes der);
  Status add(CertificatePtr cert);

  // Adds every CERTIFICATE block of a PEM text; other blocks (keys, OpenSSL's "TRUSTED
  // CERTIFICATE" with its trust settings) are ignored. Returns how many were added.
  // ErrorCode::pem_malformed for bad PEM, the parse error (prefixed with the block's line) for a
  // certificate that does not parse.
  Result<std::size_t> add_pem(std::string_view pem);
  // add_pem() on a file's contents, or DER when the file is not PEM.
  // ErrorCode::trust_store_error when the file cannot be read or holds no certificate.
  Result<std::size_t> add_file(const std::string& path);
  // Every regular file in a directory (*.pem, *.crt, hash-named "5ad8a5d6.0" links, ...); files
  // that hold no certificate or do not parse are skipped and counted in `skipped` (if given).
  // ErrorCode::trust_store_error when the directory cannot be read.
  Result<std::size_t> add_directory(const std::string& path, std::size_t* skipped = nullptr);

  // The system store: $SSL_CERT_FILE and/or $SSL_CERT_DIR when set, else Debian's
  // /etc/ssl/certs/ca-certificates.crt (falling back to the /etc/ssl/certs directory).
  static Result<TrustStore> system();

  // Anchors whose subject encoding equals `subject_der` (empty when none).
  std::vector<CertificatePtr> find_by_subject(der::Bytes subject_der) const;
  // Whether a byte-identical certificate is in the store.
  bool contains(const Certificate& cert) const;
  std::size_t size() const { return certs_.size(); }
  const std::vector<CertificatePtr>& certificates() const { return certs_; }

  // The public key of `anchor` (a certificate of this store, as find_by_subject returns it),
  // imported through `provider` on first use and cached with the store, so that verifications
  // do not import it again (thread-safe; copies of a store share the cache). The import's error
  // when the key is rejected (not cached: the next call tries again).
  Result<std::shared_ptr<const crypto::PublicKey>> anchor_key(const CertificatePtr& anchor,
                                                              crypto::Provider& provider) const;
  // How many imported keys the cache holds. It is bounded by max_cached_anchor_keys(): an
  // application that makes a provider per connection must not grow it without end.
  std::size_t cached_anchor_keys() const;
  std::size_t max_cached_anchor_keys() const { return 2 * certs_.size() + 16; }

 private:
  // Imported anchor keys, by (certificate, Provider::instance_id()). Entries keep their
  // certificate alive, so its address is never reused for another one while cached.
  struct KeyCache {
    std::mutex mutex;
    std::map<std::pair<const Certificate*, std::uint64_t>,
             std::pair<CertificatePtr, std::shared_ptr<const crypto::PublicKey>>>
        keys;
  };

  std::vector<CertificatePtr> certs_;
  std::unordered_multimap<std::string, std::size_t> by_subject_;  // subject DER -> index
  std::shared_ptr<KeyCache> key_cache_ = std::make_shared<KeyCache>();
};

}  // namespace tlspp::x509
