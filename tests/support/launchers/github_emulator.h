#pragma once
// flypin-github-emulator as a child process, for end-to-end tests and
// benchmarks, and its admin API. The defaults are a GitHub Actions job's
// world: one repository, `main` at kGitHubSha, and three GITHUB_TOKENs that
// differ in their `deployments` permission (write, read, none). Tokens reach
// the emulator through its environment, never its command line. A target that
// uses it links flypin_e2e_common and adds
// add_dependencies(<target> flypin-github-emulator).

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/launchers/emulator_admin.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {

inline constexpr const char* kGitHubRepository = "flypin-e2e/app";
inline constexpr const char* kGitHubSha = "5f3c1a7e9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e";
inline constexpr const char* kGitHubWriteToken = "ghs_e2eDeploymentsWrite00000000000000001";
inline constexpr const char* kGitHubReadToken = "ghs_e2eDeploymentsRead000000000000000002";
inline constexpr const char* kGitHubNoDeploymentsToken = "ghs_e2eNoDeployments0000000000000000003";

struct GitHubEmulatorOptions {
  std::vector<std::string> repositories = {kGitHubRepository};
  /// TOKEN[:deployments=none|read|write] specs.
  std::vector<std::string> tokens = {std::string(kGitHubWriteToken) + ":deployments=write",
                                     std::string(kGitHubReadToken) + ":deployments=read",
                                     std::string(kGitHubNoDeploymentsToken) + ":deployments=none"};
  /// Branches and tags every repository has.
  std::map<std::string, std::string> refs = {{"main", kGitHubSha}};
  std::string state_file;               // "": memory only
  std::vector<std::string> extra_args;  // e.g. {"--rate-limit", "5"}
};

class GitHubEmulator {
 public:
  /// Starts the emulator; throws std::runtime_error (with its log) when it does not come up.
  explicit GitHubEmulator(GitHubEmulatorOptions options = {});

  /// GITHUB_API_URL for programs under test.
  const std::string& url() const { return url_; }
  /// What a workflow step of `repository` sees: GITHUB_API_URL, GITHUB_SERVER_URL (also the
  /// emulator, so nothing leaves loopback), GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_TOKEN,
  /// GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT.
  std::map<std::string, std::string> workflow_env(const std::string& token = kGitHubWriteToken,
                                                  const std::string& repository = kGitHubRepository) const;

  void seed_ref(const std::string& name, const std::string& sha, const std::string& repository = kGitHubRepository);
  /// A commit status (context, state) on `sha`: create-deployment answers 409 while a
  /// required context is not `success`.
  void seed_commit_status(const std::string& sha, const std::string& context, const std::string& state,
                          const std::string& repository = kGitHubRepository);
  /// POST /_admin/faults with this JSON body, e.g. {"path_prefix":"/repos","status":502,"count":2}.
  void inject_fault(const std::string& json);
  /// The next `count` API requests past the credential check get GitHub's secondary-rate-limit answer.
  void secondary_rate_limit(int count, int status = 403, int retry_after_seconds = 60);
  /// A new primary limit per token (counts start over).
  void primary_rate_limit(int limit, int window_seconds = 3600);
  /// Success statuses inactivate earlier deployments this much later (GitHub's background job).
  void delay_auto_inactive(std::chrono::milliseconds delay);
  /// Back to the start: no deployments, faults, limits, journal or seeded extras.
  void reset();

  using Seen = SeenRequest;
  /// Every API request the emulator saw, oldest first.
  std::vector<Seen> requests();
  /// Every repository's refs, commit statuses, deployments and statuses as JSON.
  std::string state_json();
  /// Any admin call; throws on a transport error or a non-2xx answer.
  std::string admin(const std::string& method, const std::string& path, const std::string& body = "");
  /// The admin API every emulator shares (faults before or after the side effect, journal, variants).
  EmulatorAdmin admin_api() const { return EmulatorAdmin(url_); }
  std::string log() const { return process_->log(); }

 private:
  testbed::TempDir dir_{"flypin-github-emulator"};
  std::unique_ptr<testbed::ScopedProcess> process_;
  std::string url_;
};

}  // namespace flypin::e2e
