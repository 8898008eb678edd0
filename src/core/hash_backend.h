#pragma once
// SHA-256 and SHA-512 from the TLS library the programs already link (mbedTLS
// or OpenSSL), chosen at build time (FLYPIN_CRYPTO): one implementation per
// binary. Everything else in core/crypto.h is ours and backend-free.

#include <array>
#include <string_view>

namespace flypin::core {

using Sha256Digest = std::array<unsigned char, 32>;
using Sha512Digest = std::array<unsigned char, 64>;

Sha256Digest sha256(std::string_view data);
Sha512Digest sha512(std::string_view data);

/// "mbedtls" or "openssl": which backend this binary was built with.
const char* hash_backend();

}  // namespace flypin::core
