#include "cmd/pin-image/options.h"

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
  app.add_flag("--json", o.json, "Print the results as one JSON object on stdout");
  app.footer(R"(Environment:
  SUPABASE_ACCESS_TOKEN   Supabase Management API token (required unless --dry-run)
  SUPABASE_API_URL        API base URL (default https://api.supabase.com)
  REGISTRY_USERNAME, REGISTRY_PASSWORD
                          registry credentials; else the docker config
                          ($DOCKER_CONFIG/config.json or ~/.docker/config.json),
                          FLY_API_TOKEN for registry.fly.io, else anonymous
  GITHUB_OUTPUT, GITHUB_STEP_SUMMARY
                          when set, results are written there too

Outputs: image, digest, secret-name, changed, verified, secret-digest
(also on failure: changed=true with verified=false means the secret was
written but the read-back did not confirm it)
Exit status: 0 pinned (or already pinned); 1 the check or the write failed
(with --check-only: also when the secret does not name this image);
2 usage or configuration error, before any network call; 130/143 interrupted.)");
}

}  // namespace flypin::cmd::pin_image
