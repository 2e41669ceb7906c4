// Ephemeral key exchange: X25519 (RFC 7748) and ECDH on the NIST curves (RFC 8446 §4.2.8.2,
// §7.4.2), with the peer validation TLS requires.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <cstdio>
#include <string>
#include <vector>

#include "crypto/openssl/common.h"

namespace tlspp::crypto::openssl {
namespace {

constexpr std::size_t kX25519Size = 32;

using BnPtr = std::unique_ptr<BIGNUM, Free<BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Free<BN_CTX_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, Free<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, Free<EC_POINT_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Free<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Free<OSSL_PARAM_free>>;

// "secp256r1", or "group 0x1234" for a code point without a name.
std::string group_label(NamedGroup group) {
  const std::string_view name = name_of(group);
  if (!name.empty()) return std::string(name);
  char buf[16];
  std::snprintf(buf, sizeof buf, "group 0x%04x", static_cast<unsigned>(group));
  return buf;
}

// Bytes of one field element (coordinate) on a NIST curve.
std::size_t field_size(NamedGroup group) {
  switch (group) {
    case NamedGroup::secp256r1: return 32;
    case NamedGroup::secp384r1: return 48;
    case NamedGroup::secp521r1: return 66;
    default: return 0;
  }
}

int curve_nid(NamedGroup group) {
  switch (group) {
    case NamedGroup::secp256r1: return NID_X9_62_prime256v1;
    case NamedGroup::secp384r1: return NID_secp384r1;
    case NamedGroup::secp521r1: return NID_secp521r1;
    default: return NID_undef;
  }
}

bool is_supported(NamedGroup group) {
  return group == NamedGroup::x25519 || nist_group_name(group) != nullptr;
}

Error unsupported_group(NamedGroup group) {
  return Error(ErrorCode::unsupported_algorithm,
               "key exchange group " + group_label(group) + " is not implemented");
}

class OsslKeyShare final : public KeyShare {
 public:
  OsslKeyShare(AlgorithmsPtr algs, NamedGroup group, PkeyPtr key,
               std::vector<std::uint8_t> public_key)
      : algs_(std::move(algs)),
        group_(group),
        key_(std::move(key)),
        public_(std::move(public_key)) {}

  NamedGroup group() const override { return group_; }
  Bytes public_key() const override { return public_; }

  Result<SecretBytes> agree(Bytes peer_public) const override {
    TLSPP_ASSIGN_OR_RETURN(PkeyPtr peer, import_peer(peer_public));
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    std::size_t size = 0;
    // The peer was validated above, so EVP need not repeat it (validate_peer = 0).
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1 ||
        EVP_PKEY_derive(ctx.get(), nullptr, &size) != 1) {
      return ossl_error(ErrorCode::crypto_failure, group_label(group_) + " key agreement setup");
    }
    SecretBytes shared(size);
    if (EVP_PKEY_derive(ctx.get(), shared.data(), &size) != 1) {
      if (group_ == NamedGroup::x25519) {
        // libcrypto refuses exactly one X25519 outcome: the all-zero value a small-order peer
        // point produces. RFC 7748 §6.1, RFC 8446 §7.4.2: abort.
        clear_ossl_errors();
        return Error(ErrorCode::zero_shared_secret,
                     "x25519: the peer's key share gives the all-zero shared secret");
      }
      return ossl_error(ErrorCode::crypto_failure, group_label(group_) + " key agreement");
    }
    // X25519: 32 bytes; NIST curves: the x-coordinate, zero-padded to the field size (RFC 8446
    // §7.4.2), which is what ECDH in libcrypto returns.
    const std::size_t expected = group_ == NamedGroup::x25519 ? kX25519Size : field_size(group_);
    if (size != expected) {
      return Error(ErrorCode::crypto_failure,
                   group_label(group_) + ": shared secret of " + std::to_string(size) + " bytes");
    }
    if (group_ == NamedGroup::x25519) {
      // Belt and braces in case a future libcrypto stops refusing it (RFC 7748 §6.1).
      const SecretBytes zeros(kX25519Size);
      if (codec::ct_equal(shared, zeros)) {
        return Error(ErrorCode::zero_shared_secret,
                     "x25519: the peer's key share gives the all-zero shared secret");
      }
    }
    return shared;
  }

 private:
  // The peer's share as an EVP_PKEY, after the checks RFC 8446 §4.2.8.2 asks for.
  Result<PkeyPtr> import_peer(Bytes peer_public) const {
    if (group_ == NamedGroup::x25519) {
      if (peer_public.size() != kX25519Size) {
        return Error(
            ErrorCode::bad_key_share,
            "x25519 key share is " + std::to_string(peer_public.size()) + " bytes, expected 32");
      }
      PkeyPtr peer(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer_public.data(),
                                               peer_public.size()));
      if (!peer) return ossl_error(ErrorCode::bad_key_share, "x25519 key share");
      return peer;
    }
    // RFC 8446 §4.2.8.2: UncompressedPointRepresentation: legacy_form = 4, then X and Y.
    const std::size_t expected = 1 + 2 * field_size(group_);
    if (peer_public.size() != expected || peer_public[0] != 0x04) {
      return Error(ErrorCode::bad_key_share, group_label(group_) +
                                                 " key share is not an uncompressed point of " +
                                                 std::to_string(expected) + " bytes (got " +
                                                 std::to_string(peer_public.size()) + " bytes)");
    }
    TLSPP_ASSIGN_OR_RETURN(PkeyPtr peer, ec_public_key_from_point(*algs_, group_, peer_public,
                                                                  ErrorCode::bad_key_share));
    // Full public-key validation (SP 800-56A §5.6.2.3.3): not infinity, coordinates in range, on
    // the curve, in the prime-order group.
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, peer.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
      return ossl_error(ErrorCode::bad_key_share, group_label(group_) + " key share is invalid");
    }
    return peer;
  }

  AlgorithmsPtr algs_;
  NamedGroup group_;
  PkeyPtr key_;
  std::vector<std::uint8_t> public_;
};

// Our public value in wire form.
Result<std::vector<std::uint8_t>> encoded_public(NamedGroup group, const EVP_PKEY* key) {
  std::vector<std::uint8_t> out;
  std::size_t len = 0;
  if (group == NamedGroup::x25519) {
    out.resize(kX25519Size);
    len = out.size();
    if (EVP_PKEY_get_raw_public_key(key, out.data(), &len) != 1 || len != kX25519Size) {
      return ossl_error(ErrorCode::crypto_failure, "x25519 public key");
    }
    return out;
  }
  out.resize(1 + 2 * field_size(group));
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out.data(),
                                      out.size(), &len) != 1 ||
      len != out.size() || out[0] != 0x04) {
    return ossl_error(ErrorCode::crypto_failure, group_label(group) + " public key encoding");
  }
  return out;
}

Result<std::unique_ptr<KeyShare>> make_share(AlgorithmsPtr algs, NamedGroup group, PkeyPtr key) {
  TLSPP_ASSIGN_OR_RETURN(std::vector<std::uint8_t> pub, encoded_public(group, key.get()));
  return std::unique_ptr<KeyShare>(
      std::make_unique<OsslKeyShare>(std::move(algs), group, std::move(key), std::move(pub)));
}

// A NIST-curve key pair from a big-endian private scalar d, 0 < d < n; the public point is d*G.
Result<PkeyPtr> ec_key_from_scalar(NamedGroup group, Bytes scalar) {
  const std::string label = group_label(group);
  GroupPtr ec_group(EC_GROUP_new_by_curve_name(curve_nid(group)));
  BnCtxPtr bn_ctx(BN_CTX_secure_new());
  BnPtr d(BN_secure_new());
  if (!ec_group || !bn_ctx || !d) return ossl_error(ErrorCode::crypto_failure, label + " setup");
  if (scalar.size() > field_size(group) ||
      BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), d.get()) == nullptr ||
      BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(ec_group.get())) >= 0) {
    clear_ossl_errors();
    return Error(ErrorCode::bad_key, label + ": private scalar is not in [1, n-1]");
  }
  PointPtr point(EC_POINT_new(ec_group.get()));
  std::vector<std::uint8_t> pub(1 + 2 * field_size(group));
  if (!point ||
      EC_POINT_mul(ec_group.get(), point.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(ec_group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, pub.data(),
                         pub.size(), bn_ctx.get()) != pub.size()) {
    return ossl_error(ErrorCode::crypto_failure, label + ": computing the public point");
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, nist_group_name(group),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(),
                                       pub.size()) != 1) {
    return ossl_error(ErrorCode::crypto_failure, label + ": key parameters");
  }
  // The builder puts the secure BIGNUM in secure memory; OSSL_PARAM_free wipes it.
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return ossl_error(ErrorCode::crypto_failure, label + ": key import");
  }
  return PkeyPtr(key);
}

}  // namespace

Result<PkeyPtr> ec_public_key_from_point(const Algorithms& algs, NamedGroup curve, Bytes point,
                                         ErrorCode code) {
  const char* name = nist_group_name(curve);
  if (name == nullptr) return unsupported_group(curve);
  if (point.empty()) return Error(code, group_label(curve) + ": empty point");
  if (const EVP_PKEY* params = algs.ec_parameters(curve)) {
    // A copy of the curve's parameters with the point set: decoding it (EC_POINT_oct2point)
    // refuses coordinates that are not on the curve.
    PkeyPtr key(EVP_PKEY_dup(const_cast<EVP_PKEY*>(params)));
    if (!key) return ossl_error(ErrorCode::crypto_failure, group_label(curve) + ": key copy");
    if (EVP_PKEY_set1_encoded_public_key(key.get(), point.data(), point.size()) != 1) {
      return ossl_error(code, group_label(curve) + ": not a point on the curve");
    }
    return key;
  }
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(name), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                        const_cast<std::uint8_t*>(point.data()), point.size()),
      OSSL_PARAM_construct_end()};
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) {
    return ossl_error(ErrorCode::crypto_failure, group_label(curve) + ": key import setup");
  }
  // Decoding the point (EC_POINT_oct2point) refuses coordinates that are not on the curve.
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) !=
      1) {
    return ossl_error(code, group_label(curve) + ": not a point on the curve");
  }
  return PkeyPtr(key);
}

Result<std::unique_ptr<KeyShare>> generate_key_share(AlgorithmsPtr algs, NamedGroup group) {
  if (!is_supported(group)) return unsupported_group(group);
  if (group == NamedGroup::x25519) {
    // RFC 7748 §6.1: the private key is 32 random bytes. Importing them computes the public key
    // directly, without the keygen context and algorithm fetch of EVP_PKEY_Q_keygen; the scalar
    // is clamped (RFC 7748 §5) inside libcrypto's X25519, as for any imported key.
    SecretBytes scalar(kX25519Size);
    if (RAND_priv_bytes(scalar.data(), static_cast<int>(scalar.size())) != 1) {
      return ossl_error(ErrorCode::random_failure, "x25519 keygen: RAND_priv_bytes");
    }
    return key_share_from_private(std::move(algs), group, scalar.span());
  }
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", nist_group_name(group));
  if (key == nullptr) return ossl_error(ErrorCode::crypto_failure, group_label(group) + " keygen");
  return make_share(std::move(algs), group, PkeyPtr(key));
}

Result<std::unique_ptr<KeyShare>> key_share_from_private(AlgorithmsPtr algs, NamedGroup group,
                                                         Bytes private_key) {
  if (!is_supported(group)) return unsupported_group(group);
  if (group == NamedGroup::x25519) {
    if (private_key.size() != kX25519Size) {
      return Error(
          ErrorCode::bad_key,
          "x25519 private key is " + std::to_string(private_key.size()) + " bytes, expected 32");
    }
    PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, private_key.data(),
                                             private_key.size()));
    if (!key) return ossl_error(ErrorCode::bad_key, "x25519 private key");
    return make_share(std::move(algs), group, std::move(key));
  }
  TLSPP_ASSIGN_OR_RETURN(PkeyPtr key, ec_key_from_scalar(group, private_key));
  return make_share(std::move(algs), group, std::move(key));
}

}  // namespace tlspp::crypto::openssl
