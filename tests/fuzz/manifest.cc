// Manifests, indexes and image configs (src/registry/manifest): registry response bodies.
// The first byte picks the Content-Type the registry claimed.
#include "registry/manifest.h"

#include <array>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::string_view, 5> kTypes = {
      flypin::registry::kOciIndex, flypin::registry::kOciManifest, flypin::registry::kDockerList,
      flypin::registry::kDockerManifest, ""};
  const std::string_view content_type = kTypes[data[0] % kTypes.size()];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)flypin::registry::parse_manifest(body, content_type);
  (void)flypin::registry::parse_config_platform(body);
  return 0;
}
