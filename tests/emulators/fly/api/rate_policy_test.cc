#include "emulators/fly/api/rate_policy.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

TEST(RatePolicy, NamesTheActionARequestCountsAgainst) {
  EXPECT_EQ(action_of("POST", "/v1/apps/a/machines"), "create");
  EXPECT_EQ(action_of("GET", "/v1/apps/a/machines"), "list");
  EXPECT_EQ(action_of("GET", "/v1/apps/a/machines/0123"), "get");
  EXPECT_EQ(action_of("POST", "/v1/apps/a/machines/0123"), "update");
  EXPECT_EQ(action_of("DELETE", "/v1/apps/a/machines/0123"), "delete");
  EXPECT_EQ(action_of("GET", "/v1/apps/a/machines/0123/wait"), "wait");
  EXPECT_EQ(action_of("POST", "/v1/apps/a/machines/0123/stop"), "stop");
  EXPECT_EQ(action_of("POST", "/v1/apps/a/machines/0123/lease"), "lease");
  EXPECT_EQ(action_of("DELETE", "/v1/apps/a/machines/0123/lease"), "lease");
  EXPECT_EQ(action_of("GET", "/v1/apps/a/machines/0123/lease"), "get");
}

TEST(RatePolicy, CountsPerMachineElsePerApp) {
  EXPECT_EQ(scope_of("/v1/apps/a/machines/0123/stop"), "machine:0123");
  EXPECT_EQ(scope_of("/v1/apps/a/machines/0123"), "machine:0123");
  EXPECT_EQ(scope_of("/v1/apps/a/machines"), "app:a");
  EXPECT_EQ(scope_of("/api/v1/apps/a/logs"), "app:a");
}

// "1 request, per second, per action ... burst limit up to 3 req/s ... except Get Machine which is
// 5 req/s, with a short-term burst limit up to 10 req/s" (FIDELITY R1).
TEST(RatePolicy, OnlyGetMachineGoesFasterAsTheDocsSay) {
  EXPECT_EQ(rule_for("get").rate, 5.0);
  EXPECT_EQ(rule_for("get").burst, 10.0);
  for (const char* other :
       {"list", "wait", "events", "lease", "create", "update", "stop", "start", "restart", "delete"}) {
    EXPECT_EQ(rule_for(other).rate, 1.0) << other;
    EXPECT_EQ(rule_for(other).burst, 3.0) << other;
  }
  EXPECT_TRUE(rate_limited("list"));
  EXPECT_FALSE(rate_limited("logs")) << "the logs API is another service, with no documented limit";
}

TEST(RateLimiter, BurstThenThrottlePerScopeAndAction) {
  RateLimits limiter;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.admit("machine:1", "create"), 0);
  EXPECT_GE(limiter.admit("machine:1", "create"), 1);
  EXPECT_EQ(limiter.admit("machine:1", "stop"), 0);
  EXPECT_EQ(limiter.admit("machine:2", "create"), 0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.admit("machine:1", "get"), 0);
  EXPECT_GE(limiter.admit("machine:1", "get"), 1);
}

}  // namespace
}  // namespace flypin::emulators::fly
