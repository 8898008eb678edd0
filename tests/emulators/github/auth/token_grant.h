#pragma once
// Tokens the emulator accepts and what each may do, from --token specs like
// "ghs_abc:deployments=write" (a GITHUB_TOKEN with `deployments: write`).

#include <string>
#include <variant>

namespace flypin::emulators::github {

enum class Permission { kNone, kRead, kWrite };

struct TokenGrant {
  std::string token;
  Permission deployments = Permission::kWrite;
  long long installation_id = 0;  // named in primary rate-limit messages
};

/// "TOKEN" (deployments=write) or "TOKEN:deployments=none|read|write"; other
/// permissions (e.g. metadata=read) are accepted and ignored. Returns the
/// grant or a one-line problem.
std::variant<TokenGrant, std::string> parse_token_spec(const std::string& spec);

bool permits(Permission granted, Permission needed);

}  // namespace flypin::emulators::github
