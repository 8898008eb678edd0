#pragma once
// pin-image's inputs, parsed once: validate() finds every usage or
// configuration error (exit 2) before any network call, and run() uses the
// Plan as it is.

#include <optional>
#include <string>

#include "cmd/pin-image/options.h"
#include "core/environment.h"
#include "core/result.h"
#include "fly/client.h"
#include "registry/credentials.h"
#include "registry/platform.h"
#include "registry/reference.h"

namespace flypin::cmd::pin_image {

enum class Mode { kPin, kDryRun, kCheckOnly, kStatus, kRollback };
/// What the secret names: the reference as given, or its repository @ the resolved digest (--pin-digest).
enum class WriteAs { kReference, kDigest };

/// --allow-older: the freshness guard (freshness.h) is skipped.
enum class Freshness { kGuard, kAllowOlder };
/// --require-known-live: what to do when the live image cannot be identified.
enum class UnknownLive { kWarn, kFail };

/// Where pins are recorded (GitHub Deployments); no token: not recorded.
struct HistoryPlan {
  std::string token;  // GITHUB_TOKEN: a secret, never printed; "" for none
  std::string api_url;
  std::string repository;   // GITHUB_REPOSITORY
  std::string sha;          // GITHUB_SHA: the deployment's ref
  std::string run_url;      // GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID, or ""
  std::string environment;  // --environment, default supabase-<project ref>
  /// Why there is no history ("" when there is one), for the one-line warning.
  std::string missing;
};

/// --keep: whether a pin keeps its images referenced by keeper machines (keepers.h).
enum class Upkeep { kOff, kKeep };
/// --fail-if-missing: whether --status fails when an image of the window is gone.
enum class Missing { kReport, kFail };

/// Retention (--keep, --keeper-app) and what --status checks of it.
struct RetentionPlan {
  Upkeep upkeep = Upkeep::kOff;
  /// The earlier pins kept besides the live image; with --status, the rollback targets checked.
  int keep = 3;
  Missing missing = Missing::kReport;
  /// --keeper-app, else FLY_APP; "" when neither (then --status lists no keepers).
  std::string app;
  /// The Machines API and its token (FLY_API_TOKEN or FLY_ACCESS_TOKEN: a secret, never
  /// printed); token "" when none (then --status lists no keepers).
  fly::ClientSettings fly;
};

struct Plan {
  Mode mode = Mode::kPin;
  registry::Reference image;
  std::string project_ref;
  std::string secret_name;
  registry::Platform platform;
  WriteAs write_as = WriteAs::kReference;
  std::string token;    // SUPABASE_ACCESS_TOKEN ("" with --dry-run): a secret, never printed
  std::string api_url;  // SUPABASE_API_URL, else the public API
  Freshness freshness = Freshness::kGuard;
  UnknownLive unknown_live = UnknownLive::kWarn;
  HistoryPlan history;
  /// --status and --rollback: the repository whose tag list names candidates (--image-repository).
  std::optional<registry::Reference> image_repository;
  /// --rollback --to: the image to pin; none: the pin before the live one.
  std::optional<registry::Reference> rollback_to;
  /// Where REGISTRY_USERNAME/REGISTRY_PASSWORD may go: the registries of --image,
  /// --to and --image-repository, and REGISTRY_HOST. Never one a deployment names.
  registry::CredentialScope credentials;
  RetentionPlan retention;
};

/// Flags, reference, tag policy, project ref, secret name, platform and the
/// token. Any failure is a usage error.
core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::pin_image
