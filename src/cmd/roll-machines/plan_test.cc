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
           Bad{+[](Options& o) { o.concurrency = "0"; }, "--concurrency"},
           Bad{+[](Options& o) { o.canary = "0"; }, "--canary"},
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
