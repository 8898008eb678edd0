#include "cmd/pin-image/options.h"

#include <CLI/CLI.hpp>

namespace flypin::cmd::pin_image {

void add_flags(CLI::App& app, Options& o) {
  app.add_option("--image", o.image, "Image to pin: REPO:deployment-<ULID>, REPO@sha256:..., or REPO:TAG@sha256:...")
      ->option_text("REF");
  app.add_option("--project-ref", o.project_ref, "Supabase project ref (20 lowercase letters)")->option_text("REF");
  app.add_option("--secret-name", o.secret_name, "Edge Function secret to set")->option_text("NAME");
  app.add_option("--platform", o.platform, "Platform that must be present in an image index")->option_text("OS/ARCH");
  app.add_flag("--pin-digest", o.pin_digest, "Write REPO@sha256:... instead of the tag");
  app.add_flag("--allow-mutable-tag", o.allow_mutable_tag, "Accept tags such as 'latest' that can move");
  app.add_flag("--dry-run", o.dry_run, "Validate and print the plan; no network call");
  app.add_flag("--check-only", o.check_only, "Verify the registry and the current secret; write nothing");
  app.add_option("--environment", o.environment, "GitHub deployment environment (default supabase-<project ref>)")
      ->option_text("NAME");
  app.add_flag("--allow-older", o.allow_older, "Pin even when the live image was built after this one");
  app.add_flag("--require-known-live", o.require_known_live,
               "Fail when the live image cannot be identified (default: warn and go on)");
  app.add_flag("--status", o.status, "Report the live image and the previous pins; write nothing");
  app.add_flag("--rollback", o.rollback, "Pin the pin made before the live one (or --to IMAGE)");
  app.add_option("--to", o.rollback_to, "With --rollback: the image to roll back to")->option_text("REF");
  app.add_option("--image-repository", o.image_repository,
                 "With --status/--rollback: the repository whose tag list names candidates (REGISTRY/PATH)")
      ->option_text("REPO");
  app.add_option("--keep", o.keep,
                 "Keep the live image and the N newest earlier pins in the registry, each referenced by a "
                 "never-started keeper machine (with --status: the rollback targets checked, default 3)")
      ->option_text("N");
  app.add_option("--keeper-app", o.keeper_app, "Fly app of the keeper machines (default: FLY_APP)")->option_text("APP");
  app.add_flag("--fail-if-missing", o.fail_if_missing,
               "With --status: exit 1 when the live image or one of the --keep newest earlier pins is gone");
  app.footer(R"(Environment:
  SUPABASE_ACCESS_TOKEN   Supabase Management API token (required unless --dry-run)
  SUPABASE_API_URL        API base URL (default https://api.supabase.com)
  REGISTRY_USERNAME, REGISTRY_PASSWORD
                          registry credentials, for the registries of --image,
                          --to and --image-repository and those REGISTRY_HOST
                          lists (comma-separated) only, never one a deployment
                          names; else the docker config ($DOCKER_CONFIG/
                          config.json or ~/.docker/config.json), FLY_API_TOKEN
                          for registry.fly.io, else anonymous
  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
                          when set, results are written there too
  GITHUB_TOKEN            when set (with GITHUB_REPOSITORY, GITHUB_SHA), each
                          pin is recorded as a GitHub deployment; the history
                          also names the live image (needs deployments: write)
  GITHUB_API_URL, GITHUB_SERVER_URL, GITHUB_RUN_ID
                          API base (default https://api.github.com) and the
                          run's URL for the deployment's log_url
  FLY_API_TOKEN (or FLY_ACCESS_TOKEN), FLY_API_URL, FLY_APP
                          with --keep: the Machines API the keepers are made
                          in, and the app (unless --keeper-app); with --status:
                          the keepers are listed when a token is set

Outputs: image, digest, secret-name, changed, verified, secret-digest,
build-time, deployment-id (also on failure: changed=true with verified=false
means the secret was written but the read-back did not confirm it); with
--keep: keepers (JSON), keeper-warnings; with --status: secret-name,
secret-digest, live-image, live-digest, live-build-time, pinned-at, live-commit,
live-run-url, previous-images, live-platform, pins (JSON), missing, unkept
Exit status: 0 pinned (or already pinned); 1 the check or the write failed
(with --check-only: also when the secret does not name this image);
(also: an image built before the live one without --allow-older, or
another writer changed the secret right after this run's write);
With --status --fail-if-missing: 1 when the live image or one of the --keep
(default 3) newest earlier pins is gone from its registry, naming each.
A keeper machine that cannot be made or removed is a warning: the pin stands.
2 usage or configuration error, before any network call; 130/143 interrupted.)");
}

}  // namespace flypin::cmd::pin_image
