#include "cmd/smoke-machine/options.h"

#include "cmd/smoke-machine/input_checks.h"
#include "core/duration.h"
#include "fly/validation.h"
#include "registry/digest.h"
#include "registry/reference.h"

namespace flypin::cmd::smoke_machine {

void add_flags(CLI::App& app, Options& o) {
  app.add_option("--app", o.app, "Fly app to create the throwaway machine in (required)");
  app.add_option("--image", o.image,
                 "Image to boot, e.g. registry.fly.io/app:deployment-01J... or repo@sha256:... (required)");
  app.add_option("--region", o.region, "Fly region, e.g. sin; always explicit and verified (required)");
  app.add_option("--cpu-kind", o.cpu_kind, "shared or performance; verified against what the API reports (required)")
      ->check(CLI::IsMember({"shared", "performance"}));
  app.add_option("--cpus", o.cpus, "Number of CPUs (required)")->check(CLI::Range(1, 64));
  app.add_option("--memory-mb", o.memory_mb, "Memory in MB (required)")->check(CLI::Range(128, 262144));
  app.add_option("--port", o.port, "Port the app serves on inside the machine")->check(CLI::Range(1, 65535));
  app.add_option("--health-path", o.health_path, "HTTP path that must answer 2xx");
  app.add_option("--health-via", o.health_via, "checks: a Fly machine check; proxy: GET through the Fly proxy")
      ->check(CLI::IsMember({"checks", "proxy"}));
  app.add_option("--proxy-url", o.proxy_url,
                 "Base URL of the Fly proxy for --health-via proxy [https://<app>.fly.dev]");
  app.add_option("--timeout", o.timeout, "Overall deadline to become healthy: 90s, 5m, 1m30s or seconds (1s to 24h)");
  app.add_option("--cleanup-timeout", o.cleanup_timeout,
                 "How long destroying the machine keeps trying through rate limits and outages (1s to 1h)");
  app.add_option("--check-interval", o.check_interval,
                 "Interval of the machine check (--health-via checks); it bounds how soon health is noticed");
  app.add_option("--stable-for", o.stable_for, "After healthy, keep watching this long: the machine must stay up");
  app.add_option("--env", o.env, "K=V environment variable for the machine (repeatable)")->take_all();
  app.add_option(
         "--secret-env", o.secret_env,
         "NAME of an environment variable of ours to pass into the machine as a secret (repeatable; never printed)")
      ->take_all();
  app.add_option("--expect-digest", o.expect_digest, "sha256:... the machine's image must resolve to");
  app.add_flag("--keep-on-failure", o.keep_on_failure,
               "Leave a failed machine for inspection and print how to remove it");
  app.add_flag("--restart-check", o.restart_check, "Restart the machine once and require health again (F13)");
  app.add_flag("--reap", o.reap, "Destroy this app's smoke machines older than --older-than, then exit");
  app.add_option("--older-than", o.older_than, "Age threshold for --reap");
  app.add_flag("--this-run", o.this_run, "With --reap: only machines of this workflow run (GITHUB_RUN_ID/ATTEMPT)");
  app.add_option("--scope", o.scope,
                 "An id recorded on the machine; with --reap, only machines carrying it (one per step of a job)");
  app.add_flag("--json", o.json, "Print the results as one JSON object on stdout");
  app.footer(
      "Environment:\n"
      "  FLY_API_TOKEN / FLY_ACCESS_TOKEN  Fly token (required; masked, never printed)\n"
      "  FLY_API_URL                       Machines API base URL [https://api.machines.dev]\n"
      "  GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_JOB, GITHUB_REPOSITORY  recorded in the machine's metadata\n"
      "  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY                    outputs and summary under Actions\n"
      "Outputs: machine-id, region, image-digest, boot-ms, healthy-ms; leftover-machine-id (a machine that could\n"
      "not be destroyed, also named on the last line with the command that removes it).\n"
      "Exit status: 0 healthy; 1 the smoke failed; 2 usage/configuration; 130/143 interrupted (after cleanup).");
}

namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

core::Result<milliseconds> duration_flag(const std::string& text, const std::string& flag,
                                         core::DurationBounds bounds) {
  auto d = core::parse_duration(text, bounds);
  if (!d.ok()) return core::Error::usage(flag + ": " + d.error().message);
  return *d;
}

core::Status add_env(Plan& plan, const std::vector<std::string>& pairs) {
  for (const auto& pair : pairs) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || !is_env_name(pair.substr(0, eq))) {
      return core::Error::usage("--env wants NAME=VALUE, got '" + pair.substr(0, std::min<size_t>(eq, 40)) + "...'");
    }
    plan.env[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return core::ok_status();
}

core::Status add_secret_env(Plan& plan, const std::vector<std::string>& names, const core::Environment& env) {
  for (const auto& name : names) {
    if (!is_env_name(name)) return core::Error::usage("--secret-env wants a variable name, got '" + name + "'");
    auto value = env.get(name);
    if (!value) return core::Error::usage("--secret-env " + name + ": that variable is not set in our environment");
    plan.env[name] = *value;
    plan.secret_names.push_back(name);
  }
  return core::ok_status();
}

// Placement, size, image and health: never left to Fly's defaults (F10, F11),
// and nothing the API would read as something else.
core::Status validate_smoke(const Options& o, const core::Environment& env, Plan& plan) {
  if (o.image.empty()) return core::Error::usage("--image is required");
  auto ref = registry::parse_reference(o.image);
  if (!ref.ok()) return core::Error::usage("--image: " + ref.error().message);
  if (o.region.empty()) return core::Error::usage("--region is required (it is never left to Fly's default)");
  if (auto st = fly::validate_region(o.region); !st.ok()) return st;
  if (o.cpu_kind.empty()) return core::Error::usage("--cpu-kind is required (shared or performance)");
  if (o.cpus <= 0) return core::Error::usage("--cpus is required");
  if (o.memory_mb <= 0) return core::Error::usage("--memory-mb is required");
  if (auto st = validate_health_path(o.health_path); !st.ok()) return st;
  plan.image = o.image;
  plan.region = o.region;
  plan.guest = {o.cpu_kind, o.cpus, o.memory_mb};
  plan.port = o.port;
  plan.health_path = o.health_path;
  plan.health_via = o.health_via == "proxy" ? HealthVia::kProxy : HealthVia::kChecks;
  plan.proxy_url = o.proxy_url.empty() ? "https://" + o.app + ".fly.dev" : o.proxy_url;
  if (auto st = validate_proxy_url(plan.proxy_url); !st.ok()) return st;
  while (plan.proxy_url.back() == '/') plan.proxy_url.pop_back();

  auto timeout = duration_flag(o.timeout, "--timeout", {.min = seconds(1), .max = hours(24)});
  if (!timeout.ok()) return timeout.error();
  plan.timeout = *timeout;
  auto stable = duration_flag(o.stable_for, "--stable-for", {.min = milliseconds(0), .max = hours(6)});
  if (!stable.ok()) return stable.error();
  plan.stable_for = *stable;
  auto interval = duration_flag(o.check_interval, "--check-interval", {.min = milliseconds(100), .max = hours(1)});
  if (!interval.ok()) return interval.error();
  plan.check_interval = core::format_duration(*interval);

  if (auto st = add_env(plan, o.env); !st.ok()) return st;
  if (auto st = add_secret_env(plan, o.secret_env, env); !st.ok()) return st;
  if (!o.expect_digest.empty()) {
    // Fly reports the sha256 digest of what it pulled: nothing else can match.
    if (!o.expect_digest.starts_with("sha256:")) {
      return core::Error::usage("--expect-digest must be a sha256 digest: sha256:<64 hex digits>");
    }
    if (auto digest = registry::parse_digest(o.expect_digest); !digest.ok()) {
      return core::Error::usage("--expect-digest: " + digest.error().message);
    }
  }
  plan.expect_digest = o.expect_digest.empty() ? ref->digest : o.expect_digest;
  plan.on_failure = o.keep_on_failure ? OnFailure::kKeep : OnFailure::kDestroy;
  plan.restart_check = o.restart_check ? RestartCheck::kYes : RestartCheck::kNo;
  return core::ok_status();
}

}  // namespace

core::Result<Plan> validate(const Options& o, const core::Environment& env) {
  Plan plan;
  plan.mode = o.reap ? Mode::kReap : Mode::kSmoke;
  plan.json = o.json;
  if (o.app.empty()) return core::Error::usage("--app is required");
  if (auto st = fly::validate_app_name(o.app); !st.ok()) return st.error();
  plan.app = o.app;

  auto older = duration_flag(o.older_than, "--older-than", {});
  if (!older.ok()) return older.error();
  plan.older_than = *older;
  plan.reap_scope = o.this_run ? ReapScope::kThisRun : ReapScope::kAllRuns;
  auto cleanup = duration_flag(o.cleanup_timeout, "--cleanup-timeout", {.min = seconds(1), .max = hours(1)});
  if (!cleanup.ok()) return cleanup.error();
  plan.cleanup_timeout = *cleanup;
  if (!o.scope.empty()) {
    if (auto st = validate_scope(o.scope); !st.ok()) return st.error();
    plan.scope = o.scope;
  }

  if (plan.mode == Mode::kSmoke) {
    if (auto st = validate_smoke(o, env, plan); !st.ok()) return st.error();
  }

  if (auto token = env.get("FLY_API_TOKEN")) {
    plan.fly.token = *token;
    plan.fly.credential = "FLY_API_TOKEN";
  } else if (auto access = env.get("FLY_ACCESS_TOKEN")) {
    plan.fly.token = *access;
    plan.fly.credential = "FLY_ACCESS_TOKEN";
  } else {
    return core::Error::usage("no Fly token: set FLY_API_TOKEN (or FLY_ACCESS_TOKEN)");
  }
  plan.fly.base_url = env.get_or("FLY_API_URL", "https://api.machines.dev");
  plan.run_id = env.get_or("GITHUB_RUN_ID", "local");
  plan.run_attempt = env.get_or("GITHUB_RUN_ATTEMPT", "1");
  plan.job = env.get_or("GITHUB_JOB", "");
  plan.repository = env.get_or("GITHUB_REPOSITORY", "");
  return plan;
}

}  // namespace flypin::cmd::smoke_machine
