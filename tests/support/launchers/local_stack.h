#pragma once
// The local stack a program's end-to-end suite runs against, started once per
// suite and shared by its tests: Debian's docker-registry with Basic auth, the
// Supabase and GitHub Deployments emulators, and the Fly emulator when the
// suite names apps. step_env() is a workflow step's environment pointing at
// all of it; leaked() the stack's secrets a program showed. A target that uses
// it adds add_dependencies(<target> flypin-supabase-emulator
// flypin-github-emulator [flypin-fly-emulator]).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/launchers/fly_emulator.h"
#include "support/launchers/github_emulator.h"
#include "support/launchers/program_run.h"
#include "support/launchers/supabase_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {

struct LocalStackOptions {
  std::string supabase_token;  // full access to `project`
  std::string project;
  std::vector<std::string> fly_tokens;  // with fly_apps: the Fly emulator runs too (FLY_APP is the first app)
  std::vector<std::string> fly_apps;
};

/// Who a step runs as. github_token "": no GitHub token at all (and no GITHUB_* of a run).
struct StepEnv {
  std::string summary_file;  // GITHUB_STEP_SUMMARY
  std::string github_token = kGitHubWriteToken;
  std::string sha = kGitHubSha;
  std::string run_id = "4242";
};

class LocalStack {
 public:
  /// Starts every part; throws std::runtime_error (with a log) when one does not come up.
  explicit LocalStack(LocalStackOptions options);
  ~LocalStack();

  testbed::LocalRegistry& registry() { return *registry_; }
  SupabaseEmulator& supabase() { return *supabase_; }
  GitHubEmulator& github() { return *github_; }
  /// Throws std::logic_error when the stack was started without apps.
  FlyEmulator& fly();

  /// SUPABASE_*, REGISTRY_USERNAME/PASSWORD, REGISTRY_HOST (the registry the
  /// credential is for: --status and --rollback name no image), the run's
  /// GITHUB_* with the token, FLY_API_TOKEN/FLY_API_URL/FLY_APP with Fly.
  std::map<std::string, std::string> step_env(const StepEnv& step) const;

  /// The stack's tokens and passwords that `run` shows on stdout or stderr.
  std::vector<std::string> leaked(const ProgramRun& run) const;

 private:
  LocalStackOptions options_;
  std::unique_ptr<testbed::LocalRegistry> registry_;
  std::unique_ptr<SupabaseEmulator> supabase_;
  std::unique_ptr<GitHubEmulator> github_;
  std::unique_ptr<FlyEmulator> fly_;
};

}  // namespace flypin::e2e
