// `tlspp demo` runs to completion with every step and the comparison table; every subcommand
// answers --help.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "support/json.h"
#include "tool/tool_run.h"

namespace tlspp::tooltest {
namespace {

using namespace std::chrono_literals;

// The "S->C bytes" column of a row of the demo's table (the sixth field).
std::size_t server_bytes(const std::string& row) {
  // The first column may hold spaces ("TLS 1.3 full"): count fields from the right.
  // Fields from the right: result, "ms", total, "ms", handshake, S->C bytes.
  std::vector<std::string> fields;
  std::istringstream in(row);
  for (std::string f; in >> f;) fields.push_back(f);
  return fields.size() < 6 ? 0 : std::stoul(fields[fields.size() - 6]);
}

TEST(Demo, RunsEveryStepAndExitsZero) {
  test::TempDir state;
  auto r = run_tlspp(state.path(), "demo --lang en");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto order = find_in_order(r.output, {"server on 127.0.0.1:",
                                              "== 1. TLS 1.3, full handshake ==",
                                              "TCP connected to 127.0.0.1:",
                                              "C → S  ClientHello",
                                              "TLS 1.3 has no pre-master secret",
                                              "Handshake complete: TLS 1.3",
                                              "\"GET / HTTP/1.1\"",
                                              "\"HTTP/1.1 200 OK\"",
                                              "Session keys destroyed",
                                              "TCP connection closed",
                                              "== 2. TLS 1.3, resumed with 0-RTT early data ==",
                                              "C → S  ClientHello",
                                              "C → S  0-RTT early data sent right after the "
                                              "ClientHello: 78 bytes",
                                              "resumption: resumed",
                                              "Handshake complete: TLS 1.3, "
                                              "TLS_AES_128_GCM_SHA256 (resumed)",
                                              "Resumed: the server accepted the ticket",
                                              "(PSK, psk_dhe_ke",
                                              "No certificate was sent",
                                              "Early data accepted",
                                              "\"HTTP/1.1 200 OK\"",
                                              "TCP connection closed",
                                              "== 3. TLS 1.2, ECDHE key exchange ==",
                                              "C ← S  ServerKeyExchange",
                                              "Key exchange (ECDHE)",
                                              "Handshake complete: TLS 1.2",
                                              "TCP connection closed",
                                              "== 4. TLS 1.2, RSA key exchange",
                                              "C → S  ClientKeyExchange",
                                              "encrypted it with the server's RSA public key",
                                              "Handshake complete: TLS 1.2, "
                                              "TLS_RSA_WITH_AES_128_GCM_SHA256",
                                              "TCP connection closed",
                                              "handshake",
                                              "TLS 1.3 full",
                                              "TLS 1.3 resumed+0-RTT",
                                              "TLS 1.2 ECDHE",
                                              "TLS 1.2 RSA"});
  EXPECT_TRUE(order.ok) << "missing (in order): " << order.missing << "\n" << r.output;
  // The table: one round trip for TLS 1.3, two for TLS 1.2; every row ok.
  std::istringstream lines(r.output);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) {
    if (line.starts_with("TLS 1.")) rows.push_back(line);
  }
  ASSERT_EQ(rows.size(), 4u) << r.output;
  EXPECT_NE(rows[0].find(" TLS 1.3  x25519      1 "), std::string::npos) << rows[0];
  EXPECT_TRUE(rows[1].starts_with("TLS 1.3 resumed+0-RTT  TLS 1.3  x25519      1 ")) << rows[1];
  EXPECT_NE(rows[2].find(" TLS 1.2  x25519      2 "), std::string::npos) << rows[2];
  EXPECT_NE(rows[3].find(" TLS 1.2  RSA         2 "), std::string::npos) << rows[3];
  // The resumed handshake sends no certificate: fewer bytes from the server than the full one.
  EXPECT_LT(server_bytes(rows[1]), server_bytes(rows[0]) / 2) << rows[0] << "\n" << rows[1];
  for (const auto& row : rows) EXPECT_TRUE(row.ends_with("  ok")) << row;
  // A second run reuses the certificates.
  auto again = run_tlspp(state.path(), "demo --lang ko --show-secrets");
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(again.output.find("just created"), std::string::npos);
  const auto ko = find_in_order(
      again.output,
      {"클라이언트 헬로",
       "예비 마스터 암호(PMS)가 없다",
       "핸드셰이크 완료",
       "세션 키 폐기",
       "TCP 연결 종료",
       "2. TLS 1.3, 세션 재개 + 0-RTT 조기 데이터",
       "0-RTT 조기 데이터 전송 (클라이언트 헬로 바로 다음): 78바이트",
       "세션 재개: resumed",
       "핸드셰이크 완료: TLS 1.3, TLS_AES_128_GCM_SHA256 (세션 재개)",
       "세션 재개: 서버가 이전 연결의 티켓을 사전 공유 키(PSK)로 받아들였다 (psk_dhe_ke",
       "인증서를 보내지 않았다",
       "조기 데이터 수락",
       "TCP 연결 종료",
       "4. TLS 1.2, RSA 키 교환",
       "클라이언트 키 교환 (ClientKeyExchange)",
       "서버의 RSA 공개키로 암호화한 예비 마스터 암호",
       "예비 마스터 암호(PMS)를 만들어",
       "마스터 암호 (extended master secret",
       "CLIENT_RANDOM = ",
       "세션 키(대칭키) 준비 완료",
       "핸드셰이크 완료: TLS 1.2"});
  EXPECT_TRUE(ko.ok) << "missing (in order): " << ko.missing << "\n" << again.output;
}

TEST(Demo, JsonOutputIsOneObjectPerLine) {
  test::TempDir state;
  const std::string out = state.file("demo.jsonl");
  auto r = test::run_command("(env XDG_STATE_HOME=" + state.path() + " " + tlspp() +
                             " demo --json >" + out + ")");
  ASSERT_EQ(r.status, 0) << r.output;
  std::istringstream lines(test::read_file(out).value_or(""));
  std::string line;
  std::size_t titles = 0, done = 0;
  while (std::getline(lines, line)) {
    test::Json j;
    ASSERT_NO_THROW(j = test::Json::parse(line)) << line;
    if (j["event"].str() == "title") ++titles;
    if (j["event"].str() == "handshake_done") ++done;
  }
  EXPECT_EQ(titles, 4u);
  EXPECT_EQ(done, 4u);
}

TEST(Help, EverySubcommandAnswersHelp) {
  auto list = test::run_command(tlspp() + " --help");
  ASSERT_EQ(list.status, 0) << list.output;
  std::istringstream lines(list.output);
  std::string line;
  std::size_t commands = 0;
  while (std::getline(lines, line)) {
    if (!line.starts_with("  ")) continue;
    const std::string name = line.substr(2, line.find(' ', 2) - 2);
    auto help = test::run_command(tlspp() + " " + name + " --help");
    EXPECT_EQ(help.status, 0) << name << ": " << help.output;
    EXPECT_TRUE(help.output.starts_with("usage: tlspp " + name)) << name << ": " << help.output;
    ++commands;
  }
  EXPECT_GE(commands, 7u) << list.output;  // cert client demo inspect selfcheck server verify
}

}  // namespace
}  // namespace tlspp::tooltest
