#include "cmd/roll-machines/options.h"

#include <CLI/CLI.hpp>

namespace flypin::cmd::roll_machines {

void add_flags(CLI::App& app, Options& o) {
  app.add_option("--app", o.app, "Fly app whose machines follow the pin")->option_text("APP");
  app.add_option("--image", o.image, "The pinned image: REPO:TAG, REPO@sha256:... or REPO:TAG@sha256:...")
      ->option_text("REF");
  app.add_option("--select", o.select, "Only machines whose metadata has KEY=VALUE (repeatable)")
      ->option_text("KEY=VALUE");
  app.add_option("--project-ref", o.project_ref,
                 "Supabase project: first prove --image is what its secret names (never roll to anything else)")
      ->option_text("REF");
  app.add_option("--secret-name", o.secret_name, "Edge Function secret holding the pin")->option_text("NAME");
  app.add_option("--platform", o.platform, "Platform resolved in an image index")->option_text("OS/ARCH");
  app.add_option("--update", o.update,
                 "none: the report only (the default); stopped: stopped machines get the pin in place and stay "
                 "stopped; all: running ones too, canary first")
      ->option_text("none|stopped|all");
  app.add_option("--canary", o.canary, "With --update all: machines updated and proven healthy first (1..100) [1]")
      ->option_text("N");
  app.add_option("--concurrency", o.concurrency, "With --update stopped or all: machines updated at once (1..32) [4]")
      ->option_text("N");
  app.add_option("--wait-timeout", o.wait_timeout,
                 "With --update all: how long a machine may take to be healthy (5s to 1h) [120s]")
      ->option_text("DURATION");
  app.add_flag("--fail-on-drift", o.fail_on_drift, "Exit 1 when a selected machine is not on the pin (report)");
  app.footer(R"(Environment:
  FLY_API_TOKEN / FLY_ACCESS_TOKEN  Fly token (required; masked, never printed)
  FLY_API_URL                       Machines API base URL [https://api.machines.dev]
  FLY_LOGS_API_URL                  logs API base URL [https://api.fly.io]
  SUPABASE_ACCESS_TOKEN             with --project-ref: Management API token
  SUPABASE_API_URL                  API base URL (default https://api.supabase.com)
  REGISTRY_USERNAME, REGISTRY_PASSWORD
                                    registry credentials, for --image's registry
                                    and those REGISTRY_HOST lists only (else the
                                    docker config)
  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
                                    when set, results are written there too

Outputs: image, digest, pin-verified, total, current, drifted, drifted-ids,
updated, already-on-pin, skipped-leased, skipped-changed, skipped-gone
(destroyed since listed), skipped-unknown (host not ok: never updated blind),
failed, restored, interrupted (left mid-roll by a signal),
report (JSON: counts per digest and state, drifted machines)
Smoke machines (metadata flypin_smoke=true) and pin-image's keepers
(flypin_keeper=true) are never selected.
Exit status: 0 done (report: also with drift, unless --fail-on-drift);
1 drift with --fail-on-drift, the image is not the pin, or an update failed
(the failed machine's previous config restored, its log lines shown);
2 usage or configuration error, before any network call; 130/143 interrupted
(a canary in hand finished or restored, the machines in flight consistent).)");
}

}  // namespace flypin::cmd::roll_machines
