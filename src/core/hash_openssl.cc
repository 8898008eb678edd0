#include <openssl/sha.h>

#include "core/hash_backend.h"

namespace flypin::core {

namespace {
const unsigned char* bytes_of(std::string_view data) { return reinterpret_cast<const unsigned char*>(data.data()); }
}  // namespace

Sha256Digest sha256(std::string_view data) {
  Sha256Digest md{};
  SHA256(bytes_of(data), data.size(), md.data());
  return md;
}

Sha512Digest sha512(std::string_view data) {
  Sha512Digest md{};
  SHA512(bytes_of(data), data.size(), md.data());
  return md;
}

const char* hash_backend() { return "openssl"; }

}  // namespace flypin::core
