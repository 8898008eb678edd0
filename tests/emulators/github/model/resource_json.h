#pragma once
// Deployments and deployment statuses as GitHub writes them (the
// `deployment` and `deployment-status` schemas of the REST description):
// legacy node ids, every URL on the emulator's own base, the
// github-actions[bot] user as creator (GITHUB_TOKEN's actor), and
// performed_via_github_app null.

#include <string>
#include <vector>

#include "emulators/github/model/deployment.h"
#include "emulators/github/store/deployment_store.h"

namespace flypin::emulators::github {

struct ResourceContext {
  std::string base_url;  // http://127.0.0.1:PORT
  RepoRef repo;
};

std::string deployment_json(const ResourceContext& context, const Deployment& deployment);
std::string deployments_json(const ResourceContext& context, const std::vector<Deployment>& deployments);
std::string status_json(const ResourceContext& context, long long deployment_id, const DeploymentStatus& status);
std::string statuses_json(const ResourceContext& context, long long deployment_id,
                          const std::vector<DeploymentStatus>& statuses);

/// "/repos/{owner}/{repo}/deployments/{id}" on the base.
std::string deployment_url(const ResourceContext& context, long long deployment_id);

}  // namespace flypin::emulators::github
