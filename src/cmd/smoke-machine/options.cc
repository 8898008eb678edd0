#include "cmd/smoke-machine/options.h"

#include <CLI/CLI.hpp>

namespace flypin::cmd::smoke_machine {

void add_flags(CLI::App& app, Options& o) {
  app.add_option("--app", o.app, "Fly app the image is for, where the machine goes unless --smoke-app (required)");
  app.add_option("--smoke-app", o.smoke_app,
                 "A separate Fly app for smoke machines (same organization): no request of the --app's users can "
                 "reach one there, by its proxy or its .internal name; required with --health-via proxy");
  app.add_option("--image", o.image,
                 "Image to boot, e.g. registry.fly.io/app:deployment-01J... or repo@sha256:... (required)");
  app.add_option("--region", o.region, "Fly region, e.g. sin; always explicit and verified (required)");
  app.add_option("--cpu-kind", o.cpu_kind, "shared or performance; verified against what the API reports (required)");
  app.add_option("--cpus", o.cpus, "Number of CPUs, 1 to 64 (required)");
  app.add_option("--memory-mb", o.memory_mb, "Memory in MB, 128 to 262144 (required)");
  app.add_option("--port", o.port, "Port the app serves on inside the machine");
  app.add_option("--health-path", o.health_path, "HTTP path that must answer 2xx");
  app.add_option("--health-via", o.health_via,
                 "checks: a Fly machine check (no services: no proxy traffic); proxy: GET through the Fly proxy, "
                 "which needs services on the machine, so only in --smoke-app");
  app.add_option("--proxy-url", o.proxy_url,
                 "Base URL of the Fly proxy for --health-via proxy [https://<smoke-app>.fly.dev]");
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
  app.add_option("--older-than", o.older_than, "With --reap: the age threshold [1h] (in --smoke-app when given)");
  app.add_flag("--this-run", o.this_run, "With --reap: only machines of this workflow run (GITHUB_RUN_ID/ATTEMPT)");
  app.add_option("--scope", o.scope,
                 "An id recorded on the machine; with --reap, only machines carrying it (one per step of a job)");
  app.add_option("--log-lines", o.log_lines,
                 "On failure, print this many of the machine's last log lines (0: none, at most 1000)");
  app.add_option("--logs-wait", o.logs_wait,
                 "On failure, wait this long for the machine's last log lines to arrive (0s to 5m)");
  app.add_flag("--quiet-logs", o.quiet_logs, "Do not show the app's log lines while waiting for health");
  app.footer(
      "Environment:\n"
      "  FLY_API_TOKEN / FLY_ACCESS_TOKEN  Fly token (required; masked, never printed)\n"
      "  FLY_API_URL                       Machines API base URL [https://api.machines.dev]\n"
      "  FLY_LOGS_API_URL                  Fly logs API base URL [https://api.fly.io]\n"
      "  GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_JOB, GITHUB_REPOSITORY  recorded in the machine's metadata\n"
      "  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY                    outputs and summary under Actions\n"
      "Outputs: machine-id, region, image-digest, boot-ms, healthy-ms; logs (JSON, on failure), logs-note;\n"
      "leftover-machine-id (a machine that could\n"
      "not be destroyed, also named on the last line with the command that removes it);\n"
      "with --reap: reaped (how many), reaped-ids.\n"
      "Exit status: 0 healthy; 1 the smoke failed; 2 usage/configuration; 130/143 interrupted (after cleanup).");
}

}  // namespace flypin::cmd::smoke_machine
