// WWW-Authenticate challenges (src/registry/challenge): a registry's header.
#include "registry/challenge.h"

#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  for (const auto& challenge : flypin::registry::parse_challenges(header)) {
    (void)challenge.param("realm");
  }
  (void)flypin::registry::find_challenge({std::string(header)}, "bearer");
  return 0;
}
