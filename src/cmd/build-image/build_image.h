#pragma once
// build-image: build, push, then prove through the registry API that the tag
// exists and which digest it names, before reporting anything.
#include <string>
#include <vector>

#include "builders/build_steps.h"
#include "cmd/build-image/deps.h"
#include "cmd/build-image/plan.h"
#include "cmd/common/run_result.h"

namespace flypin::cmd::build_image {

struct Outcome {
  std::string image;  // repository:tag
  std::string tag;
  std::string digest;        // as the registry reports it
  std::string image_pinned;  // repository@digest
  std::string builder;
  std::string builder_reason;
  std::string reported_digest;  // what the builder said ("" when it said nothing)
  std::string cache;            // the cache the build used, e.g. "registry 127.0.0.1:5000/app:buildcache", "none"
  std::vector<build::StepReport> steps;  // what the builder reported of each step
};

using Result = RunResult<Outcome>;

/// The whole flow for a validated Plan; a failure keeps what was known (tag, builder).
Result run(const Plan& plan, Deps& deps);

}  // namespace flypin::cmd::build_image
