#pragma once

#include <string>

#include "cmd/pin-image/options.h"
#include "core/environment.h"
#include "core/http.h"
#include "core/process.h"
#include "core/result.h"
#include "gha/actions_io.h"

namespace flypin::cmd::pin {

struct Deps {
  core::HttpClient& registry_http;
  core::HttpClient& supabase_http;
  core::ProcessRunner& processes;  // docker credential helpers
  const core::Environment& env;
  gha::ActionsIO& io;
};

struct Outcome {
  std::string image;          // the value written (or that would be written)
  std::string digest;         // resolved manifest digest ("" on --dry-run)
  std::string secret_name;
  bool changed = false;
  std::string secret_digest;  // sha256 hex of the value, as the API lists it
  bool in_sync = false;       // the secret already named this image
};

/// Validation that needs no network: flags, reference, tag policy, project
/// ref, secret name, platform and the token. Any failure is a usage error.
core::Status validate(const Options& options, const core::Environment& env);

/// The whole flow for a validated Options.
core::Result<Outcome> run(const Options& options, Deps& deps);

}  // namespace flypin::cmd::pin
