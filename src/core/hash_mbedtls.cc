#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <mbedtls/version.h>

#include "core/hash_backend.h"

namespace flypin::core {

namespace {
const unsigned char* bytes_of(std::string_view data) { return reinterpret_cast<const unsigned char*>(data.data()); }
}  // namespace

Sha256Digest sha256(std::string_view data) {
  Sha256Digest md{};
#if MBEDTLS_VERSION_MAJOR >= 3
  mbedtls_sha256(bytes_of(data), data.size(), md.data(), 0);
#else
  mbedtls_sha256_ret(bytes_of(data), data.size(), md.data(), 0);
#endif
  return md;
}

Sha512Digest sha512(std::string_view data) {
  Sha512Digest md{};
#if MBEDTLS_VERSION_MAJOR >= 3
  mbedtls_sha512(bytes_of(data), data.size(), md.data(), 0);
#else
  mbedtls_sha512_ret(bytes_of(data), data.size(), md.data(), 0);
#endif
  return md;
}

const char* hash_backend() { return "mbedtls"; }

}  // namespace flypin::core
