// Client and server configuration. A config is built once, then shared read-only by any number of
// connections on any threads (std::shared_ptr<const ClientConfig>); per-connection state lives in
// the Connection. Defaults are the safe ones: TLS 1.3 and 1.2, AEAD suites only, forward secrecy,
// certificate verification on.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tlspp/session.h"
#include "tlspp/wire.h"

namespace tlspp {

namespace crypto {
class Provider;
class PrivateKey;
}  // namespace crypto
namespace x509 {
class TrustStore;
}  // namespace x509

// Caps on everything a peer controls (DESIGN.md). Defaults are safe; each is configurable.
struct Limits {
  std::size_t max_handshake_message_size = 64 * 1024;
  std::size_t max_empty_records = 32;  // consecutive records without progress
  std::size_t max_chain_length = 10;
  std::size_t max_chain_bytes = 100 * 1024;
  // Server: rejected 0-RTT data skipped before the connection is refused (RFC 8446 §4.2.10);
  // the skip limit is the larger of this and ServerConfig::max_early_data.
  std::size_t max_early_data_size = 16 * 1024;
  std::size_t max_pending_output = 256 * 1024;  // bytes queued for sending before write() refuses
  // Entries in one extension block (ClientHello, ServerHello, HelloRetryRequest,
  // EncryptedExtensions, CertificateEntry, CertificateRequest, NewSessionTicket); more:
  // ErrorCode::too_many_extensions (decode_error).
  std::size_t max_extensions = 128;
};

// A certificate chain (DER, leaf first) and the private key for its leaf.
struct CertifiedKey {
  std::vector<std::vector<std::uint8_t>> chain;
  std::shared_ptr<const crypto::PrivateKey> key;
};

// Unix time in milliseconds. Connections read time only through this.
using Clock = std::function<std::int64_t()>;
Clock system_clock();

// Receives key log lines in the NSS key log format ("CLIENT_HANDSHAKE_TRAFFIC_SECRET <client
// random> <secret>"), e.g. to append to $SSLKEYLOGFILE so Wireshark can decrypt a capture.
using KeyLogCallback = std::function<void(std::string_view line)>;

// An extension block as raw entries in wire order: (extension type, extension_data).
using RawExtensions = std::vector<std::pair<std::uint16_t, std::vector<std::uint8_t>>>;

// Edits the extensions of a message tlspp built, after tlspp filled them and before the message is
// encoded and added to the transcript: the client's ClientHello (both, after a
// HelloRetryRequest), the server's ServerHello (not a HelloRetryRequest), EncryptedExtensions,
// TLS 1.3 CertificateRequest and NewSessionTicket, and the first CertificateEntry of either side's
// TLS 1.3 Certificate. `message` names which. For tests (replaying a recorded trace byte for byte)
// and fingerprint research only. Nothing is checked: the result must stay a valid message.
// Negotiation is not affected: tlspp still implements only what it implements, so e.g. a server's
// answer to an extension added to the ClientHello is refused as unsolicited unless tlspp supports
// it.
using ExtensionEditor = std::function<void(HandshakeType message, RawExtensions& extensions)>;

// Settings both sides share.
struct CommonConfig {
  std::shared_ptr<crypto::Provider> provider;  // null: the libcrypto provider
  ProtocolVersion min_version = ProtocolVersion::tls1_2;
  ProtocolVersion max_version = ProtocolVersion::tls1_3;
  // Preference order. Empty: the defaults (TLS 1.3 suites, then TLS 1.2 ECDHE suites).
  std::vector<CipherSuite> cipher_suites;
  std::vector<NamedGroup> groups = {NamedGroup::x25519, NamedGroup::secp256r1,
                                    NamedGroup::secp384r1};
  // Empty: every scheme tlspp implements (ECDSA, RSA-PSS, Ed25519, then RSA PKCS#1 for TLS 1.2).
  std::vector<SignatureScheme> signature_schemes;
  // ALPN protocol names in preference order (RFC 7301); empty: no ALPN.
  std::vector<std::string> alpn;
  Limits limits;
  Clock clock;  // null: system_clock()
  KeyLogCallback key_log;
  // Test hook (see ExtensionEditor); null: messages are sent as tlspp builds them.
  ExtensionEditor edit_extensions;
  // TLS 1.2 static RSA key exchange (the classic "pre-master secret encrypted to the server's RSA
  // key"): no forward secrecy and a Bleichenbacher target, so off unless named here.
  bool allow_legacy_rsa_key_exchange = false;
  // RFC 7627: a TLS 1.2 handshake without the extended master secret is refused (server:
  // handshake_failure for a ClientHello without it; client: for a ServerHello that does not echo
  // it). false accepts peers without it (their master secret is then not bound to the handshake).
  bool require_extended_master_secret = true;
};

// What a server's CertificateRequest asks for (RFC 8446 §4.3.2, RFC 5246 §7.4.4), as given to
// ClientConfig::client_certificate_for.
struct CertificateRequestInfo {
  ProtocolVersion version{};
  // The DER Distinguished Names of the CAs the server accepts (its certificate_authorities);
  // empty: the server named none, any CA may do.
  std::vector<std::vector<std::uint8_t>> certificate_authorities;
  // The schemes the server accepts for our CertificateVerify (TLS 1.2:
  // supported_signature_algorithms), in its order.
  std::vector<SignatureScheme> signature_schemes;
};

struct ClientConfig : CommonConfig {
  // Trust anchors for the server's chain. null: the system store (SSL_CERT_FILE/SSL_CERT_DIR or
  // /etc/ssl/certs/ca-certificates.crt).
  std::shared_ptr<const x509::TrustStore> trust_store;
  // Turns off certificate verification entirely. Anyone on the path can then impersonate the
  // server. For tests and debugging only.
  bool dangerous_disable_certificate_verification = false;
  // RFC 8446 §D.4 middlebox compatibility mode: a non-empty legacy_session_id and a dummy
  // ChangeCipherSpec.
  bool middlebox_compatibility = true;
  // How many key shares the first ClientHello carries (from the front of `groups`); the server
  // asks for another with HelloRetryRequest if needed.
  std::size_t key_shares = 1;
  // Client certificate for servers that ask (mutual TLS): sent when the server's CertificateRequest
  // lets its key sign (one of the request's signature schemes fits the key and is in our
  // `signature_schemes`; in TLS 1.2 also its certificate_types). Otherwise, or when null, we answer
  // with an empty Certificate and the server decides (RFC 8446 §4.4.2, RFC 5246 §7.4.6).
  std::shared_ptr<const CertifiedKey> client_certificate;
  // Chooses the client certificate for a CertificateRequest (e.g. by the CA names the server
  // accepts). Called once per request, on the connection's thread; returning null sends no
  // certificate. A returned certificate whose key cannot sign any requested scheme is not sent
  // either (as above). Absent: `client_certificate` is used.
  std::function<std::shared_ptr<const CertifiedKey>(const CertificateRequestInfo& request)>
      client_certificate_for;
  // Sessions to resume (TLS 1.3 tickets, TLS 1.2 session IDs and tickets), shared by every
  // connection of this config; each connection looks up its ClientParams::session_key. null: every
  // handshake is a full one.
  std::shared_ptr<ClientSessionStore> session_store = ClientSessionStore::create();
  // TLS 1.3: offer psk_ke besides psk_dhe_ke (RFC 8446 §4.2.9). psk_ke resumes without a fresh
  // key exchange, so the resumed connection has no forward secrecy of its own.
  bool allow_psk_ke = false;
};

enum class ClientAuth : std::uint8_t { none, optional, required };

struct ServerConfig : CommonConfig {
  // The certificate served when the chooser is absent or returns null.
  std::shared_ptr<const CertifiedKey> certificate;
  // Chooses a certificate by the client's server_name (empty when the client sent none).
  std::function<std::shared_ptr<const CertifiedKey>(std::string_view server_name)> certificate_for;
  // Picks the ALPN protocol from the client's list; nullopt: none acceptable
  // (no_application_protocol). Absent: the first of `alpn` that the client offered.
  std::function<std::optional<std::string>(std::span<const std::string> offered)> alpn_select;
  // true: our cipher suite order wins; false: the client's.
  bool prefer_server_cipher_order = true;
  // Mutual TLS. `optional` and `required` send a CertificateRequest (RFC 8446 §4.3.2, RFC 5246
  // §7.4.4) naming the anchors of `client_trust_store` as certificate_authorities (when they are
  // at most 64 names and 16 KiB; otherwise no names, so clients do not rule themselves out), and
  // verify a client chain against that store for the clientAuth extended key usage. `optional`
  // continues without a client certificate when the client sends none; `required` refuses
  // (TLS 1.3: certificate_required; TLS 1.2: handshake_failure). A chain that does not verify is
  // refused in both modes (unknown_ca, bad_certificate, ...). The verified chain is
  // SessionInfo::peer_chain on the server.
  ClientAuth client_auth = ClientAuth::none;
  // Trust anchors for client certificates; must be set when client_auth is not none (the system
  // store is never used for clients: ErrorCode::invalid_argument when null).
  std::shared_ptr<const x509::TrustStore> client_trust_store;
  // Stateless HelloRetryRequest cookie (RFC 8446 §4.2.2) on every HelloRetryRequest.
  bool hello_retry_cookie = true;

  // ---- Resumption ----
  // Seal TLS 1.2 session tickets (RFC 5077) and TLS 1.3 tickets. null: no TLS 1.2 tickets, and
  // TLS 1.3 tickets are kept in session_cache instead (single use).
  std::shared_ptr<TicketKeys> ticket_keys = TicketKeys::create();
  // TLS 1.2 session IDs, and TLS 1.3 tickets when ticket_keys is null. null: no session IDs.
  std::shared_ptr<ServerSessionCache> session_cache = ServerSessionCache::create();
  // TLS 1.3: NewSessionTickets sent after each handshake (0: none, so no TLS 1.3 resumption).
  std::size_t tickets_per_handshake = 2;
  // TLS 1.3: NewSessionTickets sent after a resumed handshake, at most tickets_per_handshake. The
  // client spent one ticket on it, so one replaces it (OpenSSL also sends one).
  std::size_t tickets_per_resumption = 1;
  // TLS 1.2 resumption by ticket (RFC 5077 §3.3 leaves renewal to the server): false renews the
  // ticket only when it was sealed by a key that is no longer the current one (retired, or due for
  // rotation); true sends a new ticket on every resumption. Either way the session keeps its
  // original expiry.
  bool renew_tls12_tickets = false;
  // How long a session or ticket may be resumed (RFC 8446 §4.6.1 caps TLS 1.3 tickets at 7 days).
  std::chrono::seconds ticket_lifetime{std::chrono::hours(2)};
  // TLS 1.3: accept psk_ke (resumption without a fresh key exchange, RFC 8446 §4.2.9) when that
  // is all the client offers.
  bool allow_psk_ke = false;
  // TLS 1.3, with allow_psk_ke: pick psk_ke whenever the client lists it, even next to psk_dhe_ke
  // (cheaper: no key exchange; but the resumed connection has no forward secrecy of its own).
  // Off: psk_dhe_ke whenever possible (like OpenSSL's SSL_OP_PREFER_NO_DHE_KEX when on).
  bool prefer_psk_ke = false;
  // TLS 1.3 0-RTT (RFC 8446 §4.2.10): how many bytes of early data a ticket allows; 0 refuses early
  // data. Early data can be replayed by an attacker: accept it only for requests that are safe to
  // repeat.
  std::uint32_t max_early_data = 0;
  // RFC 8446 §8 anti-replay for 0-RTT. null: early data is never accepted.
  std::shared_ptr<ReplayGuard> replay_guard = ReplayGuard::create();
};

}  // namespace tlspp
