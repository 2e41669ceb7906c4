// The "physical limit" column of the bulk rows: the same AEAD sealing and opening the same record
// sizes with libcrypto's EVP interface directly, no TLS library involved.
#pragma once

#include <cstddef>

#include "driver.h"

namespace tlspp::bench {

// A BulkRunner that, per write of `write_size` application bytes, seals a TLS 1.3-shaped record
// in place (plaintext = the bytes + 1 content-type byte, 5-byte header as AAD, 12-byte nonce =
// IV xor sequence number, 16-byte tag) and opens it again, checking the tag. One EVP context per
// direction, keyed once, as a TLS record layer does.
Prepared<BulkRunner> prepare_raw_aead(Aead aead, std::size_t write_size);

// libcrypto's version string, e.g. "OpenSSL 3.0.19 27 Jan 2026".
const char* libcrypto_version();

}  // namespace tlspp::bench
