// libFuzzer target: every handshake message decoder other than ClientHello, ServerHello and
// Certificate (which have their own targets), plus the alert and the handshake framing. The first
// byte selects the decoder; the rest is the body.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <variant>

#include "msgs/alert.h"
#include "msgs/certificate_request.h"
#include "msgs/certificate_verify.h"
#include "msgs/client_key_exchange.h"
#include "msgs/encrypted_extensions.h"
#include "msgs/end_of_early_data.h"
#include "msgs/finished.h"
#include "msgs/handshake_header.h"
#include "msgs/hello_request.h"
#include "msgs/key_update.h"
#include "msgs/message_hash.h"
#include "msgs/new_session_ticket.h"
#include "msgs/server_hello_done.h"
#include "msgs/server_key_exchange.h"
#include "msgs_fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tlspp;
  using namespace tlspp::msgs;
  if (size < 1) return 0;
  const Bytes input(data, size);
  const Bytes body = input.subspan(1);
  switch (input[0] % 20) {
    case 0: fuzz::round_trip<EncryptedExtensions>(body); break;
    case 1: fuzz::round_trip<CertificateRequestTls13>(body); break;
    case 2: fuzz::round_trip<CertificateRequestTls12>(body); break;
    case 3: fuzz::round_trip<CertificateVerify>(body); break;
    case 4: fuzz::round_trip<Finished>(body, std::size_t{32}); break;
    case 5: fuzz::round_trip<Finished>(body, std::size_t{48}); break;
    case 6: fuzz::round_trip<Finished>(body, kTls12VerifyDataLength); break;
    case 7:
      if (fuzz::round_trip<NewSessionTicketTls13>(body)) {
        (void)NewSessionTicketTls13::decode(body)->max_early_data_size();
      }
      break;
    case 8: fuzz::round_trip<NewSessionTicketTls12>(body); break;
    case 9: fuzz::round_trip<EndOfEarlyData>(body); break;
    case 10: fuzz::round_trip<KeyUpdate>(body); break;
    case 11: {
      if (fuzz::round_trip<ServerKeyExchangeEcdhe>(body)) {
        Random client{}, server{};
        if (!ServerKeyExchangeEcdhe::decode(body)->signed_data(client, server).ok()) std::abort();
      }
      break;
    }
    case 12: fuzz::round_trip<ServerHelloDone>(body); break;
    case 13: fuzz::round_trip<ClientKeyExchangeEcdhe>(body); break;
    case 14: fuzz::round_trip<ClientKeyExchangeRsa>(body); break;
    case 15: fuzz::round_trip<HelloRequest>(body); break;
    case 16: fuzz::round_trip<MessageHash>(body); break;
    case 17: fuzz::round_trip<Alert>(body); break;
    case 18: {
      // Framing: split, and re-frame the body under the same type.
      auto view = split_handshake_message(body);
      if (!view.ok()) break;
      auto again = encode_with([&](codec::Writer& w) {
        write_handshake(w, view->type, [&](codec::Writer& b) { b.bytes(view->body); });
      });
      if (!again.ok() || !std::ranges::equal(*again, body)) std::abort();
      break;
    }
    case 19: {
      auto kind = body.empty() ? KeyExchangeKind::ecdhe : static_cast<KeyExchangeKind>(body[0] % 2);
      (void)decode_client_key_exchange(body, kind);
      break;
    }
    default: break;
  }
  return 0;
}
