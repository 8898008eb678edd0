#pragma once
// The seams pin-image's run() reaches the world through: the real ones from
// cmd::World (program.cc), stand-ins in tests. One HTTP client per API, so
// that a test can script each.

#include "core/clock.h"
#include "core/environment.h"
#include "core/http.h"
#include "core/process.h"
#include "gha/actions_io.h"

namespace flypin::cmd::pin_image {

struct Deps {
  core::HttpClient& registry_http;
  core::HttpClient& supabase_http;
  core::HttpClient& github_http;
  core::HttpClient& fly_http;  // keepers (--keep, --status)
  core::Clock& clock;
  core::ProcessRunner& processes;  // docker credential helpers
  const core::Environment& env;
  gha::ActionsIO& io;
};

}  // namespace flypin::cmd::pin_image
