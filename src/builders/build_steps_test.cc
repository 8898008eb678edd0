#include "builders/build_steps.h"

#include <gtest/gtest.h>

namespace flypin::build {
namespace {

TEST(BuildSteps, BuildahStepsAndCacheHits) {
  // As buildah 1.28 prints them with --layers and a remote cache.
  const std::string out =
      "STEP 1/4: FROM 127.0.0.1:5000/base:1\n"
      "STEP 2/4: COPY deps.sh /deps.sh\n"
      "--> Cache pulled from remote 127.0.0.1:5000/app-buildcache:ac65\n"
      "--> Using cache ad064ca57f2374cb431ebf2578188efbd15da38043db7ddd73243607e67cc164\n"
      "--> ad064ca57f2\n"
      "STEP 3/4: RUN sh /deps.sh\n"
      "--> Using cache 4a7cac13afbbbe44a546968723e0d22fded8adf0c5f960f4eb378274617c7c30\n"
      "STEP 4/4: COPY app.txt /app.txt\n"
      "COMMIT 127.0.0.1:5000/app:v2\n"
      "--> Pushing cache 127.0.0.1:5000/app-buildcache:5d8d\n";
  auto steps = parse_build_steps(out);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].step, "2/4 COPY deps.sh /deps.sh");
  EXPECT_EQ(steps[0].cache, StepCache::kCached);
  EXPECT_EQ(steps[1].cache, StepCache::kCached);
  EXPECT_EQ(steps[2].step, "4/4 COPY app.txt /app.txt");
  EXPECT_EQ(steps[2].cache, StepCache::kBuilt);
  EXPECT_EQ(cache_hits_line(steps), "2 of 3 steps from the cache");
}

TEST(BuildSteps, BuildKitPlainProgress) {
  // As docker 20.10's BuildKit prints `--progress plain`, steps interleaved.
  const std::string out =
      "#1 [internal] load build definition from Dockerfile\n"
      "#1 DONE 0.0s\n"
      "#3 importing cache manifest from 127.0.0.1:5000/app:buildcache\n"
      "#7 [auth] e2e/base:pull token for 127.0.0.1:5000\n"
      "#4 [1/3] FROM 127.0.0.1:5000/base:1@sha256:aa\n"
      "#5 [2/3] RUN sh /deps.sh\n"
      "#6 [stage-1 3/3] COPY app.txt /app.txt\n"
      "#5 CACHED\n"
      "#6 sha256:02e1\n"
      "#6 DONE 0.6s\n"
      "#5 [2/3] RUN sh /deps.sh\n";
  auto steps = parse_build_steps(out);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].step, "2/3 RUN sh /deps.sh");
  EXPECT_EQ(steps[0].cache, StepCache::kCached);
  EXPECT_EQ(steps[1].step, "stage-1 3/3 COPY app.txt /app.txt");
  EXPECT_EQ(steps[1].cache, StepCache::kBuilt);
}

TEST(BuildSteps, OutputWithoutStepsHasNone) {
  EXPECT_TRUE(parse_build_steps("").empty());
  EXPECT_TRUE(parse_build_steps("Getting image source signatures\nCopying blob sha256:aa\n#\n# x\n").empty());
}

}  // namespace
}  // namespace flypin::build
