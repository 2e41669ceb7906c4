// The deterministic provider: queued and seeded randomness over a real provider.
#include "crypto/deterministic_provider.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace tlspp::crypto {

struct DeterministicProvider::State {
  std::mutex mu;
  std::deque<std::uint8_t> queued_random;
  std::map<NamedGroup, std::deque<SecretBytes>> queued_scalars;
  std::deque<std::vector<std::uint8_t>> queued_signatures;
  // The seeded stream: SHA-256(seed || uint64_be(counter)), consumed from `block`.
  SecretBytes seed;
  std::uint64_t counter = 0;
  std::array<std::uint8_t, 32> block{};
  std::size_t block_used = 32;  // all used: the next byte needs a new block

  ~State() { codec::secure_wipe(block); }

  // Fills `out` from the seeded stream. Requires `mu`.
  Status draw_stream(Provider& inner, MutableBytes out) {
    while (!out.empty()) {
      if (block_used == block.size()) {
        std::array<std::uint8_t, 8> count{};
        for (std::size_t i = 0; i < 8; ++i) {
          count[i] = static_cast<std::uint8_t>(counter >> (56 - 8 * i));
        }
        ++counter;
        auto hash = inner.new_hash(HashAlg::sha256);
        hash->update(seed);
        hash->update(count);
        TLSPP_TRY(hash->digest(block));
        block_used = 0;
      }
      const std::size_t n = std::min(out.size(), block.size() - block_used);
      std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(block_used), n, out.begin());
      block_used += n;
      out = out.subspan(n);
    }
    return ok_status();
  }
};

namespace {

// A private key whose sign() returns queued signatures first.
class DeterministicPrivateKey final : public PrivateKey {
 public:
  DeterministicPrivateKey(std::unique_ptr<PrivateKey> inner,
                          std::shared_ptr<DeterministicProvider::State> state)
      : inner_(std::move(inner)), state_(std::move(state)) {}

  KeyType type() const override { return inner_->type(); }
  std::size_t bits() const override { return inner_->bits(); }

  Result<std::vector<std::uint8_t>> sign(const SignatureAlgorithm& alg,
                                         Bytes message) const override {
    {
      std::lock_guard lock(state_->mu);
      if (!state_->queued_signatures.empty()) {
        std::vector<std::uint8_t> signature = std::move(state_->queued_signatures.front());
        state_->queued_signatures.pop_front();
        return signature;
      }
    }
    return inner_->sign(alg, message);
  }

  Result<SecretBytes> decrypt_tls_premaster(Bytes ciphertext,
                                            ProtocolVersion client_version) const override {
    return inner_->decrypt_tls_premaster(ciphertext, client_version);
  }

  std::unique_ptr<PublicKey> public_key() const override { return inner_->public_key(); }

 private:
  std::unique_ptr<PrivateKey> inner_;
  std::shared_ptr<DeterministicProvider::State> state_;
};

// Bytes of a private scalar drawn from the stream for `group`, or 0 for groups it cannot draw.
std::size_t scalar_size(NamedGroup group) {
  switch (group) {
    case NamedGroup::x25519: return 32;
    case NamedGroup::secp256r1: return 32;
    case NamedGroup::secp384r1: return 48;
    case NamedGroup::secp521r1: return 66;
    default: return 0;
  }
}

}  // namespace

DeterministicProvider::DeterministicProvider(std::shared_ptr<Provider> inner, Bytes seed)
    : inner_(std::move(inner)), state_(std::make_shared<State>()) {
  assert(inner_ != nullptr);
  state_->seed = SecretBytes(seed);
}

DeterministicProvider::~DeterministicProvider() = default;

void DeterministicProvider::queue_random(Bytes bytes) {
  std::lock_guard lock(state_->mu);
  state_->queued_random.insert(state_->queued_random.end(), bytes.begin(), bytes.end());
}

void DeterministicProvider::queue_key_share_private(NamedGroup group, Bytes private_key) {
  std::lock_guard lock(state_->mu);
  state_->queued_scalars[group].emplace_back(private_key);
}

void DeterministicProvider::queue_signature(std::vector<std::uint8_t> signature) {
  std::lock_guard lock(state_->mu);
  state_->queued_signatures.push_back(std::move(signature));
}

std::string_view DeterministicProvider::name() const { return "deterministic"; }

std::vector<std::string> DeterministicProvider::algorithms() const {
  std::vector<std::string> out = inner_->algorithms();
  out.insert(out.begin(), "randomness: deterministic (queued, then SHA-256 stream over " +
                              std::string(inner_->name()) + ")");
  return out;
}

Status DeterministicProvider::random(MutableBytes out) {
  std::lock_guard lock(state_->mu);
  auto& queue = state_->queued_random;
  const std::size_t from_queue = std::min(out.size(), queue.size());
  std::copy_n(queue.begin(), from_queue, out.begin());
  queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(from_queue));
  return state_->draw_stream(*inner_, out.subspan(from_queue));
}

std::unique_ptr<HashContext> DeterministicProvider::new_hash(HashAlg alg) {
  return inner_->new_hash(alg);
}

Status DeterministicProvider::hmac(HashAlg alg, Bytes key, Bytes data, MutableBytes out) {
  return inner_->hmac(alg, key, data, out);
}

Result<SecretBytes> DeterministicProvider::hkdf_extract(HashAlg alg, Bytes salt, Bytes ikm) {
  return inner_->hkdf_extract(alg, salt, ikm);
}

Result<SecretBytes> DeterministicProvider::hkdf_expand(HashAlg alg, Bytes prk, Bytes info,
                                                       std::size_t length) {
  return inner_->hkdf_expand(alg, prk, info, length);
}

Result<SecretBytes> DeterministicProvider::tls12_prf(HashAlg alg, Bytes secret,
                                                     std::string_view label, Bytes seed,
                                                     std::size_t length) {
  return inner_->tls12_prf(alg, secret, label, seed, length);
}

Result<std::unique_ptr<Aead>> DeterministicProvider::new_aead(AeadAlg alg, Bytes key) {
  return inner_->new_aead(alg, key);
}

Result<std::unique_ptr<KeyShare>> DeterministicProvider::generate_key_share(NamedGroup group) {
  std::optional<SecretBytes> queued;
  {
    std::lock_guard lock(state_->mu);
    auto it = state_->queued_scalars.find(group);
    if (it != state_->queued_scalars.end() && !it->second.empty()) {
      queued = std::move(it->second.front());
      it->second.pop_front();
    }
  }
  if (queued) return inner_->key_share_from_private(group, *queued);

  const std::size_t size = scalar_size(group);
  if (size == 0) return inner_->generate_key_share(group);  // reports the unsupported group
  // A NIST scalar must lie in [1, n-1]; a drawn value outside is discarded and the next one tried
  // (for P-256 that happens with probability ~2^-32). P-521's 66 bytes carry 7 bits too many.
  constexpr int kMaxAttempts = 64;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    SecretBytes scalar(size);
    {
      std::lock_guard lock(state_->mu);
      TLSPP_TRY(state_->draw_stream(*inner_, scalar.span()));
    }
    if (group == NamedGroup::secp521r1) scalar.data()[0] &= 0x01;
    auto share = inner_->key_share_from_private(group, scalar);
    if (share.ok() || share.error().code != ErrorCode::bad_key) return share;
  }
  return Error(ErrorCode::internal, "deterministic key share: no valid scalar drawn");
}

Result<std::unique_ptr<KeyShare>> DeterministicProvider::key_share_from_private(NamedGroup group,
                                                                                Bytes private_key) {
  return inner_->key_share_from_private(group, private_key);
}

Result<std::unique_ptr<PublicKey>> DeterministicProvider::import_rsa_public_key(Bytes modulus,
                                                                                Bytes exponent) {
  return inner_->import_rsa_public_key(modulus, exponent);
}

Result<std::unique_ptr<PublicKey>> DeterministicProvider::import_ec_public_key(NamedGroup curve,
                                                                               Bytes point) {
  return inner_->import_ec_public_key(curve, point);
}

Result<std::unique_ptr<PublicKey>> DeterministicProvider::import_ed25519_public_key(Bytes raw) {
  return inner_->import_ed25519_public_key(raw);
}

Result<std::unique_ptr<PrivateKey>> DeterministicProvider::load_private_key(Bytes pem_or_der) {
  TLSPP_ASSIGN_OR_RETURN(std::unique_ptr<PrivateKey> key, inner_->load_private_key(pem_or_der));
  return std::unique_ptr<PrivateKey>(
      std::make_unique<DeterministicPrivateKey>(std::move(key), state_));
}

Result<std::unique_ptr<PublicKey>> DeterministicProvider::load_public_key(Bytes pem_or_der) {
  return inner_->load_public_key(pem_or_der);
}

}  // namespace tlspp::crypto
