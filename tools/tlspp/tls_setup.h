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

// Trust anchors from PEM/DER files.
Result<std::shared_ptr<const x509::TrustStore>> load_trust_store(
    const std::vector<std::string>& files);

// A key-log callback appending to $SSLKEYLOGFILE, or null when the variable is unset.
KeyLogCallback key_log_from_environment();

// Applies --tls1.3 / --tls1.2 (each restricts the connection to that version) and --legacy-rsa
// (allows the TLS 1.2 static RSA key exchange).
void apply_version_flags(Args& args, CommonConfig& config);

// Reads a whole file; ErrorCode::io_error naming it when unreadable.
Result<std::string> read_file(const std::string& path);

// --sess-in: a session saved by --sess-out (ClientSession::serialize). Errors name the file.
Result<std::shared_ptr<const ClientSession>> load_session(const std::string& path);
// --sess-out: writes `session` to `path` with mode 0600 (it holds the session's secret).
Status save_session(const std::string& path, const ClientSession& session);

}  // namespace tlspp::tool
