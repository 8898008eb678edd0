#pragma once
// pin-image's inputs, parsed once: validate() finds every usage or
// configuration error (exit 2) before any network call, and run() uses the
// Plan as it is.

#include <string>

#include "cmd/pin-image/options.h"
#include "core/environment.h"
#include "core/result.h"
#include "registry/platform.h"
#include "registry/reference.h"

namespace flypin::cmd::pin_image {

enum class Mode { kPin, kDryRun, kCheckOnly };
/// What the secret names: the reference as given, or its repository @ the resolved digest (--pin-digest).
enum class WriteAs { kReference, kDigest };

struct Plan {
  Mode mode = Mode::kPin;
  registry::Reference image;
  std::string project_ref;
  std::string secret_name;
  registry::Platform platform;
  WriteAs write_as = WriteAs::kReference;
  std::string token;    // SUPABASE_ACCESS_TOKEN ("" with --dry-run): a secret, never printed
  std::string api_url;  // SUPABASE_API_URL, else the public API
};

/// Flags, reference, tag policy, project ref, secret name, platform and the
/// token. Any failure is a usage error.
core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::pin_image
