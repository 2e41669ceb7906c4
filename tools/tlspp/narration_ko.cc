// The narration in Korean, in the vocabulary of the study notes it explains (클라이언트 헬로,
// 예비 마스터 암호, 세션 키 ...). Protocol names stay in English next to the Korean, as the notes
// do.
#include "narration_text.h"

namespace tlspp::tool::narration {
namespace {

constexpr Label kMessageNames[] = {
    {"ClientHello", "클라이언트 헬로 (ClientHello)"},
    {"ServerHello", "서버 헬로 (ServerHello)"},
    {"NewSessionTicket", "새 세션 티켓 (NewSessionTicket)"},
    {"EndOfEarlyData", "조기 데이터 끝 (EndOfEarlyData)"},
    {"EncryptedExtensions", "암호화된 확장 (EncryptedExtensions)"},
    {"Certificate", "인증서 (Certificate)"},
    {"ServerKeyExchange", "서버 키 교환 (ServerKeyExchange)"},
    {"CertificateRequest", "인증서 요청 (CertificateRequest)"},
    {"ServerHelloDone", "서버 헬로 완료 (ServerHelloDone)"},
    {"CertificateVerify", "인증서 검증 (CertificateVerify)"},
    {"ClientKeyExchange", "클라이언트 키 교환 (ClientKeyExchange)"},
    {"Finished", "완료 메시지 (Finished)"},
    {"KeyUpdate", "키 갱신 (KeyUpdate)"},
};

constexpr Label kFieldLabels[] = {
    {"supported_versions", "지원 버전"},       {"cipher_suites", "암호 제품군"},
    {"supported_groups", "키 교환 그룹"},      {"key_share", "키 공유 (key share)"},
    {"signature_algorithms", "서명 알고리즘"}, {"server_name", "서버 이름 (SNI)"},
    {"alpn", "응용 프로토콜 (ALPN)"},          {"random", "랜덤 바이트"},
    {"legacy_session_id", "세션 아이디"},      {"version", "버전"},
    {"cipher_suite", "암호 제품군"},
};

constexpr Label kCheckLabels[] = {
    {"certificate chain", "인증서 체인 (서명과 신뢰하는 CA)"},
    {"validity", "유효 기간"},
    {"host name", "호스트 이름"},
    {"CertificateVerify signature", "개인 키 소유 증명 (CertificateVerify 서명)"},
    {"server Finished", "서버 완료 메시지"},
    {"client Finished", "클라이언트 완료 메시지"},
    {"downgrade sentinel", "다운그레이드 방지 표시"},
    {"PSK binder", "PSK 바인더 (티켓 소유 증명)"},
};

constexpr Label kChoiceLabels[] = {
    {"version", "버전"},
    {"cipher suite", "암호 제품군"},
    {"key exchange group", "키 교환 그룹"},
    {"signature scheme", "서명 알고리즘"},
    {"application protocol", "응용 프로토콜"},
    {"resumption", "세션 재개"},
    {"early data", "조기 데이터 (0-RTT)"},
};

constexpr Label kSecretLabels[] = {
    {"handshake_secret", "핸드셰이크 비밀 (handshake secret, HKDF-Extract)"},
    {"client_handshake_traffic_secret", "클라이언트 핸드셰이크 트래픽 비밀"},
    {"server_handshake_traffic_secret", "서버 핸드셰이크 트래픽 비밀"},
    {"master_secret", "마스터 암호 (master secret)"},
    {"extended master_secret", "마스터 암호 (extended master secret, RFC 7627)"},
    {"client_application_traffic_secret_0", "클라이언트 세션 키 비밀"},
    {"server_application_traffic_secret_0", "서버 세션 키 비밀"},
    {"client_early_traffic_secret", "클라이언트 조기 트래픽 비밀 (0-RTT)"},
};

}  // namespace

const Messages& korean() {
  static const Messages m{
      .tcp_connected =
          "TCP 연결 완료: {0} (TCP 3 way handshake가 끝나고 TLS 핸드셰이크가 시작된다)",
      .tcp_accepted = "TCP 연결 수락: {0}",
      .tcp_closed = "TCP 연결 종료 (FIN)",
      .app_data_sent = "응용 데이터 전송: {0}, 세션 키로 암호화 {1}",
      .app_data_received = "응용 데이터 수신: {0}, 세션 키로 복호화 {1}",
      .client_hello_about =
          "클라이언트가 헬로 메시지로 핸드셰이크를 시작한다 (평문): 지원하는 TLS 버전, 암호 "
          "제품군 목록, 키 교환 그룹, 서명 알고리즘과 랜덤한 바이트 문자열.",
      .client_hello_about13 =
          "TLS 1.3: 서버가 쓸 키 교환 그룹을 추측해서 키 공유(key share)도 바로 보낸다. 왕복 "
          "한 번이 줄어든다.",
      .server_hello_about =
          "서버가 클라이언트의 목록에서 하나씩 선택하고, 서버의 랜덤 바이트 문자열을 보낸다.",
      .encrypted_extensions_about = "TLS 1.3: 여기부터 서버의 메시지는 핸드셰이크 키로 암호화된다.",
      .certificate_about = "인증서 체인: CA가 서명한 서버의 공개키.",
      .certificate_verify_about =
          "지금까지의 핸드셰이크에 인증서의 개인키로 서명: 서버가 그 개인키를 가지고 있다는 "
          "증명.",
      .server_key_exchange_about = "서버의 임시 ECDHE 공개키 (인증서 키로 서명됨).",
      .server_hello_done_about = "서버가 이번 차례의 메시지를 모두 보냈다.",
      .client_key_exchange_rsa_about =
          "서버의 RSA 공개키로 암호화한 예비 마스터 암호 (PMS, pre-master secret).",
      .client_key_exchange_ecdhe_about = "클라이언트의 임시 ECDHE 공개키.",
      .certificate_request_about = "서버가 클라이언트 인증서를 요청한다.",
      .finished_about =
          "새 키로 만든 핸드셰이크 전체의 MAC: 핸드셰이크가 변조되지 않았음을 확인한다.",
      .new_session_ticket_about = "나중에 전체 핸드셰이크 없이 세션을 재개하기 위한 티켓.",
      .no_premaster_13 =
          "키 교환: TLS 1.3에는 예비 마스터 암호(PMS)가 없다. 양쪽이 두 키 공유로 같은 ECDHE "
          "공유 비밀을 각자 계산하고 (네트워크로 전송되지 않는다), 그 값이 곧바로 "
          "HKDF-Extract에 들어가 핸드셰이크 비밀이 된다.",
      .premaster_rsa =
          "키 교환 (RSA): 클라이언트가 48바이트 예비 마스터 암호(PMS)를 만들어 인증서에 든 "
          "서버의 RSA 공개키로 암호화해 보냈다. 서버만 자신의 개인키로 복호화할 수 있다. "
          "전방 비밀성 없음: 나중에 그 개인키를 얻은 사람은 이 연결의 기록을 복호화할 수 있다.",
      .premaster_ecdhe =
          "키 교환 (ECDHE): 양쪽이 임시 공개키를 보내고 같은 공유 비밀, 곧 예비 마스터 "
          "암호(PMS)를 각자 계산한다. 이 값은 네트워크로 전송되지 않는다.",
      .master_secret_12 =
          "예비 마스터 암호 + 양쪽 랜덤 (또는 핸드셰이크 해시) -> 마스터 암호 (TLS 1.2 PRF) -> "
          "세션 키.",
      .session_keys = "세션 키(대칭키) 준비 완료: {0}",
      .secret_derived = "{0} 유도",
      .secret_value = "{0} = {1}",
      .keys_sent = "이제부터 보내는 데이터는 {1}(으)로 암호화 ({0} 키)",
      .keys_received = "이제부터 받는 데이터는 {1}(으)로 복호화 ({0} 키)",
      .ccs_13 =
          "ChangeCipherSpec: TLS 1.3에서는 미들박스 호환성을 위해서만 보낸다 (RFC 8446 §D.4). "
          "아무것도 바꾸지 않는다.",
      .ccs_sent_12 = "ChangeCipherSpec: 이제부터 이쪽이 보내는 모든 것은 세션 키로 암호화된다.",
      .ccs_received_12 = "ChangeCipherSpec 수신: 상대방이 세션 키로 전환한다.",
      .chosen = "{0}: {1} ({2})",
      .check_passed = "확인 {0}: {1}",
      .check_failed = "실패 {0}: {1}",
      .trust_warning =
          "경고: 인증서를 검증할 수 없다. 이 서버는 자신이 누구인지 증명하지 못했다. 경로에 "
          "있는 누구라도 서버를 사칭할 수 있다. 연결을 거부한다.",
      .handshake_done = "핸드셰이크 완료: {0}, {1}",
      .resumed = " (세션 재개)",
      .early_data_sent =
          "0-RTT 조기 데이터 전송 (클라이언트 헬로 바로 다음): {0}, 티켓의 사전 공유 키(PSK)에서 "
          "유도한 조기 트래픽 키로 암호화",
      .early_data_about =
          "핸드셰이크가 끝나기 전에 도착한다. 공격자가 재전송(replay)할 수 있으므로 반복해도 "
          "안전한 요청만 보낸다.",
      .resumed_psk_dhe =
          "세션 재개: 서버가 이전 연결의 티켓을 사전 공유 키(PSK)로 받아들였다 (psk_dhe_ke: 새 "
          "ECDHE 키 교환도 하므로 이 연결에도 전방 비밀성이 있다).",
      .resumed_psk_ke =
          "세션 재개: 서버가 이전 연결의 티켓을 사전 공유 키(PSK)로 받아들였다 (psk_ke: 새 키 "
          "교환이 없어 이 연결만의 전방 비밀성은 없다).",
      .no_certificate =
          "인증서를 보내지 않았다: PSK를 안다는 것이 검증을 마친 이전 연결의 그 서버라는 증명이다.",
      .early_data_accepted =
          "조기 데이터 수락: 서버가 핸드셰이크가 끝나기 전에 클라이언트 헬로와 함께 요청을 받았다 "
          "(제로 왕복 시간 재개).",
      .early_data_rejected = "조기 데이터 거부: 서버가 무시했다. 일반 응용 데이터로 다시 보낸다.",
      .close_notify_sent = "close_notify 전송: 이쪽은 더 이상 데이터를 보내지 않는다",
      .close_notify_received = "close_notify 수신: 상대방은 더 이상 데이터를 보내지 않는다",
      .alert_sent = "경고 메시지(alert) 전송: {0} {1}: {2}",
      .alert_received = "경고 메시지(alert) 수신: {0} {1}",
      .keys_destroyed = "세션 종료: 세션 키 폐기 (메모리에서 지움).",
      .wire_totals = "전송된 TLS 레코드: C → S {0} (레코드 {1}개), C ← S {2} (레코드 {3}개)",
      .failed = "연결 실패: {0}. 키 폐기.",
      .bytes = "{0}바이트",
      .encrypted = "암호화됨",
      .message_names = kMessageNames,
      .field_labels = kFieldLabels,
      .check_labels = kCheckLabels,
      .choice_labels = kChoiceLabels,
      .secret_labels = kSecretLabels,
  };
  return m;
}

}  // namespace tlspp::tool::narration
