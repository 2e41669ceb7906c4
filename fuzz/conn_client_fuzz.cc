// libFuzzer target: a client Connection (its ClientHello already sent) fed arbitrary server bytes,
// from the first server flight on or (through the seeds, recorded server sides of real
// conversations) any later state. See conn_fuzz_util.h for the input layout and the seeds.
#include "conn_fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tlspp::fuzz::maybe_write_seeds(
      [](const tlspp::fuzz::Conversation& c) -> const auto& { return c.server_bytes; },
      [](int v) { return tlspp::fuzz::make_client(v); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int variant = data[0] % tlspp::fuzz::kVariants;
  auto conn = tlspp::fuzz::make_client(variant);
  tlspp::fuzz::feed(*conn, {data + 2, size - 2}, data[1]);
  return 0;
}
