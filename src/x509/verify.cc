#include "x509/verify.h"

#include <algorithm>
#include <map>

#include "x509/chain_checks.h"
#include "x509/name_constraints.h"

namespace tlspp::x509 {
namespace {

bool same_key_and_subject(const Certificate& a, const Certificate& b) {
  return std::ranges::equal(a.subject().encoding, b.subject().encoding) &&
         std::ranges::equal(a.public_key().encoding, b.public_key().encoding);
}

// RFC 5280 §4.2.1.1/§4.2.1.2: when the child names its issuer's key and the candidate states its
// own, they must agree for the candidate to be the issuer.
bool key_ids_compatible(const Certificate& child, const Certificate& issuer) {
  const auto& aki = child.authority_key_id();
  const auto& ski = issuer.subject_key_id();
  if (!aki || !aki->value.key_id || !ski) return true;
  return std::ranges::equal(*aki->value.key_id, ski->value);
}

// One verification: the search state, the per-call caches, and the best failure seen.
class PathBuilder {
 public:
  PathBuilder(const VerifyOptions& options, const TrustStore& anchors, crypto::Provider& provider,
              std::vector<CertificatePtr> intermediates, VerifyDiagnostics& diag)
      : options_(options),
        anchors_(anchors),
        provider_(provider),
        intermediates_(std::move(intermediates)),
        diag_(diag) {}

  // Searches from `leaf` (already checked on its own). The anchored path or the best error.
  Result<std::vector<CertificatePtr>> build(CertificatePtr leaf) {
    std::vector<CertificatePtr> path{std::move(leaf)};
    if (extend(path)) return found_;
    if (exhausted_) {
      return Error(ErrorCode::cert_path_search_exhausted,
                   "gave up after considering " + std::to_string(options_.max_candidates) +
                       " candidate issuers" +
                       (best_ ? " (most relevant failure so far: " + best_->reason + ")" : ""));
    }
    return *best_;
  }

 private:
  // Depth-first: true when `path` was completed to an anchor (found_ holds it).
  bool extend(std::vector<CertificatePtr>& path) {
    const Certificate& child = *path.back();
    std::vector<std::pair<CertificatePtr, bool>> candidates;  // (certificate, is anchor)
    for (auto& a : anchors_.find_by_subject(child.issuer().encoding)) {
      if (key_ids_compatible(child, *a)) candidates.emplace_back(a, true);
    }
    for (auto& i : intermediates_) {
      if (std::ranges::equal(i->subject().encoding, child.issuer().encoding) &&
          key_ids_compatible(child, *i)) {
        candidates.emplace_back(i, false);
      }
    }
    bool tried = false;
    for (auto& [candidate, is_anchor] : candidates) {
      // A certificate (subject and key) appears at most once in a path: no cycles.
      if (std::ranges::any_of(path, [&](const CertificatePtr& p) {
            return same_key_and_subject(*p, *candidate);
          })) {
        continue;
      }
      if (++diag_.candidates_considered > options_.max_candidates) {
        exhausted_ = true;
        return false;
      }
      tried = true;
      path.push_back(candidate);
      Status link = check_link(path, is_anchor);
      if (link.ok() && is_anchor) link = check_path(path);
      if (link.ok() && is_anchor) {
        found_ = path;
        return true;
      }
      if (!link.ok()) {
        record(path, std::move(link).error());
      } else if (extend(path)) {
        return true;
      }
      path.pop_back();
      if (exhausted_) return false;
    }
    if (!tried) {
      record(path, Error(ErrorCode::cert_unknown_issuer,
                         "unknown issuer: " + child.issuer().to_string() + " (issuer of " +
                             child.display_name() + ")"));
    }
    return false;
  }

  // The checks that involve path.back() (just added) and the certificate it issued.
  Status check_link(const std::vector<CertificatePtr>& path, bool is_anchor) {
    const Certificate& issuer = *path.back();
    const Certificate& child = *path[path.size() - 2];
    const Role role = is_anchor ? Role::anchor : Role::intermediate;
    TLSPP_TRY(profile(issuer, role));
    TLSPP_TRY(check_validity(issuer, options_.time));
    // RFC 5280 §6.1.4 (k)/(n): an issuer is a CA (checked in the profile when strict) whose
    // keyUsage, if present, asserts keyCertSign.
    if (!issuer.is_ca() && (!is_anchor || options_.strict_anchors || issuer.basic_constraints())) {
      return cert_error(issuer, ErrorCode::cert_not_ca,
                        "issued " + child.display_name() + " but is not a CA");
    }
    if (issuer.key_usage() && !issuer.key_usage()->value.has(KeyUsageBit::key_cert_sign)) {
      return cert_error(issuer, ErrorCode::cert_key_usage, "keyUsage lacks keyCertSign");
    }
    // Intermediates below `issuer` that count for path length (RFC 5280 §4.2.1.9: self-issued
    // ones do not; the leaf is not an intermediate).
    std::size_t below = 0;
    for (std::size_t i = 1; i + 1 < path.size(); ++i) below += path[i]->self_issued() ? 0 : 1;
    if (issuer.basic_constraints() && issuer.basic_constraints()->value.path_len &&
        below > *issuer.basic_constraints()->value.path_len) {
      return cert_error(issuer, ErrorCode::cert_path_too_long,
                        "pathLenConstraint " +
                            std::to_string(*issuer.basic_constraints()->value.path_len) +
                            " exceeded by " + std::to_string(below) + " intermediates below it");
    }
    if (!is_anchor && below + (issuer.self_issued() ? 0 : 1) > options_.max_intermediates) {
      return cert_error(issuer, ErrorCode::cert_path_too_long,
                        "path would exceed the maximum of " +
                            std::to_string(options_.max_intermediates) + " intermediates");
    }
    TLSPP_TRY(check_ext_key_usage(issuer, role, options_.purpose));
    return check_signature(child, path.back(), is_anchor);
  }

  // Whole-path rules, once an anchor is reached: RFC 5280 §6.1.3 (b)/(c) name constraints of each
  // CA on every certificate below it (self-issued intermediates excepted, the leaf never).
  Status check_path(const std::vector<CertificatePtr>& path) {
    for (std::size_t ca = 1; ca < path.size(); ++ca) {
      const auto& nc = path[ca]->name_constraints();
      if (!nc) continue;
      for (std::size_t below = 0; below < ca; ++below) {
        if (below != 0 && path[below]->self_issued()) continue;
        TLSPP_TRY(check_name_constraints(nc->value, *path[ca], *path[below]));
      }
    }
    return ok_status();
  }

  Status profile(const Certificate& cert, Role role) {
    const auto key = std::make_pair(&cert, role);
    auto it = profile_cache_.find(key);
    if (it == profile_cache_.end())
      it = profile_cache_.emplace(key, check_profile(cert, role, options_)).first;
    return it->second;
  }

  Status check_signature(const Certificate& child, const CertificatePtr& issuer, bool is_anchor) {
    const auto key = std::make_pair(&child, issuer.get());
    auto it = signature_cache_.find(key);
    if (it != signature_cache_.end()) return it->second;
    Status result = verify_signature(child, issuer, is_anchor);
    signature_cache_.emplace(key, result);
    return result;
  }

  // An anchor's key comes from the TrustStore's cache (imported once per store and provider);
  // an intermediate's is imported once per verification.
  Status verify_signature(const Certificate& child, const CertificatePtr& issuer_ptr,
                          bool is_anchor) {
    const Certificate& issuer = *issuer_ptr;
    TLSPP_TRY(check_signature_algorithm(child));
    auto k = keys_.find(&issuer);
    if (k == keys_.end()) {
      auto import_key = [&]() -> Result<std::shared_ptr<const crypto::PublicKey>> {
        if (is_anchor) return anchors_.anchor_key(issuer_ptr, provider_);
        TLSPP_ASSIGN_OR_RETURN(std::unique_ptr<crypto::PublicKey> key,
                               import_public_key(issuer.public_key(), provider_));
        return std::shared_ptr<const crypto::PublicKey>(std::move(key));
      };
      auto imported = import_key();
      if (!imported.ok()) {
        return cert_error(issuer, ErrorCode::cert_malformed,
                          "public key rejected: " + imported.error().reason);
      }
      k = keys_.emplace(&issuer, std::move(*imported)).first;
    }
    ++diag_.signatures_checked;
    Status s =
        k->second->verify(child.signature_algorithm().algorithm, child.tbs(), child.signature());
    if (!s.ok()) {
      return cert_error(child, ErrorCode::cert_bad_signature,
                        "signature (" + child.signature_algorithm().name +
                            ") does not verify with the key of " + issuer.display_name() + ": " +
                            s.error().reason);
    }
    return ok_status();
  }

  // Keeps the failure of the most complete candidate path (ties: the first).
  void record(const std::vector<CertificatePtr>& path, Error error) {
    if (!best_ || path.size() > best_depth_) {
      best_ = error;
      best_depth_ = path.size();
    }
    diag_.attempts.push_back({path, std::move(error)});
  }

  const VerifyOptions& options_;
  const TrustStore& anchors_;
  crypto::Provider& provider_;
  std::vector<CertificatePtr> intermediates_;
  VerifyDiagnostics& diag_;

  std::map<std::pair<const Certificate*, Role>, Status> profile_cache_;
  std::map<std::pair<const Certificate*, const Certificate*>, Status> signature_cache_;
  std::map<const Certificate*, std::shared_ptr<const crypto::PublicKey>> keys_;
  std::optional<Error> best_;
  std::size_t best_depth_ = 0;
  bool exhausted_ = false;
  std::vector<CertificatePtr> found_;
};

// Leaf rules that do not depend on the path.
Status check_leaf(const Certificate& leaf, const VerifyOptions& options) {
  TLSPP_TRY(check_profile(leaf, Role::leaf, options));
  if (options.peer_name) TLSPP_TRY(check_peer_name(leaf, *options.peer_name));
  TLSPP_TRY(check_ext_key_usage(leaf, Role::leaf, options.purpose));
  return check_validity(leaf, options.time);
}

}  // namespace

Result<VerifiedPath> verify_chain(const VerifyOptions& options,
                                  std::span<const codec::Bytes> presented,
                                  const TrustStore& anchors, crypto::Provider& provider,
                                  VerifyDiagnostics* diagnostics) {
  VerifyDiagnostics local;
  VerifyDiagnostics& diag = diagnostics ? *diagnostics : local;
  if (presented.empty()) return Error(ErrorCode::certificate_required, "no certificate presented");
  if (presented.size() > options.max_presented) {
    return Error(ErrorCode::cert_chain_too_large, std::to_string(presented.size()) +
                                                      " certificates presented (maximum " +
                                                      std::to_string(options.max_presented) + ")");
  }
  TLSPP_ASSIGN_OR_RETURN(CertificatePtr leaf, Certificate::parse(presented[0]));
  {
    Status s = check_leaf(*leaf, options);
    if (!s.ok()) {
      diag.attempts.push_back({{leaf}, s.error()});
      return std::move(s).error();
    }
  }
  // Intermediates: unparseable ones are skipped (noted), duplicates and copies of anchors dropped.
  std::vector<CertificatePtr> intermediates;
  for (std::size_t i = 1; i < presented.size(); ++i) {
    auto cert = Certificate::parse(presented[i]);
    if (!cert.ok()) {
      diag.ignored.push_back(Error(
          cert.error().code,
          "presented certificate #" + std::to_string(i) + " ignored: " + cert.error().reason));
      continue;
    }
    const bool duplicate = anchors.contains(**cert) ||
                           std::ranges::any_of(intermediates, [&](const CertificatePtr& c) {
                             return std::ranges::equal(c->der(), (*cert)->der());
                           });
    if (!duplicate) intermediates.push_back(std::move(*cert));
  }
  PathBuilder builder(options, anchors, provider, std::move(intermediates), diag);
  TLSPP_ASSIGN_OR_RETURN(std::vector<CertificatePtr> path, builder.build(leaf));
  auto key = import_public_key(leaf->public_key(), provider);
  if (!key.ok()) {
    return cert_error(*leaf, ErrorCode::cert_malformed,
                      "public key rejected: " + key.error().reason);
  }
  return VerifiedPath{std::move(path), std::move(*key)};
}

}  // namespace tlspp::x509
