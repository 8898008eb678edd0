#pragma once
// Deployment tags, the one home of their rule (F1): `deployment-<ULID>`, as
// build-image makes them and as pin-image accepts them without
// --allow-mutable-tag. A ULID is 26 Crockford base32 characters whose first is
// 0-7 (https://github.com/ulid/spec); `deployment-latest` is not one.

#include <string>
#include <string_view>

namespace flypin::registry {

inline constexpr std::string_view kDeploymentTagPrefix = "deployment-";

/// 26 upper-case Crockford base32 characters (no I, L, O, U), the first 0-7.
bool is_ulid(std::string_view text);

/// kDeploymentTagPrefix followed by a ULID, nothing more.
bool is_deployment_tag(std::string_view tag);

/// Starts like a deployment tag, whether or not it is one.
bool looks_like_deployment_tag(std::string_view tag);

/// kDeploymentTagPrefix + `ulid`.
std::string deployment_tag(std::string_view ulid);

/// Why `tag` is not a deployment tag, for messages ("" when it is one).
std::string deployment_tag_problem(std::string_view tag);

/// F1's one rule, for both sides of it: why a tag counts as mutable (pin-image
/// refuses it without --allow-mutable-tag, so build-image refuses to make it),
/// or "" for a deployment tag, the only kind that does not. The tag itself is
/// for the caller to name.
std::string mutable_tag_problem(std::string_view tag);

}  // namespace flypin::registry
