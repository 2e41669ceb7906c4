// libFuzzer target: ServerHello / HelloRetryRequest bodies and their typed extensions.
#include <cstddef>
#include <cstdint>

#include "extension_bodies.h"
#include "msgs/server_hello.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tlspp;
  const msgs::Bytes input(data, size);
  if (!fuzz::round_trip<msgs::ServerHello>(input)) return 0;
  auto hello = msgs::ServerHello::decode(input);
  (void)msgs::downgrade_sentinel(hello->random);
  if (!hello->extensions) return 0;
  fuzz::round_trip_extension_bodies(*hello->extensions,
                                    hello->is_hello_retry_request()
                                        ? msgs::ExtensionContext::hello_retry_request
                                        : msgs::ExtensionContext::server_hello);
  return 0;
}
