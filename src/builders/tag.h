#pragma once
// Image tags: generated `<prefix><ULID>` tags and validation of given ones
// against the tag grammar (registry::check_tag) and the deployment-tag rule
// (registry/deployment_tag.h).
#include <string>
#include <string_view>

#include "core/result.h"
#include "registry/deployment_tag.h"

namespace flypin::build {

inline constexpr std::string_view kDefaultTagPrefix = registry::kDeploymentTagPrefix;

/// Usage error when the tag breaks the grammar, is the mutable `latest`, or
/// starts like a deployment tag without being `deployment-<ULID>`.
core::Status validate_tag(const std::string& tag);

/// The tag to build: `tag` when given, else `prefix` + a new ULID; validated.
core::Result<std::string> choose_tag(const std::string& tag, const std::string& prefix);

}  // namespace flypin::build
