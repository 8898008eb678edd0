#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "core/sha256.h"

namespace flypin::core {

Sha256Digest sha256(std::string_view data) {
  Sha256Digest md{};
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
#if MBEDTLS_VERSION_MAJOR >= 3
  mbedtls_sha256(bytes, data.size(), md.data(), 0);
#else
  mbedtls_sha256_ret(bytes, data.size(), md.data(), 0);
#endif
  return md;
}

const char* sha256_backend() { return "mbedtls"; }

}  // namespace flypin::core
