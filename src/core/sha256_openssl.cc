#include <openssl/sha.h>

#include "core/sha256.h"

namespace flypin::core {

Sha256Digest sha256(std::string_view data) {
  Sha256Digest md{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md.data());
  return md;
}

const char* sha256_backend() { return "openssl"; }

}  // namespace flypin::core
