#include "core/fly_token.h"

namespace flypin::core {

std::optional<FlyToken> fly_token(const Environment& env) {
  for (auto variable : kFlyTokenVariables) {
    if (auto value = env.get(variable)) return FlyToken{*value, std::string(variable)};
  }
  return std::nullopt;
}

}  // namespace flypin::core
