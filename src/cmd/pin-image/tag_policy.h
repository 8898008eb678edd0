#pragma once
// F1: mutable tags such as `latest` are stale pointers. A reference is
// immutable when it carries a digest or a deployment tag
// (registry/deployment_tag.h: `deployment-<ULID>`, nothing less).

#include <string>

#include "core/result.h"
#include "registry/reference.h"

namespace flypin::cmd::pin_image {

bool is_immutable(const registry::Reference& ref);

/// --allow-mutable-tag
enum class MutableTags { kRefuse, kAllow };

/// Usage error naming the tag and the ways out, unless allowed.
core::Status check_tag_policy(const registry::Reference& ref, MutableTags mutable_tags);

}  // namespace flypin::cmd::pin_image
