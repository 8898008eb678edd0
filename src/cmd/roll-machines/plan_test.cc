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
  auto expect_usage = [](Options o, const std::string& needle) {
    auto plan = validate(o, env());
    ASSERT_FALSE(plan.ok()) << needle;
    EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(plan.error().message.find(needle), std::string::npos) << plan.error().message;
    EXPECT_EQ(plan.error().message.find('\n'), std::string::npos);
  };
  auto o = good();
  o.update = "everything";
  expect_usage(o, "--update");
  o = good();
  o.select = {"novalue"};
  expect_usage(o, "--select");
  o = good();
  o.concurrency = "0";
  expect_usage(o, "--concurrency");
  o = good();
  o.canary = "0";
  expect_usage(o, "--canary");
  o = good();
  o.app = "";
  expect_usage(o, "--app");
  o = good();
  o.project_ref = "abcdefghijklmnopqrst";
  expect_usage(o, "SUPABASE_ACCESS_TOKEN");
  o = good();
  o.update = "all";
  o.fail_on_drift = true;
  expect_usage(o, "--fail-on-drift");
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
