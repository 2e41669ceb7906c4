// libFuzzer target: a server Connection fed arbitrary client bytes, from the initial state or
// (through the seeds, recorded client sides of real conversations) any later state. See
// conn_fuzz_util.h for the input layout and the seeds. Nothing may crash, hang, leak or read out
// of bounds; every failure must be an Error with its alert queued.
#include "conn_fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tlspp::fuzz::maybe_write_seeds(
      [](const tlspp::fuzz::Conversation& c) -> const auto& { return c.client_bytes; },
      [](int v) { return tlspp::fuzz::make_server(v); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int variant = data[0] % tlspp::fuzz::kVariants;
  auto conn = tlspp::fuzz::make_server(variant);
  tlspp::fuzz::feed(*conn, {data + 2, size - 2}, data[1]);
  return 0;
}
