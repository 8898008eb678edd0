#include "support/launchers/github_emulator.h"

#include <regex>
#include <stdexcept>
#include <thread>

#include "core/json.h"

namespace flypin::e2e {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

GitHubEmulator::GitHubEmulator(GitHubEmulatorOptions options) {
  std::vector<std::string> argv = {std::string(FLYPIN_BIN_DIR) + "/flypin-github-emulator", "--listen", "127.0.0.1:0"};
  for (const auto& repository : options.repositories) argv.insert(argv.end(), {"--repo", repository});
  for (const auto& [name, sha] : options.refs) argv.insert(argv.end(), {"--ref", name + "=" + sha});
  if (!options.state_file.empty()) argv.insert(argv.end(), {"--state", options.state_file});
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  process_ = std::make_unique<testbed::ScopedProcess>(
      argv, std::map<std::string, std::string>{{"GITHUB_EMULATOR_TOKENS", join(options.tokens)}},
      dir_.file("emulator.log"));

  const std::regex listening(R"(api listening on (http://127\.0\.0\.1:[0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = process_->log();
    if (std::regex_search(log, match, listening)) {
      url_ = match[1];
      return;
    }
    if (!process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling the log for a condition
  }
  throw std::runtime_error("github emulator did not start:\n" + process_->log());
}

std::map<std::string, std::string> GitHubEmulator::workflow_env(const std::string& token,
                                                                const std::string& repository) const {
  return {{"GITHUB_API_URL", url_},   {"GITHUB_SERVER_URL", url_}, {"GITHUB_REPOSITORY", repository},
          {"GITHUB_SHA", kGitHubSha}, {"GITHUB_TOKEN", token},     {"GITHUB_RUN_ID", "4242"},
          {"GITHUB_RUN_ATTEMPT", "1"}};
}

std::string GitHubEmulator::admin(const std::string& method, const std::string& path, const std::string& body) {
  return admin_api().checked(method, path, body);
}

void GitHubEmulator::seed_ref(const std::string& name, const std::string& sha, const std::string& repository) {
  core::json::FlatObject body;
  body.add("repository", repository).add("name", name).add("sha", sha);
  admin("POST", "/_admin/refs", body.str());
}

void GitHubEmulator::seed_commit_status(const std::string& sha, const std::string& context, const std::string& state,
                                        const std::string& repository) {
  core::json::FlatObject body;
  body.add("repository", repository).add("sha", sha).add("context", context).add("state", state);
  admin("POST", "/_admin/commit_statuses", body.str());
}

void GitHubEmulator::inject_fault(const std::string& json) { admin_api().fault_json(json); }

void GitHubEmulator::secondary_rate_limit(int count, int status, int retry_after_seconds) {
  core::json::FlatObject body;
  body.add("count", static_cast<long long>(count))
      .add("status", static_cast<long long>(status))
      .add("retry_after", static_cast<long long>(retry_after_seconds));
  admin("POST", "/_admin/secondary_rate_limit", body.str());
}

void GitHubEmulator::primary_rate_limit(int limit, int window_seconds) {
  core::json::FlatObject body;
  body.add("limit", static_cast<long long>(limit)).add("window_seconds", static_cast<long long>(window_seconds));
  admin("POST", "/_admin/rate_limit", body.str());
}

void GitHubEmulator::delay_auto_inactive(std::chrono::milliseconds delay) {
  core::json::FlatObject body;
  body.add("auto_inactive_delay_ms", static_cast<long long>(delay.count()));
  admin("POST", "/_admin/behaviour", body.str());
}

void GitHubEmulator::reset() { admin_api().reset(); }

std::string GitHubEmulator::state_json() { return admin("GET", "/_admin/state"); }

std::vector<GitHubEmulator::Seen> GitHubEmulator::requests() { return admin_api().requests(); }

}  // namespace flypin::e2e
