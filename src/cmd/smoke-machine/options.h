#pragma once
// smoke-machine's flags, and their validation into a Plan. Validation needs
// no network: every usage or configuration error is found here (exit 2).

#include <CLI/CLI.hpp>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/environment.h"
#include "core/result.h"
#include "fly/client.h"
#include "fly/machine.h"

namespace flypin::cmd::smoke_machine {

struct Options {
  std::string app;
  std::string image;
  std::string region;
  std::string cpu_kind;
  int cpus = 0;
  int memory_mb = 0;
  int port = 8080;
  std::string health_path = "/health";
  std::string health_via = "checks";
  std::string proxy_url;
  std::string timeout = "5m";
  std::string cleanup_timeout = "2m";
  std::string stable_for = "0s";
  std::string check_interval = "1s";
  std::vector<std::string> env;
  std::vector<std::string> secret_env;
  std::string expect_digest;
  bool keep_on_failure = false;
  bool restart_check = false;
  bool reap = false;
  bool this_run = false;
  std::string scope;
  std::string older_than = "1h";
  bool json = false;
};

enum class Mode { kSmoke, kReap };
enum class HealthVia { kChecks, kProxy };
enum class OnFailure { kDestroy, kKeep };
enum class RestartCheck { kNo, kYes };
enum class ReapScope { kAllRuns, kThisRun };

/// Everything run() needs, validated and resolved.
struct Plan {
  Mode mode = Mode::kSmoke;
  std::string app;
  std::string image;
  std::string region;
  fly::Guest guest;
  int port = 8080;
  std::string health_path;
  HealthVia health_via = HealthVia::kChecks;
  std::string proxy_url;
  std::chrono::milliseconds timeout{300'000};
  /// How long cleanup keeps trying to destroy (rate limits, outages), on every path.
  std::chrono::milliseconds cleanup_timeout{120'000};
  std::chrono::milliseconds stable_for{0};
  std::string check_interval = "1s";  // Go duration, sent as is
  std::chrono::milliseconds older_than{3'600'000};
  ReapScope reap_scope = ReapScope::kAllRuns;
  /// --scope: recorded on the machine (flypin_scope) and, with --reap, the only
  /// machines reaped. The action passes one per step, so one matrix job's
  /// backstop never touches a sibling's machine.
  std::string scope;
  std::map<std::string, std::string> env;  // includes secret values: never print
  std::vector<std::string> secret_names;
  std::string expect_digest;
  OnFailure on_failure = OnFailure::kDestroy;
  RestartCheck restart_check = RestartCheck::kNo;
  fly::ClientSettings fly;
  std::string run_id;       // GITHUB_RUN_ID or "local"
  std::string run_attempt;  // GITHUB_RUN_ATTEMPT or "1"
  std::string job;          // GITHUB_JOB or ""
  std::string repository;   // GITHUB_REPOSITORY or ""
  bool json = false;
};

void add_flags(CLI::App& app, Options& options);
core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::smoke_machine
