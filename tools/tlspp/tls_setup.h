// What the client and server commands share: the libcrypto provider, certificate and key files,
// trust stores, SSLKEYLOGFILE, and the version flags.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "args.h"
#include "crypto/provider.h"
#include "tlspp/config.h"
#include "tlspp/result.h"
#include "x509/trust_store.h"

namespace tlspp::tool {

// The process-wide libcrypto provider.
std::shared_ptr<crypto::Provider> provider();

// A PEM chain file (leaf first) and a private key file (PEM or DER).
Result<std::shared_ptr<const CertifiedKey>> load_certified_key(const std::string& chain_path,
                                                               const std::string& key_path);

// The server commands' certificate: --cert CHAIN with --key KEY, or, when neither is given, the
// ECDSA leaf of the development identity (devcert.h, created on first use). `description` says
// which, for the startup line ("the development certificate (trust DIR/ca.pem)").
// ErrorCode::invalid_argument when only one of the two is given; the loader's error otherwise.
struct ServerIdentity {
  std::shared_ptr<const CertifiedKey> certified;
  std::string description;
};
Result<ServerIdentity> server_identity(const std::optional<std::string>& cert,
                                       const std::optional<std::string>& key);

// Trust anchors from PEM/DER files.
Result<std::shared_ptr<const x509::TrustStore>> load_trust_store(
    const std::vector<std::string>& files);

// A key-log callback appending to $SSLKEYLOGFILE, or null when the variable is unset.
KeyLogCallback key_log_from_environment();

// Applies --tls1.3 / --tls1.2 (each restricts the connection to that version) and --legacy-rsa
// (allows the TLS 1.2 static RSA key exchange).
void apply_version_flags(Args& args, CommonConfig& config);

// --ciphersuites LIST and --groups LIST (comma-separated, in preference order, names as the
// narration shows them: TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ...;
// x25519, secp256r1, secp384r1, secp521r1) set CommonConfig::cipher_suites and groups.
// ErrorCode::invalid_argument naming the flag and the unknown name (a usage error).
Status apply_algorithm_flags(Args& args, CommonConfig& config);

// Server: --client-auth none|optional|required and --client-ca FILE (repeatable; required unless
// none) set ServerConfig::client_auth and client_trust_store. Client: --cert CHAIN.pem with
// --key KEY.pem set ClientConfig::client_certificate. Errors are usage errors (their reason names
// the flag or file).
Status apply_server_client_auth(Args& args, ServerConfig& config);
Status apply_client_certificate(Args& args, ClientConfig& config);

// The subject of a DER certificate for display ("CN=..., O=..."), or "(unparsable)".
std::string certificate_subject(const std::vector<std::uint8_t>& der);

// Reads a whole file; ErrorCode::io_error naming it when unreadable.
Result<std::string> read_file(const std::string& path);

// --sess-in FILE: a session saved by --sess-out (ClientSession::serialize), put into the config's
// session store under `session_key` so the connection offers it. io_error when unreadable, a
// decode error when it is not a saved session.
Status load_session(const std::string& path, ClientConfig& config, const std::string& session_key);
// --sess-out FILE: writes the newest session the config's store holds for `session_key`. The file
// holds the session's secret: it is created (or truncated) with mode 0600. io_error when it cannot
// be written or there is no session to save.
Status save_session(const std::string& path, const ClientConfig& config,
                    const std::string& session_key);

}  // namespace tlspp::tool
