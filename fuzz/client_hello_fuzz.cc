// libFuzzer target: ClientHello bodies, their typed extensions and the PSK binder truncation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "extension_bodies.h"
#include "msgs/client_hello.h"
#include "msgs/handshake_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tlspp;
  const msgs::Bytes input(data, size);
  if (!fuzz::round_trip<msgs::ClientHello>(input)) return 0;
  auto hello = msgs::ClientHello::decode(input);
  if (!hello->extensions) return 0;
  fuzz::round_trip_extension_bodies(*hello->extensions, msgs::ExtensionContext::client_hello);
  if (const msgs::Extension* psk = hello->find_extension(ExtensionType::pre_shared_key)) {
    auto psks = msgs::OfferedPsks::decode(psk->body);
    auto message = msgs::encode_handshake(*hello);
    if (psks.ok() && message.ok()) {
      // pre_shared_key is last, so the binders end the message and truncation must succeed.
      if (!msgs::truncate_client_hello(*message, *psks).ok()) std::abort();
    }
  }
  return 0;
}
