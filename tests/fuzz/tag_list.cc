// A registry's tag list (src/registry/tag_list) and the build time of each tag.
#include "registry/tag_list.h"

#include <cstdint>
#include <string_view>

#include "registry/ulid_time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto tags = flypin::registry::parse_tag_list(body); tags.ok()) {
    for (const auto& tag : *tags) (void)flypin::registry::deployment_tag_unix_ms(tag);
  }
  return 0;
}
