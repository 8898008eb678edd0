#pragma once
// The emulated repositories and the rules GitHub applies to their deployments
// (https://docs.github.com/rest/deployments/deployments,
// https://docs.github.com/rest/deployments/statuses):
// - a ref resolves to a sha: any 40-hex sha, or a seeded branch or tag name;
// - lists are newest first (the list-order variant: oldest first); filters match exactly;
// - a status with an `environment` moves the deployment to it;
// - a `success` status with auto_inactive adds an `inactive` status to every
//   earlier non-transient, non-production deployment of the same environment
//   whose latest state is `success` (GitHub does this in a background job; an
//   admin delay reproduces that lag); the auto-inactive-scope variant also
//   inactivates production ones;
// - with more than one deployment in its environment (or, the
//   delete-active-scope variant, in its repository), only an inactive one may
//   be deleted.
// Thread-safe; every change is written to the state file when there is one.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulators/github/api/route.h"
#include "emulators/github/model/deployment.h"

namespace flypin::emulators::github {

/// Which earlier deployments a success inactivates (FIDELITY D6, D7).
enum class AutoInactiveScope { kNonProduction, kProductionToo };
/// What "more than one deployment" counts (FIDELITY D10).
enum class DeleteScope { kEnvironment, kRepository };
/// The order lists come in (FIDELITY D11: undocumented).
enum class ListOrder { kNewestFirst, kOldestFirst };

struct StoreConfig {
  std::vector<std::string> repositories;    // "owner/name"
  std::map<std::string, std::string> refs;  // seeded into every repository
  long long first_repository_id = 700'000'001;
  // Above 2^31, as GitHub's ids are, so a client that keeps ids in 32 bits fails here first.
  long long first_deployment_id = 3'000'000'001;
  long long first_status_id = 6'000'000'001;
  std::string state_file;  // "": memory only
  AutoInactiveScope auto_inactive_scope = AutoInactiveScope::kNonProduction;
  DeleteScope delete_scope = DeleteScope::kEnvironment;
  ListOrder list_order = ListOrder::kNewestFirst;
};

struct RepoRef {
  std::string owner;
  std::string name;
  long long id = 0;
};

enum class DeleteResult { kDeleted, kNotFound, kActive };

class DeploymentStore {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;

  explicit DeploymentStore(
      StoreConfig config, Now now = [] { return std::chrono::system_clock::now(); });

  /// Owner and name match case-insensitively, as on GitHub.
  std::optional<RepoRef> find(const RepoSelector& selector) const;
  std::optional<std::string> resolve_ref(long long repo_id, const std::string& ref);
  /// context -> state of the commit statuses seeded for `sha`.
  std::map<std::string, std::string> commit_statuses(long long repo_id, const std::string& sha);

  Deployment create(long long repo_id, const NewDeployment& request, const std::string& sha);
  std::vector<Deployment> list(long long repo_id, const DeploymentFilter& filter);
  std::optional<Deployment> get(long long repo_id, long long deployment_id);
  DeleteResult remove(long long repo_id, long long deployment_id);
  /// nullopt when the deployment does not exist.
  std::optional<DeploymentStatus> add_status(long long repo_id, long long deployment_id, const NewStatus& request);
  /// Newest first (unless the list-order variant); nullopt when the deployment does not exist.
  std::optional<std::vector<DeploymentStatus>> statuses(long long repo_id, long long deployment_id);

  bool seed_ref(const std::string& full_name, const std::string& name, const std::string& sha);
  bool seed_commit_status(const std::string& full_name, const std::string& sha, const std::string& context,
                          const std::string& state);
  void set_auto_inactive_delay(std::chrono::milliseconds delay);
  /// Back to the configuration: no deployments, only the configured refs.
  void reset();
  std::string state_json();
  /// Set when the state file could not be read or written.
  std::string last_error() const;

 private:
  struct PendingInactivation {
    std::chrono::system_clock::time_point due;
    long long repo_id;
    long long deployment_id;
  };

  StoreData configured_data() const;
  Repository* repo_locked(long long repo_id);
  Repository* repo_by_name_locked(const std::string& full_name);
  Deployment* deployment_locked(long long repo_id, long long deployment_id);
  void run_due_inactivations_locked();
  void inactivate_earlier_locked(Repository& repo, const Deployment& trigger);
  DeploymentStatus append_status_locked(Deployment& deployment, const NewStatus& request);
  void save_locked();
  std::string now_text() const;

  StoreConfig config_;
  Now now_;
  mutable std::mutex mutex_;
  StoreData data_;
  std::vector<PendingInactivation> pending_;
  std::chrono::milliseconds auto_inactive_delay_{0};
  std::string last_error_;
};

/// 2012-07-20T01:19:13Z
std::string iso8601(std::chrono::system_clock::time_point when);
bool is_full_sha(const std::string& text);

}  // namespace flypin::emulators::github
