#include "emulators/github/auth/token_grant.h"

#include <sstream>

namespace flypin::emulators::github {

std::variant<TokenGrant, std::string> parse_token_spec(const std::string& spec) {
  TokenGrant grant;
  const auto colon = spec.find(':');
  grant.token = spec.substr(0, colon);
  if (grant.token.empty()) return "a --token spec needs a token before ':'";
  if (grant.token.find_first_of(" \t\r\n") != std::string::npos) return "a token may not contain whitespace";
  if (colon == std::string::npos) return grant;
  std::stringstream permissions(spec.substr(colon + 1));
  for (std::string item; std::getline(permissions, item, ',');) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) return "permission '" + item + "' is not NAME=LEVEL";
    const std::string name = item.substr(0, eq), level = item.substr(eq + 1);
    Permission parsed;
    if (level == "none") {
      parsed = Permission::kNone;
    } else if (level == "read") {
      parsed = Permission::kRead;
    } else if (level == "write") {
      parsed = Permission::kWrite;
    } else {
      return "permission level '" + level + "' is not none, read or write";
    }
    if (name == "deployments") grant.deployments = parsed;
  }
  return grant;
}

bool permits(Permission granted, Permission needed) { return static_cast<int>(granted) >= static_cast<int>(needed); }

}  // namespace flypin::emulators::github
