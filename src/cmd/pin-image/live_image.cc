#include "cmd/pin-image/live_image.h"

#include <algorithm>
#include <set>

#include "core/crypto.h"
#include "registry/ulid_time.h"

namespace flypin::cmd::pin_image {

std::optional<std::int64_t> build_time_of(const std::string& image, const std::vector<PinRecord>& pins) {
  if (auto ref = registry::parse_reference(image); ref.ok()) {
    if (auto ms = registry::deployment_tag_unix_ms(ref->tag)) return ms;
  }
  for (const auto& pin : pins) {
    if (pin.image == image && pin.build_ms) return pin.build_ms;
  }
  return std::nullopt;
}

std::vector<Candidate> candidates(const std::vector<PinRecord>& pins, const registry::Reference* repository,
                                  const std::vector<std::string>& tags) {
  std::vector<Candidate> out;
  std::set<std::string> seen;
  for (const auto& pin : pins) {
    if (seen.insert(pin.image).second) out.push_back({pin.image, build_time_of(pin.image, pins), &pin});
  }
  if (repository == nullptr) return out;
  for (const auto& tag : tags) {
    registry::Reference ref = *repository;
    ref.tag = tag;
    ref.digest.clear();
    std::string image = ref.str();
    if (seen.insert(image).second) out.push_back({image, build_time_of(image, pins), nullptr});
  }
  return out;
}

std::vector<registry::Reference> own_repositories(const std::optional<registry::Reference>& image_repository,
                                                  const std::string& live_image) {
  std::vector<registry::Reference> own;
  if (image_repository) own.push_back(*image_repository);
  if (auto live = registry::parse_reference(live_image); !live_image.empty() && live.ok()) own.push_back(*live);
  return own;
}

bool of_repositories(const std::string& image, const std::vector<registry::Reference>& repositories) {
  auto ref = registry::parse_reference(image);
  if (!ref.ok()) return false;
  return std::any_of(repositories.begin(), repositories.end(),
                     [&](const registry::Reference& r) { return ref->domain == r.domain && ref->path == r.path; });
}

std::optional<Candidate> find_live(const std::string& value_sha256, const std::vector<Candidate>& candidates) {
  for (const auto& c : candidates) {
    if (core::sha256_hex(c.image) == value_sha256) return c;
  }
  return std::nullopt;
}

}  // namespace flypin::cmd::pin_image
