#pragma once
// pin-image: prove the image exists in its registry, then pin it in the
// Edge Function secret, and read the secret back.

#include <optional>
#include <string>

#include "cmd/pin-image/plan.h"
#include "core/environment.h"
#include "core/http.h"
#include "core/process.h"
#include "core/result.h"
#include "gha/actions_io.h"

namespace flypin::cmd::pin_image {

struct Deps {
  core::HttpClient& registry_http;
  core::HttpClient& supabase_http;
  core::ProcessRunner& processes;  // docker credential helpers
  const core::Environment& env;
  gha::ActionsIO& io;
};

struct Outcome {
  std::string image;   // the value written (or that would be written)
  std::string digest;  // resolved manifest digest ("" on --dry-run)
  std::string secret_name;
  bool changed = false;       // the secret was written, whether or not the read-back confirmed it
  bool verified = false;      // the API lists sha256(image) for the secret
  std::string secret_digest;  // sha256 hex of the value, as the API lists it
  bool in_sync = false;       // the secret already named this image
};

/// What a run did, and what stopped it: a failure still says whether the
/// secret was changed (F7: never leave the reader guessing).
struct Report {
  Outcome outcome;
  std::optional<core::Error> error;
};

/// The whole flow for a validated Plan.
Report run(const Plan& plan, Deps& deps);

}  // namespace flypin::cmd::pin_image
