#include "support/launchers/local_stack.h"

#include <stdexcept>

namespace flypin::e2e {

LocalStack::LocalStack(LocalStackOptions options)
    : options_(std::move(options)),
      registry_(std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic)),
      supabase_(std::make_unique<SupabaseEmulator>(options_.supabase_token, options_.project)),
      github_(std::make_unique<GitHubEmulator>()) {
  if (!options_.fly_apps.empty())
    fly_ = std::make_unique<FlyEmulator>(*registry_,
                                         FlyEmulatorOptions{.tokens = options_.fly_tokens, .apps = options_.fly_apps});
}

LocalStack::~LocalStack() = default;

FlyEmulator& LocalStack::fly() {
  if (!fly_) throw std::logic_error("this local stack was started without Fly apps");
  return *fly_;
}

std::map<std::string, std::string> LocalStack::step_env(const StepEnv& step) const {
  std::map<std::string, std::string> env = {
      {"SUPABASE_API_URL", supabase_->url()},       {"SUPABASE_ACCESS_TOKEN", options_.supabase_token},
      {"REGISTRY_USERNAME", registry_->username()}, {"REGISTRY_PASSWORD", registry_->password()},
      {"REGISTRY_HOST", registry_->host()},         {"GITHUB_STEP_SUMMARY", step.summary_file}};
  if (fly_) {
    env["FLY_API_TOKEN"] = options_.fly_tokens.front();
    env["FLY_API_URL"] = fly_->api_url();
    env["FLY_APP"] = options_.fly_apps.front();
  }
  if (step.github_token.empty()) return env;
  for (auto& [k, v] : github_->workflow_env(step.github_token)) env[k] = v;
  env["GITHUB_SHA"] = step.sha;
  env["GITHUB_RUN_ID"] = step.run_id;
  return env;
}

std::vector<std::string> LocalStack::leaked(const ProgramRun& run) const {
  std::vector<std::string> secrets = {options_.supabase_token, kGitHubWriteToken, kGitHubReadToken,
                                      kGitHubNoDeploymentsToken, registry_->password()};
  secrets.insert(secrets.end(), options_.fly_tokens.begin(), options_.fly_tokens.end());
  std::vector<std::string> shown;
  for (const auto& secret : secrets) {
    if (run.out.find(secret) != std::string::npos || run.err.find(secret) != std::string::npos) shown.push_back(secret);
  }
  return shown;
}

}  // namespace flypin::e2e
