#pragma once
// The seven Deployments API operations, once the caller is known to be
// allowed: bodies checked, refs resolved, the store asked, answers written
// (with Link headers on lists).

#include <string>
#include <string_view>

#include "emulators/github/api/api_error.h"
#include "emulators/github/api/query_string.h"
#include "emulators/github/api/route.h"
#include "emulators/github/store/deployment_store.h"

namespace flypin::emulators::github {

struct ApiRequest {
  const Route& route;
  const RepoRef& repo;
  const QueryString& query;
  std::string_view body;
};

ApiResponse handle_deployments_api(DeploymentStore& store, const std::string& base_url, const ApiRequest& request);

}  // namespace flypin::emulators::github
