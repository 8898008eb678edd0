#pragma once
// GitHub Deployments and their statuses, as the REST API (2022-11-28) shapes
// them (https://docs.github.com/rest/deployments): what flypin writes and the
// fields it reads back.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"

namespace flypin::github {

enum class DeploymentState { kError, kFailure, kInactive, kInProgress, kQueued, kPending, kSuccess, kUnknown };

/// "in_progress", "success", ...; "unknown" for kUnknown.
const char* state_name(DeploymentState state);
/// kUnknown for anything GitHub may add later.
DeploymentState parse_state(std::string_view text);

enum class AutoInactive { kYes, kNo };

struct NewDeployment {
  std::string ref;          // a sha, branch or tag; GITHUB_SHA for a pin
  std::string environment;  // e.g. "supabase-<project ref>"
  std::string description;  // at most 140 characters are kept by GitHub
  /// Goes out as the deployment's `payload` object (the client adds its own
  /// kCreateMarkerKey member).
  core::json::FlatObject payload;
};

struct NewStatus {
  DeploymentState state = DeploymentState::kInProgress;
  std::string log_url;          // the workflow run's URL
  std::string environment_url;  // "" to leave out
  std::string description;
  AutoInactive auto_inactive = AutoInactive::kYes;
};

struct Deployment {
  std::int64_t id = 0;
  std::string sha;
  std::string ref;
  std::string task;
  std::string environment;
  std::string description;
  std::string creator;  // the creator's login
  std::string created_at;
  std::string updated_at;
  std::string payload_json;                    // as served: an object, a string or null
  std::map<std::string, std::string> payload;  // the string members of an object payload
};

struct DeploymentStatus {
  std::int64_t id = 0;
  DeploymentState state = DeploymentState::kUnknown;
  std::string description;
  std::string environment;
  std::string log_url;
  std::string environment_url;
  std::string created_at;
};

}  // namespace flypin::github
