#pragma once
// The seven Deployments API operations, once the caller is known to be
// allowed: bodies checked, refs resolved, the store asked, answers written
// (with Link headers on lists).

#include <string>
#include <string_view>

#include "api_error.h"
#include "deployment_store.h"
#include "query_string.h"
#include "route.h"

namespace flypin::emulators::github {

struct ApiRequest {
  const Route& route;
  const RepoRef& repo;
  const QueryString& query;
  std::string_view body;
};

ApiResponse handle_deployments_api(DeploymentStore& store, const std::string& base_url, const ApiRequest& request);

}  // namespace flypin::emulators::github
