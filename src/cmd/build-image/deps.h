#pragma once
// The seams build-image's run() reaches the world through: the real ones
// from cmd::World (program.cc), stand-ins in tests.

#include <cstdio>

#include "core/clock.h"
#include "core/environment.h"
#include "core/http.h"
#include "core/process.h"
#include "gha/actions_io.h"

namespace flypin::cmd::build_image {

struct Deps {
  core::ProcessRunner& processes;  // the builder and docker credential helpers
  core::HttpClient& registry_http;
  const core::Environment& env;
  gha::ActionsIO& io;
  core::Clock& clock;
  std::FILE* builder_output = stderr;  // where the builder's lines are streamed
};

}  // namespace flypin::cmd::build_image
