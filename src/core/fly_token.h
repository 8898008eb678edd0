#pragma once
// Where a Fly token comes from, the one home of that rule: FLY_API_TOKEN,
// else FLY_ACCESS_TOKEN (flyctl's own names). In core because the Fly API
// client, the registry credentials for registry.fly.io and the flyctl builder
// all read it, and none of them may include another.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/environment.h"

namespace flypin::core {

/// The variables a Fly token is read from, in order of preference.
inline constexpr std::array<std::string_view, 2> kFlyTokenVariables = {"FLY_API_TOKEN", "FLY_ACCESS_TOKEN"};

struct FlyToken {
  std::string value;     // a secret: never print
  std::string variable;  // where it came from, for messages
};

/// The first of kFlyTokenVariables that is set.
std::optional<FlyToken> fly_token(const Environment& env);

}  // namespace flypin::core
