// The narration of `tlspp client --trace/--json` against `tlspp server`: the steps of the classic
// explanation, in order, in English and Korean; JSON lines that parse and carry the event sequence.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "support/json.h"
#include "tool/tool_run.h"

namespace tlspp::tooltest {
namespace {

using namespace std::chrono_literals;

// A tlspp server with the development certificate (ECDSA, or RSA with the legacy key exchange).
class TlsppServer : public ::testing::Test {
 protected:
  void start(bool rsa_legacy, const std::vector<std::string>& server_flags = {}) {
    ASSERT_EQ(run_tlspp(state_.path(), "cert").status, 0);
    port_ = test::free_port();
    const std::string dir = state_.file("tlspp");
    std::vector<std::string> argv = {tlspp(), "server", "--port", std::to_string(port_)};
    if (rsa_legacy) {
      argv.insert(argv.end(), {"--cert", dir + "/server-rsa.pem", "--key",
                               dir + "/server-rsa-key.pem", "--tls1.2", "--legacy-rsa"});
    } else {
      argv.insert(argv.end(), {"--cert", dir + "/server.pem", "--key", dir + "/server-key.pem"});
    }
    argv.insert(argv.end(), server_flags.begin(), server_flags.end());
    server_ = test::Subprocess::start(argv);
    ASSERT_TRUE(server_.has_value());
    ASSERT_TRUE(test::wait_for_port(port_, 10s)) << server_->output();
  }

  // `printf REQUEST | tlspp client localhost:PORT --cafile CA FLAGS`, its narration (stderr) in
  // *narration; returns the exit status.
  int client(const std::string& flags, std::string* narration) {
    const std::string trace = state_.file("trace.txt");
    auto r = test::run_command(
        "(printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n' | env NO_COLOR=1 " + tlspp() +
        " client localhost:" + std::to_string(port_) + " --cafile " + state_.file("tlspp/ca.pem") +
        " --timeout 5 " + flags + " 2>" + trace + ")");
    *narration = test::read_file(trace).value_or("");
    stdout_ = r.output;
    return r.status;
  }

  test::TempDir state_;
  std::uint16_t port_ = 0;
  std::optional<test::Subprocess> server_;
  std::string stdout_;
};

TEST_F(TlsppServer, EnglishTls13NarrationFollowsTheSteps) {
  start(false);
  std::string text;
  ASSERT_EQ(client("--trace --lang en", &text), 0) << text;
  EXPECT_NE(stdout_.find("HTTP/1.1 200 OK"), std::string::npos) << stdout_;
  const auto order = find_in_order(text, {"TCP connected to",
                                          "C → S  ClientHello",
                                          "cipher suites: TLS_AES_128_GCM_SHA256",
                                          "key share:",
                                          "C ← S  ServerHello",
                                          "cipher suite: TLS_AES_128_GCM_SHA256",
                                          "TLS 1.3 has no pre-master secret",
                                          "HKDF-Extract",
                                          "derived handshake secret",
                                          "EncryptedExtensions",
                                          "C ← S  Certificate",
                                          "ok   certificate chain",
                                          "ok   host name",
                                          "C ← S  CertificateVerify",
                                          "ok   CertificateVerify signature",
                                          "C ← S  Finished",
                                          "ok   server Finished",
                                          "derived master secret",
                                          "Session keys (symmetric) are ready: AES-128-GCM",
                                          "only for middlebox compatibility",
                                          "C → S  Finished",
                                          "Handshake complete: TLS 1.3",
                                          "application data sent",
                                          "\"GET / HTTP/1.1\"",
                                          "application data received",
                                          "\"HTTP/1.1 200 OK\"",
                                          "close_notify received",
                                          "close_notify sent",
                                          "Session keys destroyed",
                                          "TLS records on the wire: C → S ",
                                          "TCP connection closed"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << text;
  // The totals come from the record events: the client's records are its ClientHello, the
  // compatibility ChangeCipherSpec, Finished, the request and close_notify.
  EXPECT_NE(text.find(" in 5 records, C ← S "), std::string::npos) << text;
  // Secret values only with --show-secrets.
  EXPECT_EQ(text.find("CLIENT_HANDSHAKE_TRAFFIC_SECRET"), std::string::npos);
}

TEST_F(TlsppServer, KoreanNarrationUsesTheStudyNotesVocabulary) {
  start(false);
  std::string text;
  ASSERT_EQ(client("--trace --lang ko", &text), 0) << text;
  const auto order = find_in_order(
      text,
      {"TCP 연결 완료", "클라이언트 헬로 (ClientHello)", "암호 제품군:", "서버 헬로 (ServerHello)",
       "예비 마스터 암호(PMS)가 없다", "인증서 (Certificate)", "확인 인증서 체인",
       "완료 메시지 (Finished)", "세션 키", "핸드셰이크 완료", "응용 데이터 전송",
       "응용 데이터 수신", "close_notify 수신", "세션 키 폐기", "TCP 연결 종료"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << text;
}

TEST_F(TlsppServer, LanguageDefaultsFromTheLocale) {
  start(false);
  auto narrate = [&](const std::string& locale) {
    const std::string trace = state_.file("locale.txt");
    test::run_command("(printf x | env -u LC_ALL -u LC_MESSAGES NO_COLOR=1 " + locale + " " +
                      tlspp() + " client localhost:" + std::to_string(port_) + " --cafile " +
                      state_.file("tlspp/ca.pem") + " --timeout 1 --trace 2>" + trace + ")");
    return test::read_file(trace).value_or("");
  };
  const std::string korean = narrate("LANG=ko_KR.UTF-8");
  EXPECT_NE(korean.find("클라이언트 헬로 (ClientHello)"), std::string::npos) << korean;
  const std::string english = narrate("LANG=C.UTF-8");
  EXPECT_NE(english.find("C → S  ClientHello"), std::string::npos) << english;
  EXPECT_EQ(english.find("클라이언트"), std::string::npos) << english;
  const std::string overridden = narrate("LC_ALL=ko_KR.UTF-8 LANG=C");
  EXPECT_NE(overridden.find("클라이언트 헬로"), std::string::npos) << overridden;
}

// (The RSA key exchange story is checked through `tlspp demo`, which enables it on both sides.)
TEST_F(TlsppServer, Tls12EcdheNarrationShowsTheClassicFlightsAndSecrets) {
  start(true);  // RSA certificate, TLS 1.2 only
  std::string text;
  ASSERT_EQ(client("--trace --lang en --tls1.2 --show-secrets", &text), 0) << text;
  const auto order = find_in_order(text, {"C → S  ClientHello",
                                          "C ← S  ServerHello",
                                          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                          "C ← S  Certificate",
                                          "ok   certificate chain",
                                          "C ← S  ServerKeyExchange",
                                          "ok   ServerKeyExchange signature",
                                          "C ← S  ServerHelloDone",
                                          "C → S  ClientKeyExchange",
                                          "Key exchange (ECDHE)",
                                          "the pre-master secret",
                                          "-> master secret",
                                          "derived master secret (extended, RFC 7627)",
                                          "CLIENT_RANDOM = ",
                                          "ChangeCipherSpec: from now on",
                                          "C → S  Finished",
                                          "C ← S  ChangeCipherSpec received",
                                          "C ← S  Finished",
                                          "ok   server Finished",
                                          "Handshake complete: TLS 1.2"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << text;
  EXPECT_EQ(text.find("TLS 1.3 has no pre-master secret"), std::string::npos) << text;
}

TEST_F(TlsppServer, JsonLinesParseAndCarryTheEventSequence) {
  start(false);
  std::string text;
  ASSERT_EQ(client("--json --show-secrets", &text), 0) << text;
  std::istringstream lines(text);
  std::string line;
  std::vector<std::string> sequence;
  std::size_t secret_values = 0;
  double last_t = -1;
  while (std::getline(lines, line)) {
    test::Json j;
    ASSERT_NO_THROW(j = test::Json::parse(line)) << line;
    ASSERT_TRUE(j.is_object()) << line;
    EXPECT_EQ(j["side"].str(), "client");
    ASSERT_TRUE(j["t_ms"].is_number()) << line;
    EXPECT_GE(j["t_ms"].number(), last_t) << line;
    last_t = j["t_ms"].number();
    const std::string event = j["event"].str();
    if (event == "message") {
      sequence.push_back(j["direction"].str() + " " + j["type"].str());
      if (j["type"].str() == "client_hello") {
        EXPECT_FALSE(j["encrypted"].boolean());
        EXPECT_TRUE(j["fields"]["cipher_suites"].is_array()) << line;
        EXPECT_EQ(j["fields"]["server_name"].array().at(0).str(), "localhost") << line;
      }
    } else if (event == "check") {
      sequence.push_back("check " + j["what"].str() + (j["passed"].boolean() ? " ok" : " FAIL"));
    } else if (event == "handshake_done") {
      sequence.push_back("handshake_done " + j["version"].str());
    } else if (event == "alert") {
      sequence.push_back("alert " + j["direction"].str() + " " + j["description"].str());
    } else if (event == "secret_value") {
      ++secret_values;
      EXPECT_EQ(j["value"].str().size() % 2, 0u);
    } else if (event == "application_data" || event == "closed" || event == "tcp_closed") {
      sequence.push_back(event);
    }
  }
  std::string joined;
  for (const auto& s : sequence) joined += s + "\n";
  const auto order = find_in_order(
      joined,
      {"sent client_hello", "received server_hello", "received encrypted_extensions",
       "received certificate", "check certificate chain ok", "check host name ok",
       "received certificate_verify", "check CertificateVerify signature ok", "received finished",
       "check server Finished ok", "sent finished", "handshake_done TLS 1.3", "application_data",
       "alert sent close_notify", "closed", "tcp_closed"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << joined;
  // Wire order: each check follows the message it checks, and precedes the next message.
  const auto checks = find_in_order(
      joined, {"received certificate\n", "check certificate chain ok", "check host name ok",
               "received certificate_verify", "check CertificateVerify signature ok",
               "received finished", "check server Finished ok", "sent finished"});
  EXPECT_TRUE(checks.ok) << "missing (in order): " << checks.missing << "\n" << joined;
  EXPECT_EQ(joined.find("check server Finished ok"),
            joined.find("received finished") + std::string("received finished\n").size())
      << joined;
  // The JSON lines are the library's events as they happen: the peer's close_notify is processed
  // when it arrives, which may be before the tool reads the response that preceded it.
  const auto closing = find_in_order(
      joined, {"handshake_done TLS 1.3", "alert received close_notify", "alert sent close_notify"});
  EXPECT_TRUE(closing.ok) << "missing (in order): " << closing.missing << "\n" << joined;
  const auto data = find_in_order(
      joined, {"handshake_done TLS 1.3", "application_data", "application_data", "tcp_closed"});
  EXPECT_TRUE(data.ok) << "missing (in order): " << data.missing << "\n" << joined;
  // TLS 1.3: client/server handshake and application traffic secrets (+ exporter if logged).
  EXPECT_GE(secret_values, 4u);
}

TEST_F(TlsppServer, ServerTraceNarratesItsSide) {
  start(false, {"--trace", "--lang", "en"});
  std::string text;
  ASSERT_EQ(client("", &text), 0) << text;
  ASSERT_TRUE(server_->wait_for_output("TCP connection closed", 10s)) << server_->output();
  const auto order = find_in_order(
      server_->output(),
      {"TCP connection accepted from 127.0.0.1:", "C → S  ClientHello",
       "cipher suite: "
       "TLS_AES_128_GCM_SHA256 (",
       "C ← S  ServerHello", "TLS 1.3 has no pre-master secret", "C ← S  EncryptedExtensions",
       "C ← S  Certificate", "C ← S  CertificateVerify", "C ← S  Finished", "C → S  Finished",
       "ok   client Finished", "Handshake complete: TLS 1.3", "application data received",
       "\"GET / HTTP/1.1\"", "application data sent", "\"HTTP/1.1 200 OK\"", "close_notify sent",
       "TCP connection closed"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << server_->output();
}

TEST_F(TlsppServer, UntrustedServerGetsAPlainWarning) {
  start(false);
  std::string text;
  const std::string other_ca = state_.file("other");
  ASSERT_EQ(run_tlspp(state_.path(), "cert --dir " + other_ca).status, 0);
  auto r = test::run_command(
      "(printf x | env NO_COLOR=1 " + tlspp() + " client localhost:" + std::to_string(port_) +
      " --cafile " + other_ca + "/ca.pem --trace --lang en 2>" + state_.file("t.txt") + ")");
  text = test::read_file(state_.file("t.txt")).value_or("");
  EXPECT_EQ(r.status, 1) << text;
  const auto order = find_in_order(text, {"C ← S  Certificate", "FAIL certificate chain",
                                          "WARNING: the certificate could not "
                                          "be verified",
                                          "alert sent: fatal", "Connection failed"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << text;
}

}  // namespace
}  // namespace tlspp::tooltest
