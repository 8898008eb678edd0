#pragma once
// What the emulator keeps per repository: refs, commit statuses, and the
// deployments with their statuses (both oldest first, as created).

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flypin::emulators::github {

struct DeploymentStatus {
  long long id = 0;
  std::string state;
  std::string description;
  std::string environment;
  std::string environment_url;
  std::string log_url;
  std::string created_at;  // 2012-07-20T01:19:13Z
  std::string updated_at;
};

struct Deployment {
  long long id = 0;
  std::string sha;
  std::string ref;
  std::string task;
  std::string payload;  // a JSON object or JSON string, as raw JSON text
  std::string original_environment;
  std::string environment;  // follows the environment of its statuses
  std::optional<std::string> description;
  bool transient_environment = false;
  bool production_environment = false;
  std::string created_at;
  std::string updated_at;
  std::vector<DeploymentStatus> statuses;

  /// State of the newest status; "" when it has none.
  std::string latest_state() const { return statuses.empty() ? "" : statuses.back().state; }
};

struct Repository {
  std::string owner;
  std::string name;
  long long id = 0;
  std::map<std::string, std::string> refs;                                    // branch or tag name -> sha
  std::map<std::string, std::map<std::string, std::string>> commit_statuses;  // sha -> context -> state
  std::vector<Deployment> deployments;

  std::string full_name() const { return owner + "/" + name; }
};

/// A create-deployment request after validation (defaults filled in).
struct NewDeployment {
  std::string ref;
  std::string task = "deploy";
  std::string payload = "{}";
  std::string environment = "production";
  std::optional<std::string> description = "";
  bool transient_environment = false;
  std::optional<bool> production_environment;  // unset: environment == "production"
  bool auto_merge = true;
  std::optional<std::vector<std::string>> required_contexts;  // unset: every context of the commit
};

/// A create-status request after validation.
struct NewStatus {
  std::string state;
  std::string description;
  std::string log_url;  // `target_url` when only that was given
  std::string environment_url;
  std::optional<std::string> environment;  // unset: the deployment's
  bool auto_inactive = true;
};

struct DeploymentFilter {
  std::optional<std::string> sha, ref, task, environment;
};

/// Everything the emulator remembers; what the state file holds.
struct StoreData {
  std::vector<Repository> repositories;
  long long next_deployment_id = 0;
  long long next_status_id = 0;
};

}  // namespace flypin::emulators::github
