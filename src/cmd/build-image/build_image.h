#pragma once
// build-image: build, push, then prove through the registry API that the tag
// exists and which digest it names, before reporting anything.
#include <cstdio>
#include <string>

#include "cmd/build-image/plan.h"
#include "core/clock.h"
#include "core/environment.h"
#include "core/http.h"
#include "core/process.h"
#include "core/result.h"
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

struct Outcome {
  std::string image;  // repository:tag
  std::string tag;
  std::string digest;        // as the registry reports it
  std::string image_pinned;  // repository@digest
  std::string builder;
  std::string builder_reason;
  std::string reported_digest;  // what the builder said ("" when it said nothing)
};

/// The whole flow for a validated Plan.
core::Result<Outcome> run(const Plan& plan, Deps& deps);

}  // namespace flypin::cmd::build_image
