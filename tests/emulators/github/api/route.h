#pragma once
// Which Deployments API operation a request names. GitHub serves each under
// /repos/{owner}/{repo}/... and, in the Link headers it writes, under
// /repositories/{repository_id}/..., so both spellings route here.

#include <optional>
#include <string>
#include <string_view>

#include "emulators/github/auth/token_grant.h"

namespace flypin::emulators::github {

enum class Endpoint {
  kListDeployments,
  kCreateDeployment,
  kGetDeployment,
  kDeleteDeployment,
  kListStatuses,
  kCreateStatus,
  kGetStatus,
};

struct RepoSelector {
  std::string owner;            // with name, for /repos/{owner}/{repo}
  std::string name;             //
  long long repository_id = 0;  // > 0 for /repositories/{id}
};

struct Route {
  Endpoint endpoint;
  RepoSelector repo;
  long long deployment_id = 0;
  long long status_id = 0;
};

/// nullopt when no operation has this method and (decoded) path.
std::optional<Route> match_route(std::string_view method, std::string_view path);

Permission permission_needed(Endpoint endpoint);
/// The operation's page in GitHub's REST documentation (errors carry it).
const char* documentation_url(Endpoint endpoint);

}  // namespace flypin::emulators::github
