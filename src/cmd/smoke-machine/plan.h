#pragma once
// smoke-machine's inputs, parsed once: validate() needs no network and finds
// every usage or configuration error (exit 2); run() uses the Plan as it is.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "cmd/smoke-machine/options.h"
#include "core/environment.h"
#include "core/result.h"
#include "fly/client.h"
#include "fly/logs_client.h"
#include "fly/machine.h"
#include "registry/reference.h"

namespace flypin::cmd::smoke_machine {

enum class Mode { kSmoke, kReap };
enum class HealthVia { kChecks, kProxy };
enum class OnFailure { kDestroy, kKeep };
enum class RestartCheck { kNo, kYes };
enum class ReapScope { kAllRuns, kThisRun };
enum class LogStream { kShow, kQuiet };

/// Everything run() needs, validated and resolved.
struct Plan {
  Mode mode = Mode::kSmoke;
  /// Where smoke machines live: --smoke-app when given, else --app.
  std::string app;
  /// --app: the app whose users the image is for (recorded on the machine as flypin_for_app).
  std::string for_app;
  registry::Reference image;  // what the machine boots, sent as image.str()
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
  std::chrono::milliseconds check_interval{1000};  // of the machine check (HealthVia::kChecks)
  std::chrono::milliseconds older_than{3'600'000};
  ReapScope reap_scope = ReapScope::kAllRuns;
  /// --scope: recorded on the machine (fly::markers::kScope) and, with --reap, the only
  /// machines reaped. The action passes one per step, so one matrix job's
  /// backstop never touches a sibling's machine.
  std::string scope;
  std::map<std::string, std::string> env;  // includes secret values: never print
  std::vector<std::string> secret_names;
  std::string expect_digest;  // --expect-digest, else the digest --image is pinned by ("" for none)
  OnFailure on_failure = OnFailure::kDestroy;
  RestartCheck restart_check = RestartCheck::kNo;
  fly::ClientSettings fly;
  fly::LogsSettings logs;  // same token as `fly`
  std::size_t log_lines = 40;
  std::chrono::milliseconds logs_wait{10'000};
  LogStream log_stream = LogStream::kShow;
  std::string run_id;       // GITHUB_RUN_ID or "local"
  std::string run_attempt;  // GITHUB_RUN_ATTEMPT or "1"
  std::string job;          // GITHUB_JOB or ""
  std::string repository;   // GITHUB_REPOSITORY or ""
};

core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::smoke_machine
