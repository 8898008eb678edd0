#include "emulators/github/store/deployment_store.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <sstream>

#include "emulators/github/store/state_file.h"

namespace flypin::emulators::github {

namespace {

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

bool matches(const std::optional<std::string>& wanted, const std::string& value) { return !wanted || *wanted == value; }

}  // namespace

std::string iso8601(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_full_sha(const std::string& text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

DeploymentStore::DeploymentStore(StoreConfig config, Now now)
    : config_(std::move(config)), now_(std::move(now)), data_(configured_data()) {
  if (config_.state_file.empty()) return;
  std::ifstream in(config_.state_file);
  if (!in) return;  // first run
  std::stringstream text;
  text << in.rdbuf();
  if (auto problem = state_from_json(text.str(), data_); !problem.empty()) {
    last_error_ = "state file " + config_.state_file + ": " + problem + "; starting empty";
  }
}

StoreData DeploymentStore::configured_data() const {
  StoreData data;
  data.next_deployment_id = config_.first_deployment_id;
  data.next_status_id = config_.first_status_id;
  long long id = config_.first_repository_id;
  for (const auto& full_name : config_.repositories) {
    Repository repo;
    const auto slash = full_name.find('/');
    repo.owner = full_name.substr(0, slash);
    repo.name = full_name.substr(slash + 1);
    repo.id = id++;
    repo.refs = config_.refs;
    data.repositories.push_back(std::move(repo));
  }
  return data;
}

void DeploymentStore::reset() {
  std::lock_guard lock(mutex_);
  data_ = configured_data();
  pending_.clear();
  save_locked();
}

std::optional<RepoRef> DeploymentStore::find(const RepoSelector& selector) const {
  std::lock_guard lock(mutex_);
  for (const auto& repo : data_.repositories) {
    const bool hit = selector.repository_id > 0
                         ? repo.id == selector.repository_id
                         : iequals(repo.owner, selector.owner) && iequals(repo.name, selector.name);
    if (hit) return RepoRef{repo.owner, repo.name, repo.id};
  }
  return std::nullopt;
}

std::optional<std::string> DeploymentStore::resolve_ref(long long repo_id, const std::string& ref) {
  if (is_full_sha(ref)) return ref;
  std::lock_guard lock(mutex_);
  auto* repo = repo_locked(repo_id);
  if (!repo) return std::nullopt;
  auto it = repo->refs.find(ref);
  if (it == repo->refs.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, std::string> DeploymentStore::commit_statuses(long long repo_id, const std::string& sha) {
  std::lock_guard lock(mutex_);
  auto* repo = repo_locked(repo_id);
  if (!repo) return {};
  auto it = repo->commit_statuses.find(sha);
  return it == repo->commit_statuses.end() ? std::map<std::string, std::string>{} : it->second;
}

Deployment DeploymentStore::create(long long repo_id, const NewDeployment& request, const std::string& sha) {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  Deployment d;
  d.id = data_.next_deployment_id++;
  d.sha = sha;
  d.ref = request.ref;
  d.task = request.task;
  d.payload = request.payload;
  d.original_environment = request.environment;
  d.environment = request.environment;
  d.description = request.description;
  d.transient_environment = request.transient_environment;
  d.production_environment = request.production_environment.value_or(request.environment == "production");
  d.created_at = d.updated_at = now_text();
  if (auto* repo = repo_locked(repo_id)) repo->deployments.push_back(d);
  save_locked();
  return d;
}

std::vector<Deployment> DeploymentStore::list(long long repo_id, const DeploymentFilter& filter) {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  std::vector<Deployment> out;
  auto* repo = repo_locked(repo_id);
  if (!repo) return out;
  for (auto it = repo->deployments.rbegin(); it != repo->deployments.rend(); ++it) {
    if (matches(filter.sha, it->sha) && matches(filter.ref, it->ref) && matches(filter.task, it->task) &&
        matches(filter.environment, it->environment)) {
      out.push_back(*it);
    }
  }
  if (config_.list_order == ListOrder::kOldestFirst) std::reverse(out.begin(), out.end());
  return out;
}

std::optional<Deployment> DeploymentStore::get(long long repo_id, long long deployment_id) {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  auto* d = deployment_locked(repo_id, deployment_id);
  if (!d) return std::nullopt;
  return *d;
}

DeleteResult DeploymentStore::remove(long long repo_id, long long deployment_id) {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  auto* repo = repo_locked(repo_id);
  auto* d = deployment_locked(repo_id, deployment_id);
  if (!repo || !d) return DeleteResult::kNotFound;
  const bool whole_repository = config_.delete_scope == DeleteScope::kRepository;
  const auto counted = std::count_if(repo->deployments.begin(), repo->deployments.end(), [&](const Deployment& other) {
    return whole_repository || other.environment == d->environment;
  });
  if (d->latest_state() != "inactive" && counted > 1) return DeleteResult::kActive;
  std::erase_if(repo->deployments, [deployment_id](const Deployment& other) { return other.id == deployment_id; });
  save_locked();
  return DeleteResult::kDeleted;
}

std::optional<DeploymentStatus> DeploymentStore::add_status(long long repo_id, long long deployment_id,
                                                            const NewStatus& request) {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  auto* repo = repo_locked(repo_id);
  auto* d = deployment_locked(repo_id, deployment_id);
  if (!repo || !d) return std::nullopt;
  DeploymentStatus status = append_status_locked(*d, request);
  if (request.state == "success" && request.auto_inactive) {
    if (auto_inactive_delay_.count() > 0) {
      pending_.push_back({now_() + auto_inactive_delay_, repo_id, deployment_id});
    } else {
      inactivate_earlier_locked(*repo, *d);
    }
  }
  save_locked();
  return status;
}

std::optional<std::vector<DeploymentStatus>> DeploymentStore::statuses(long long repo_id, long long deployment_id) {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  auto* d = deployment_locked(repo_id, deployment_id);
  if (!d) return std::nullopt;
  if (config_.list_order == ListOrder::kOldestFirst) return d->statuses;
  return std::vector<DeploymentStatus>(d->statuses.rbegin(), d->statuses.rend());
}

bool DeploymentStore::seed_ref(const std::string& full_name, const std::string& name, const std::string& sha) {
  std::lock_guard lock(mutex_);
  auto* repo = repo_by_name_locked(full_name);
  if (!repo) return false;
  repo->refs[name] = sha;
  save_locked();
  return true;
}

bool DeploymentStore::seed_commit_status(const std::string& full_name, const std::string& sha,
                                         const std::string& context, const std::string& state) {
  std::lock_guard lock(mutex_);
  auto* repo = repo_by_name_locked(full_name);
  if (!repo) return false;
  repo->commit_statuses[sha][context] = state;
  save_locked();
  return true;
}

void DeploymentStore::set_auto_inactive_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mutex_);
  auto_inactive_delay_ = delay;
}

std::string DeploymentStore::state_json() {
  std::lock_guard lock(mutex_);
  run_due_inactivations_locked();
  return state_to_json(data_);
}

std::string DeploymentStore::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

Repository* DeploymentStore::repo_locked(long long repo_id) {
  for (auto& repo : data_.repositories) {
    if (repo.id == repo_id) return &repo;
  }
  return nullptr;
}

Repository* DeploymentStore::repo_by_name_locked(const std::string& full_name) {
  for (auto& repo : data_.repositories) {
    if (iequals(repo.full_name(), full_name)) return &repo;
  }
  return nullptr;
}

Deployment* DeploymentStore::deployment_locked(long long repo_id, long long deployment_id) {
  auto* repo = repo_locked(repo_id);
  if (!repo) return nullptr;
  for (auto& d : repo->deployments) {
    if (d.id == deployment_id) return &d;
  }
  return nullptr;
}

DeploymentStatus DeploymentStore::append_status_locked(Deployment& d, const NewStatus& request) {
  DeploymentStatus status;
  status.id = data_.next_status_id++;
  status.state = request.state;
  status.description = request.description;
  status.environment = request.environment.value_or(d.environment);
  status.environment_url = request.environment_url;
  status.log_url = request.log_url;
  status.created_at = status.updated_at = now_text();
  d.environment = status.environment;
  d.updated_at = status.updated_at;
  d.statuses.push_back(status);
  return status;
}

void DeploymentStore::inactivate_earlier_locked(Repository& repo, const Deployment& trigger) {
  for (auto& earlier : repo.deployments) {
    if (earlier.id >= trigger.id || earlier.transient_environment) continue;
    // "all prior non-transient, non-production environment deployments" (the docs).
    if (earlier.production_environment && config_.auto_inactive_scope == AutoInactiveScope::kNonProduction) continue;
    if (earlier.environment != trigger.environment || earlier.latest_state() != "success") continue;
    NewStatus inactive;
    inactive.state = "inactive";
    append_status_locked(earlier, inactive);
  }
}

void DeploymentStore::run_due_inactivations_locked() {
  if (pending_.empty()) return;
  const auto now = now_();
  bool changed = false;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->due > now) {
      ++it;
      continue;
    }
    auto* repo = repo_locked(it->repo_id);
    auto* trigger = deployment_locked(it->repo_id, it->deployment_id);
    if (repo && trigger) {
      inactivate_earlier_locked(*repo, *trigger);
      changed = true;
    }
    it = pending_.erase(it);
  }
  if (changed) save_locked();
}

void DeploymentStore::save_locked() {
  if (config_.state_file.empty()) return;
  if (auto problem = write_atomically(config_.state_file, state_to_json(data_)); !problem.empty()) {
    last_error_ = problem;
  }
}

std::string DeploymentStore::now_text() const { return iso8601(now_()); }

}  // namespace flypin::emulators::github
