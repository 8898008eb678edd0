#include "registry/ulid_time.h"

#include "registry/deployment_tag.h"

namespace flypin::registry {

std::optional<std::int64_t> ulid_unix_ms(std::string_view ulid) {
  if (!is_ulid(ulid)) return std::nullopt;
  std::int64_t ms = 0;
  for (char c : ulid.substr(0, 10)) ms = ms * 32 + static_cast<std::int64_t>(kCrockfordBase32.find(c));
  return ms;
}

std::optional<std::int64_t> deployment_tag_unix_ms(std::string_view tag) {
  if (!is_deployment_tag(tag)) return std::nullopt;
  return ulid_unix_ms(tag.substr(kDeploymentTagPrefix.size()));
}

}  // namespace flypin::registry
