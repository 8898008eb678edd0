#pragma once
// A scripted GitHub Deployments API for pin-image's history: the deployments
// a test lays down (any payload, any sha, any run URL — what a collaborator or
// a workflow with `deployments: write` could create), their statuses, and the
// deployments and statuses pin-image records itself. Newest first, as GitHub
// lists them; one page.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "support/hostile/scripted_server.h"

namespace flypin::hostile {

inline constexpr const char* kGitHubRepository = "team/app";
inline constexpr const char* kGitHubToken = "ghs_CANARY_hostile_history_77c1";

struct ScriptedDeployment {
  std::int64_t id = 0;
  std::string environment;
  std::string sha = "0123456789abcdef0123456789abcdef01234567";
  std::string created_at = "2026-01-01T00:00:00Z";
  /// The payload object's string members (image, digest, build_time, run_url, ...).
  std::map<std::string, std::string> payload;
  /// Its statuses' states, oldest first ("in_progress", "success", ...).
  std::vector<std::string> states = {"success"};
};

class ScriptedGitHub {
 public:
  /// Routes for /repos/kGitHubRepository/deployments[...]; every call needs kGitHubToken.
  Routes& serve(Routes& routes);
  void add(ScriptedDeployment deployment);
  /// Deployments created through the API (by the program under test), oldest first.
  std::vector<std::string> created_payloads() const;

 private:
  void list(const Request& request, Conn& conn);
  void statuses(const Request& request, Conn& conn);
  void create(const Request& request, Conn& conn);

  mutable std::mutex mutex_;
  std::vector<ScriptedDeployment> deployments_;  // any order; listed newest (highest id) first
  std::vector<std::string> created_;
  std::int64_t next_id_ = 1000;
};

/// A ScriptedGitHub on its own loopback server.
struct GitHubServer {
  ScriptedGitHub store;
  Routes routes;
  ScriptedServer server{store.serve(routes)};

  /// GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_RUN_ID of a step.
  std::map<std::string, std::string> workflow_env() const;
};

}  // namespace flypin::hostile
