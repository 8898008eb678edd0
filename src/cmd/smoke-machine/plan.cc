#include "cmd/smoke-machine/plan.h"

#include "cmd/common/flag_values.h"
#include "cmd/smoke-machine/input_checks.h"
#include "core/duration.h"
#include "fly/access.h"
#include "fly/validation.h"
#include "registry/digest.h"
#include "registry/reference.h"

namespace flypin::cmd::smoke_machine {

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

// Sizes, ports and choices, the one home of their ranges: checked in every
// mode (a --reap with --cpus many is as wrong as a smoke with it).
core::Status validate_ranges(const Options& o, Plan& plan) {
  if (!o.cpu_kind.empty()) {
    if (auto st = check_choice(o.cpu_kind, "--cpu-kind", {"shared", "performance"}); !st.ok()) return st;
    plan.guest.cpu_kind = o.cpu_kind;
  }
  if (!o.cpus.empty()) {
    auto cpus = whole_number_flag(o.cpus, "--cpus", {1, 64});
    if (!cpus.ok()) return cpus.error();
    plan.guest.cpus = *cpus;
  }
  if (!o.memory_mb.empty()) {
    auto memory = whole_number_flag(o.memory_mb, "--memory-mb", {128, 262144});
    if (!memory.ok()) return memory.error();
    plan.guest.memory_mb = *memory;
  }
  auto port = whole_number_flag(o.port, "--port", {1, 65535});
  if (!port.ok()) return port.error();
  plan.port = *port;
  if (auto st = check_choice(o.health_via, "--health-via", {"checks", "proxy"}); !st.ok()) return st;
  plan.health_via = o.health_via == "proxy" ? HealthVia::kProxy : HealthVia::kChecks;
  auto lines = whole_number_flag(o.log_lines, "--log-lines", {0, 1000});
  if (!lines.ok()) return lines.error();
  plan.log_lines = static_cast<std::size_t>(*lines);
  return core::ok_status();
}

// The machine's logs, read on failure and while waiting for health.
core::Status validate_logs(const Options& o, const core::Environment& env, Plan& plan) {
  auto wait = duration_flag(o.logs_wait, "--logs-wait", {.min = milliseconds(0), .max = std::chrono::minutes(5)});
  if (!wait.ok()) return wait.error();
  plan.logs_wait = *wait;
  plan.log_stream = o.quiet_logs ? LogStream::kQuiet : LogStream::kShow;
  if (auto st = validate_base_url(fly::logs_api_url(env), "FLY_LOGS_API_URL"); !st.ok()) return st;
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
  if (o.cpus.empty()) return core::Error::usage("--cpus is required");
  if (o.memory_mb.empty()) return core::Error::usage("--memory-mb is required");
  if (auto st = validate_health_path(o.health_path); !st.ok()) return st;
  plan.image = *ref;
  plan.region = o.region;
  plan.health_path = o.health_path;
  if (!o.proxy_url.empty() && plan.health_via != HealthVia::kProxy) {
    return core::Error::usage(
        "--proxy-url goes with --health-via proxy (with checks, Fly's own check probes the "
        "machine and no proxy is used)");
  }
  // The proxy routes only to machines with services, and balances an app's public traffic over
  // every started one that has them (FIDELITY P1, P3): in the users' app, their requests would
  // reach the untested image. Only a separate app keeps them apart (P6).
  if (plan.health_via == HealthVia::kProxy && (o.smoke_app.empty() || o.smoke_app == o.app)) {
    return core::Error::usage(
        "--health-via proxy gives the smoke machine services, and the Fly proxy would send requests of app " + o.app +
        "'s users to the untested image: give --smoke-app, a separate app for smoke machines");
  }
  plan.proxy_url = o.proxy_url.empty() ? "https://" + plan.app + ".fly.dev" : o.proxy_url;
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
  plan.check_interval = *interval;

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
  // An image pinned by digest must boot that digest, as --expect-digest would say.
  if (!o.expect_digest.empty()) {
    plan.expect_digest = o.expect_digest;
  } else if (plan.image.pinned_by_digest()) {
    plan.expect_digest = plan.image.digest;
  }
  plan.on_failure = o.keep_on_failure ? OnFailure::kKeep : OnFailure::kDestroy;
  plan.restart_check = o.restart_check ? RestartCheck::kYes : RestartCheck::kNo;
  return validate_logs(o, env, plan);
}

}  // namespace

core::Result<Plan> validate(const Options& o, const core::Environment& env) {
  Plan plan;
  plan.mode = o.reap ? Mode::kReap : Mode::kSmoke;
  if (o.app.empty()) return core::Error::usage("--app is required");
  if (auto st = fly::validate_app_name(o.app); !st.ok()) return st.error();
  if (!o.smoke_app.empty()) {
    if (auto st = fly::validate_app_name(o.smoke_app); !st.ok())
      return core::Error::usage("--smoke-app: " + st.error().message);
  }
  plan.for_app = o.app;
  plan.app = o.smoke_app.empty() ? o.app : o.smoke_app;
  if (auto st = validate_ranges(o, plan); !st.ok()) return st.error();

  if (plan.mode == Mode::kSmoke && (o.this_run || !o.older_than.empty())) {
    return core::Error::usage(std::string(o.this_run ? "--this-run" : "--older-than") +
                              " goes with --reap (a smoke destroys its own machine)");
  }
  auto older = duration_flag(o.older_than.empty() ? "1h" : o.older_than, "--older-than", {});
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

  if (auto st = fly::configure_access(env, plan.fly, plan.logs); !st.ok()) return st.error();
  plan.run_id = env.get_or("GITHUB_RUN_ID", "local");
  plan.run_attempt = env.get_or("GITHUB_RUN_ATTEMPT", "1");
  plan.job = env.get_or("GITHUB_JOB", "");
  plan.repository = env.get_or("GITHUB_REPOSITORY", "");
  return plan;
}

}  // namespace flypin::cmd::smoke_machine
