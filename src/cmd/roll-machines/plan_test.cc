#include "cmd/roll-machines/plan.h"

#include <gtest/gtest.h>

namespace flypin::cmd::roll_machines {
namespace {

using EnvMap = std::map<std::string, std::string>;

Options good() {
  Options o;
  o.app = "my-app";
  o.image = "registry.example/team/app:deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
  return o;
}

core::Environment env() { return core::Environment(EnvMap{{"FLY_API_TOKEN", "tok-123"}}); }

TEST(RollMachinesPlan, AReportNeedsAppImageAndAFlyToken) {
  auto plan = validate(good(), env());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->update, Update::kReport);
  EXPECT_EQ(plan->concurrency, 4);
  EXPECT_FALSE(validate(good(), core::Environment(EnvMap{})).ok());
}

TEST(RollMachinesPlan, UpdateNoneIsTheReport) {
  Options o = good();
  o.update = "none";
  auto plan = validate(o, env());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->update, Update::kReport);
}

TEST(RollMachinesPlan, BadInputIsOneUsageLine) {
  struct Bad {
    void (*change)(Options&);
    const char* needle;
  };
  for (const auto& bad : {
           Bad{+[](Options& o) { o.update = "everything"; }, "--update"},
           Bad{+[](Options& o) { o.select = {"novalue"}; }, "--select"},
           Bad{+[](Options& o) {
                 o.update = "all";
                 o.concurrency = "0";
               },
               "--concurrency must be a whole number from 1 to 32, got '0'"},
           Bad{+[](Options& o) {
                 o.update = "all";
                 o.canary = "abc";
               },
               "--canary must be a whole number from 1 to 100, got 'abc'"},
           Bad{+[](Options& o) { o.app = ""; }, "--app"},
           Bad{+[](Options& o) { o.project_ref = "abcdefghijklmnopqrst"; }, "SUPABASE_ACCESS_TOKEN"},
           Bad{+[](Options& o) {
                 o.update = "all";
                 o.fail_on_drift = true;
               },
               "--fail-on-drift"},
       }) {
    Options o = good();
    bad.change(o);
    auto plan = validate(o, env());
    ASSERT_FALSE(plan.ok()) << bad.needle;
    EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(plan.error().message.find(bad.needle), std::string::npos) << plan.error().message;
    EXPECT_EQ(plan.error().message.find('\n'), std::string::npos);
  }
}

TEST(RollMachinesPlan, FlagsThatMeanNothingWithTheUpdateModeAreUsageErrors) {
  auto refused = [](Options o) {
    auto plan = validate(o, env());
    EXPECT_FALSE(plan.ok());
    return plan.ok() ? std::string() : plan.error().message;
  };
  auto o = good();
  o.canary = "2";
  EXPECT_EQ(refused(o), "--canary goes with --update all (the machines updated and proven healthy first)");
  o.update = "stopped";
  EXPECT_EQ(refused(o), "--canary goes with --update all (the machines updated and proven healthy first)");
  o = good();
  o.wait_timeout = "5m";
  EXPECT_EQ(refused(o), "--wait-timeout goes with --update all (how long a running machine may take)");
  o = good();
  o.concurrency = "8";
  EXPECT_EQ(refused(o), "--concurrency goes with --update stopped or all (the report updates nothing)");
  o.update = "stopped";
  EXPECT_TRUE(validate(o, env()).ok());
  o = good();
  o.update = "all";
  o.canary = "2";
  o.wait_timeout = "5m";
  auto plan = validate(o, env());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->canary, 2);
}

TEST(RollMachinesPlan, RollingToATagThatCanMoveNeedsTheSecretThatPinsIt) {
  auto o = good();
  o.image = "registry.example/team/app:latest";
  EXPECT_TRUE(validate(o, env()).ok()) << "a report may look at any tag";
  o.update = "stopped";
  auto plan = validate(o, env());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().message,
            "refusing to roll to the mutable tag 'latest' of registry.example/team/app:latest (it can move, and "
            "machines would run whatever it points to later) without --project-ref: give the project whose secret "
            "pins it, or the image by digest (REPO@sha256:...)");
  o.image = "registry.example/team/app@sha256:" + std::string(64, 'a');
  EXPECT_TRUE(validate(o, env()).ok());
  o.image = "registry.example/team/app:v2";
  o.project_ref = "abcdefghijklmnopqrst";
  auto pinned = validate(o, core::Environment(EnvMap{{"FLY_API_TOKEN", "t"}, {"SUPABASE_ACCESS_TOKEN", "s"}}));
  EXPECT_TRUE(pinned.ok()) << pinned.error().message;
}

TEST(RollMachinesPlan, SelectorsAndUpdateModes) {
  auto o = good();
  o.select = {"role=user", "tier=free"};
  o.update = "stopped";
  auto plan = validate(o, env());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->select.at("role"), "user");
  EXPECT_EQ(plan->select.size(), 2u);
  EXPECT_EQ(plan->update, Update::kStopped);
}

}  // namespace
}  // namespace flypin::cmd::roll_machines
