#pragma once
// Image tags: generated `<prefix><ULID>` tags and validation of given ones
// against the tag grammar (registry::check_tag) and F1's rule
// (registry::mutable_tag_problem): whatever build-image makes, pin-image
// accepts, and it makes nothing pin-image would refuse as mutable.
#include <string>
#include <string_view>

#include "core/result.h"
#include "registry/deployment_tag.h"

namespace flypin::build {

inline constexpr std::string_view kDefaultTagPrefix = registry::kDeploymentTagPrefix;

/// Usage error when the tag breaks the grammar or can move (anything but
/// `deployment-<ULID>`).
core::Status validate_tag(const std::string& tag);

/// Usage error when `<prefix><ULID>` breaks the grammar or can move: every
/// prefix but `deployment-`.
core::Status validate_tag_prefix(const std::string& prefix);

/// The tag to build: `tag` when given, else `prefix` + a new ULID; validated.
core::Result<std::string> choose_tag(const std::string& tag, const std::string& prefix);

}  // namespace flypin::build
