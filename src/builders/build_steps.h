#pragma once
// Which Dockerfile steps a build took from its cache, read from the builder's
// own progress: buildah's `STEP n/N: ...` followed by `--> Using cache`, and
// BuildKit's plain progress `#k [n/N] ...` followed by `#k CACHED`. FROM steps
// and BuildKit's internal steps are not listed.
#include <string>
#include <vector>

namespace flypin::build {

enum class StepCache { kBuilt, kCached };

struct StepReport {
  std::string step;  // "2/4 RUN npm ci", as the builder names it
  StepCache cache = StepCache::kBuilt;
};

/// The steps in the order the builder started them.
std::vector<StepReport> parse_build_steps(const std::string& output);

/// "2 of 3 steps from the cache", for the log.
std::string cache_hits_line(const std::vector<StepReport>& steps);

}  // namespace flypin::build
