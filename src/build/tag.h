#pragma once
// Image tags: generated `<prefix><ULID>` tags and validation of given ones
// against the reference grammar ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}).
#include <string>

#include "core/result.h"

namespace flypin::build {

inline constexpr const char* kDefaultTagPrefix = "deployment-";

/// Usage error when the tag breaks the grammar or is the mutable `latest`.
core::Status validate_tag(const std::string& tag);

/// The tag to build: `tag` when given, else `prefix` + a new ULID; validated.
core::Result<std::string> choose_tag(const std::string& tag, const std::string& prefix);

}  // namespace flypin::build
