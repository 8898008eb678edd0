#pragma once
// Request bodies and answers of the Deployments API, as JSON.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "github/deployment.h"

namespace flypin::github {

/// The payload member the client adds to every deployment it creates, with a
/// value of its own, so that a create whose answer was lost can be found.
inline constexpr const char* kCreateMarkerKey = "flypin_create";

/// {"ref","environment","description","auto_merge":false,"required_contexts":[],"payload":{...,marker}}
std::string create_deployment_body(const NewDeployment& deployment, std::string_view marker);
/// {"state","description"[,"log_url"][,"environment_url"][,"auto_inactive":false]}
std::string create_status_body(const NewStatus& status);

core::Result<Deployment> parse_deployment(std::string_view body);
core::Result<std::vector<Deployment>> parse_deployments(std::string_view body);
core::Result<DeploymentStatus> parse_status(std::string_view body);
core::Result<std::vector<DeploymentStatus>> parse_statuses(std::string_view body);

}  // namespace flypin::github
