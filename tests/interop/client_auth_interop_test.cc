// Client authentication (mutual TLS) with real peers on 127.0.0.1, TLS 1.3 and 1.2 (RFC 8446
// §4.3.2, §4.4.2-4.4.3; RFC 5246 §7.4.4, §7.4.6, §7.4.8):
//   - `tlspp server --client-auth required|optional --client-ca` against `openssl s_client -cert
//     -key` and `gnutls-cli --x509certfile --x509keyfile`;
//   - tlspp's client (ClientConfig::client_certificate) against `openssl s_server -Verify 1` /
//     `-verify 1` and `gnutls-serv --require-client-cert` / `--verify-client-cert`;
//   - a client certificate from another CA refused with the alert each side chooses.
// Each test asserts what the peer printed (the client subject it saw, its alert).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "io/tls_stream.h"
#include "support/interop.h"
#include "support/process.h"
#include "support/tls_pair.h"

namespace tlspp {
namespace {

using namespace std::chrono_literals;
using test::start_server;
using test::Subprocess;
using test::tls_data;
using test::tlspp_binary;

bool is13(ProtocolVersion v) { return v == ProtocolVersion::tls1_3; }
std::string openssl_version_flag(ProtocolVersion v) { return is13(v) ? "-tls1_3" : "-tls1_2"; }
std::string gnutls_priority(ProtocolVersion v) {
  return is13(v) ? "NORMAL:-VERS-ALL:+VERS-TLS1.3" : "NORMAL:-VERS-ALL:+VERS-TLS1.2";
}
std::string version_text(ProtocolVersion v) { return is13(v) ? "TLS 1.3" : "TLS 1.2"; }
std::string version_name(const ::testing::TestParamInfo<ProtocolVersion>& info) {
  return is13(info.param) ? "Tls13" : "Tls12";
}

// ---- tlspp server, real clients ---------------------------------------------------------------

class MtlsOurServer : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  void start(const std::string& mode) {
    port_ = test::free_port();
    server_ = start_server({tlspp_binary(), "server", "--port", std::to_string(port_), "--cert",
                            tls_data("ecdsa-chain.pem"), "--key", tls_data("ecdsa-key.pem"),
                            "--client-auth", mode, "--client-ca", tls_data("ca.pem")},
                           port_);
    ASSERT_TRUE(server_);
  }
  // `openssl s_client` sending an HTTP request, with `extra` flags (e.g. -cert/-key).
  test::CommandResult s_client(const std::string& extra) {
    return test::run_command(
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | timeout 20 openssl s_client -connect 127.0.0.1:" +
        std::to_string(port_) + " -servername localhost -CAfile " + tls_data("ca.pem") +
        " -verify_return_error " + openssl_version_flag(GetParam()) + " -ign_eof " + extra);
  }
  // The server's log line for the client certificate of the last connection.
  bool server_saw(const std::string& text) {
    return server_->wait_for_output("client certificate: " + text, 5s);
  }
  std::uint16_t port_ = 0;
  std::optional<Subprocess> server_;
};

std::string openssl_identity(const std::string& name) {
  return "-cert " + tls_data(name + "-chain.pem") + " -key " + tls_data(name + "-key.pem");
}

TEST_P(MtlsOurServer, RequiredWithOpensslClientCertificate) {
  start("required");
  for (const char* identity : {"client-ecdsa", "client-rsa"}) {
    SCOPED_TRACE(identity);
    auto r = s_client(openssl_identity(identity));
    EXPECT_EQ(r.status, 0) << r.output << "\n" << server_->output();
    // Our CertificateRequest names the test CA (certificate_authorities).
    EXPECT_NE(r.output.find("Acceptable client certificate CA names\nCN = tlspp Test CA, O = tlspp "
                            "tests"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("tlspp: " + version_text(GetParam())), std::string::npos) << r.output;
    EXPECT_TRUE(server_saw("O=tlspp tests, CN=tlspp test client (" + std::string(identity) + ")"))
        << server_->output();
  }
}

TEST_P(MtlsOurServer, RequiredRefusesOpensslClientWithoutCertificate) {
  start("required");
  auto r = s_client("");
  EXPECT_NE(r.status, 0) << r.output;
  // RFC 8446 §4.4.2.4: certificate_required (116); RFC 5246 §7.4.6: handshake_failure (40).
  if (is13(GetParam())) {
    EXPECT_NE(r.output.find("alert certificate required"), std::string::npos) << r.output;
    EXPECT_TRUE(server_->wait_for_output("handshake failed: certificate_required", 5s));
  } else {
    EXPECT_NE(r.output.find("alert handshake failure"), std::string::npos) << r.output;
    EXPECT_TRUE(server_->wait_for_output("handshake failed: no_client_certificate", 5s));
  }
}

TEST_P(MtlsOurServer, OptionalWithAndWithoutOpensslClientCertificate) {
  start("optional");
  auto anonymous = s_client("");
  EXPECT_EQ(anonymous.status, 0) << anonymous.output << "\n" << server_->output();
  EXPECT_NE(anonymous.output.find("tlspp: " + version_text(GetParam())), std::string::npos)
      << anonymous.output;
  EXPECT_TRUE(server_saw("none")) << server_->output();
  auto authenticated = s_client(openssl_identity("client-ecdsa"));
  EXPECT_EQ(authenticated.status, 0) << authenticated.output << "\n" << server_->output();
  EXPECT_TRUE(server_saw("O=tlspp tests, CN=tlspp test client (client-ecdsa)"))
      << server_->output();
}

TEST_P(MtlsOurServer, RefusesOpensslClientFromOtherCaWithUnknownCa) {
  start("optional");
  auto r = s_client(openssl_identity("other-client-ecdsa"));
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("alert unknown ca"), std::string::npos) << r.output;
  EXPECT_TRUE(server_->wait_for_output("handshake failed: cert_unknown_issuer", 5s))
      << server_->output();
}

TEST_P(MtlsOurServer, RequiredWithGnutlsClientCertificate) {
  start("required");
  for (const char* identity : {"client-ecdsa", "client-rsa"}) {
    SCOPED_TRACE(identity);
    auto r = test::run_command("printf 'echo through tlspp\\n' | timeout 20 gnutls-cli -p " +
                               std::to_string(port_) + " --x509cafile " + tls_data("ca.pem") +
                               " --x509certfile " + tls_data(std::string(identity) + "-chain.pem") +
                               " --x509keyfile " + tls_data(std::string(identity) + "-key.pem") +
                               " --priority " + gnutls_priority(GetParam()) + " localhost");
    EXPECT_EQ(r.status, 0) << r.output << "\n" << server_->output();
    EXPECT_NE(r.output.find("- Successfully sent 2 certificate(s) to server."), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("echo through tlspp"), std::string::npos) << r.output;
    EXPECT_TRUE(server_saw("O=tlspp tests, CN=tlspp test client (" + std::string(identity) + ")"))
        << server_->output();
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, MtlsOurServer,
                         ::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                         version_name);

// ---- tlspp client, real servers ---------------------------------------------------------------

// What one session of our client saw: the handshake, then `request` and everything until close.
struct Session {
  std::optional<Error> error;  // the first failure (handshake or read), if any
  std::string response;
};

Session run_client(std::uint16_t port, ProtocolVersion version, const std::string& identity,
                   const std::string& request) {
  auto config = test::test_client_config();
  config->min_version = config->max_version = version;
  if (!identity.empty()) config->client_certificate = test::test_identity(identity);
  Session s;
  auto stream = io::TlsStream::connect("127.0.0.1", port, config, "localhost", 10000ms);
  if (!stream.ok()) {
    s.error = stream.error();
    return s;
  }
  if (auto w = stream->write_all(
          {reinterpret_cast<const std::uint8_t*>(request.data()), request.size()});
      !w.ok()) {
    s.error = w.error();
    return s;
  }
  std::uint8_t buf[4096];
  for (;;) {
    auto n = stream->read(buf);
    if (!n.ok()) {
      s.error = n.error();
      return s;
    }
    if (*n == 0) break;
    s.response.append(reinterpret_cast<const char*>(buf), *n);
    // gnutls-serv --echo keeps the connection open: stop once the line came back.
    if (request.back() == '\n' && s.response == request) break;
  }
  (void)stream->close();
  return s;
}

class MtlsOurClient : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  // `openssl s_server -www` with `verify` ("-Verify 1": required, "-verify 1": optional).
  void start_openssl(const std::string& verify) {
    port_ = test::free_port();
    std::vector<std::string> argv = {"openssl",
                                     "s_server",
                                     "-accept",
                                     std::to_string(port_),
                                     "-cert",
                                     tls_data("ecdsa-chain.pem"),
                                     "-key",
                                     tls_data("ecdsa-key.pem"),
                                     "-CAfile",
                                     tls_data("ca.pem"),
                                     "-verify_return_error",
                                     openssl_version_flag(GetParam()),
                                     "-www"};
    argv.push_back(verify.substr(0, verify.find(' ')));
    argv.push_back(verify.substr(verify.find(' ') + 1));
    server_ = start_server(argv, port_);
    ASSERT_TRUE(server_);
  }
  void start_gnutls(const std::string& flag) {
    port_ = test::free_port();
    server_ = start_server(
        {"gnutls-serv", "-p", std::to_string(port_), "--x509certfile", tls_data("ecdsa-chain.pem"),
         "--x509keyfile", tls_data("ecdsa-key.pem"), "--x509cafile", tls_data("ca.pem"), flag,
         "--priority", gnutls_priority(GetParam()), "--echo"},
        port_);
    ASSERT_TRUE(server_);
  }
  std::uint16_t port_ = 0;
  std::optional<Subprocess> server_;
};

const std::string kGet = "GET / HTTP/1.0\r\n\r\n";

TEST_P(MtlsOurClient, OpensslServerRequiringCertificate) {
  start_openssl("-Verify 1");
  for (const char* identity : {"client-ecdsa", "client-rsa"}) {
    SCOPED_TRACE(identity);
    Session s = run_client(port_, GetParam(), identity, kGet);
    ASSERT_FALSE(s.error) << s.error->to_string() << "\n" << server_->output();
    // s_server -www shows the verified client certificate in its page, and logs its checks.
    EXPECT_NE(s.response.find("Client certificate"), std::string::npos) << s.response;
    EXPECT_NE(s.response.find("Subject: CN=tlspp test client (" + std::string(identity) +
                              "), O=tlspp tests"),
              std::string::npos)
        << s.response;
    EXPECT_TRUE(server_->wait_for_output("depth=0 CN = tlspp test client (" +
                                             std::string(identity) +
                                             "), O = tlspp tests\n"
                                             "verify return:1",
                                         5s))
        << server_->output();
  }
  // Without a certificate, s_server refuses (TLS 1.3: certificate_required; TLS 1.2:
  // handshake_failure).
  Session refused = run_client(port_, GetParam(), "", kGet);
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->code, ErrorCode::peer_alert) << refused.error->to_string();
  EXPECT_EQ(refused.error->alert, is13(GetParam()) ? AlertDescription::certificate_required
                                                   : AlertDescription::handshake_failure);
  EXPECT_TRUE(server_->wait_for_output("peer did not return a certificate", 5s))
      << server_->output();
}

TEST_P(MtlsOurClient, OpensslServerWithOptionalCertificate) {
  start_openssl("-verify 1");
  Session anonymous = run_client(port_, GetParam(), "", kGet);
  ASSERT_FALSE(anonymous.error) << anonymous.error->to_string() << "\n" << server_->output();
  EXPECT_NE(anonymous.response.find("no client certificate available"), std::string::npos)
      << anonymous.response;
  Session authenticated = run_client(port_, GetParam(), "client-ecdsa", kGet);
  ASSERT_FALSE(authenticated.error) << authenticated.error->to_string();
  EXPECT_NE(authenticated.response.find("Subject: CN=tlspp test client (client-ecdsa)"),
            std::string::npos)
      << authenticated.response;
}

// A client certificate from a CA s_server does not trust: unknown_ca.
TEST_P(MtlsOurClient, OpensslServerRefusesOtherCaWithUnknownCa) {
  start_openssl("-Verify 1");
  Session s = run_client(port_, GetParam(), "other-client-ecdsa", kGet);
  ASSERT_TRUE(s.error) << s.response;
  EXPECT_EQ(s.error->code, ErrorCode::peer_alert) << s.error->to_string();
  EXPECT_EQ(s.error->alert, AlertDescription::unknown_ca);
  EXPECT_TRUE(server_->wait_for_output("verify error:num=19:self-signed certificate in", 5s))
      << server_->output();
}

TEST_P(MtlsOurClient, GnutlsServerRequiringCertificate) {
  start_gnutls("--require-client-cert");
  const std::string line = "hello gnutls\n";
  Session s = run_client(port_, GetParam(), "client-ecdsa", line);
  ASSERT_FALSE(s.error) << s.error->to_string() << "\n" << server_->output();
  EXPECT_EQ(s.response, line);
  EXPECT_TRUE(
      server_->wait_for_output("Subject: O=tlspp tests,CN=tlspp test client (client-ecdsa)", 5s))
      << server_->output();
}

// gnutls-serv --verify-client-cert refuses a chain it cannot verify with access_denied.
TEST_P(MtlsOurClient, GnutlsServerRefusesOtherCa) {
  start_gnutls("--verify-client-cert");
  Session s = run_client(port_, GetParam(), "other-client-ecdsa", "hello gnutls\n");
  ASSERT_TRUE(s.error) << s.response;
  EXPECT_EQ(s.error->code, ErrorCode::peer_alert) << s.error->to_string();
  EXPECT_EQ(s.error->alert, AlertDescription::access_denied);
  EXPECT_TRUE(server_->wait_for_output("Error in the certificate.", 5s)) << server_->output();
}

INSTANTIATE_TEST_SUITE_P(Versions, MtlsOurClient,
                         ::testing::Values(ProtocolVersion::tls1_3, ProtocolVersion::tls1_2),
                         version_name);

}  // namespace
}  // namespace tlspp
