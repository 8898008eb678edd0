#pragma once
// pin-image's inputs, parsed once: validate() finds every usage or
// configuration error (exit 2) before any network call, and run() uses the
// Plan as it is.

#include <optional>
#include <string>

#include "cmd/pin-image/options.h"
#include "core/environment.h"
#include "core/result.h"
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
};

/// Flags, reference, tag policy, project ref, secret name, platform and the
/// token. Any failure is a usage error.
core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::pin_image
