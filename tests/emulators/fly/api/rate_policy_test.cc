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

TEST(RatePolicy, ReadsMayGoFasterThanChanges) {
  for (const char* read : {"get", "list", "wait", "events"}) {
    EXPECT_EQ(rule_for(read).rate, 5.0) << read;
    EXPECT_EQ(rule_for(read).burst, 10.0) << read;
  }
  for (const char* change : {"create", "update", "stop", "start", "restart", "delete"}) {
    EXPECT_EQ(rule_for(change).rate, 1.0) << change;
    EXPECT_EQ(rule_for(change).burst, 3.0) << change;
  }
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
