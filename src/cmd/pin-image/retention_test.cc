// --keep, --keeper-app and --fail-if-missing as validate() reads them, the
// keepers' record of earlier pins, and a keeper's create request.
#include "cmd/pin-image/retention.h"

#include <gtest/gtest.h>

#include "cmd/pin-image/keepers.h"
#include "cmd/pin-image/plan.h"
#include "core/json.h"
#include "fly/markers.h"

namespace flypin::cmd::pin_image {
namespace {

const std::string kImage = "r.io/app@sha256:" + std::string(64, 'b');

core::Environment env(std::map<std::string, std::string> extra = {}) {
  extra.emplace("SUPABASE_ACCESS_TOKEN", "tok-123456");
  return core::Environment(extra);
}

Options pin_options() {
  Options o;
  o.image = kImage;
  o.project_ref = "abcdefghijklmnopqrst";
  return o;
}

Options status_options() {
  Options o = pin_options();
  o.image.clear();
  o.status = true;
  return o;
}

TEST(Retention, KeepNeedsAFlyTokenAndAnApp) {
  auto o = pin_options();
  o.keep = "3";
  const std::vector<std::pair<core::Environment, std::string>> bad = {
      {env({{"FLY_APP", "users"}}), "FLY_API_TOKEN"},
      {env({{"FLY_API_TOKEN", "fo1_x"}}), "--keeper-app"},
      {env({{"FLY_API_TOKEN", "fo1_x"}, {"FLY_APP", "Users!"}}), "FLY_APP: invalid Fly app name"},
  };
  for (const auto& [e, said] : bad) {
    auto plan = validate(o, e);
    ASSERT_FALSE(plan.ok()) << said;
    EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(plan.error().message.find(said), std::string::npos) << plan.error().message;
  }
  auto plan = validate(o, env({{"FLY_ACCESS_TOKEN", "fo1_x"}, {"FLY_APP", "users"}, {"FLY_API_URL", "http://f"}}));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->retention.upkeep, Upkeep::kKeep);
  EXPECT_EQ(plan->retention.keep, 3);
  EXPECT_EQ(plan->retention.app, "users");
  EXPECT_EQ(plan->retention.fly.credential, "FLY_ACCESS_TOKEN");
  EXPECT_EQ(plan->retention.fly.base_url, "http://f");
  o.keeper_app = "keepers";
  EXPECT_EQ(validate(o, env({{"FLY_API_TOKEN", "t"}, {"FLY_APP", "users"}}))->retention.app, "keepers");
}

TEST(Retention, NoKeepNoUpkeep) {
  auto plan = validate(pin_options(), env());
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->retention.upkeep, Upkeep::kOff);
}

TEST(Retention, BadValuesAndCombinationsAreOneLineUsageErrors) {
  auto with = [](Options o, auto change) {
    change(o);
    return validate(o, env({{"FLY_API_TOKEN", "t"}, {"FLY_APP", "users"}}));
  };
  std::vector<std::pair<core::Result<Plan>, std::string>> bad;
  bad.emplace_back(with(pin_options(), [](Options& o) { o.keep = "-1"; }), "--keep must be a whole number");
  bad.emplace_back(with(pin_options(), [](Options& o) { o.keep = "21"; }), "--keep must be a whole number");
  bad.emplace_back(with(pin_options(), [](Options& o) { o.fail_if_missing = true; }), "--fail-if-missing is for");
  bad.emplace_back(with(pin_options(), [](Options& o) { o.keeper_app = "users"; }), "--keeper-app needs --keep");
  bad.emplace_back(with(pin_options(),
                        [](Options& o) {
                          o.keep = "2";
                          o.dry_run = true;
                        }),
                   "not to --dry-run");
  bad.emplace_back(with(status_options(), [](Options& o) { o.keeper_app = "-x"; }), "--keeper-app: invalid");
  for (const auto& [plan, said] : bad) {
    ASSERT_FALSE(plan.ok()) << said;
    EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(plan.error().message.find(said), std::string::npos) << plan.error().message;
    EXPECT_EQ(plan.error().message.find('\n'), std::string::npos) << plan.error().message;
  }
}

TEST(Retention, StatusChecksThreeRollbackTargetsUnlessToldAndNeedsNoFlyToken) {
  auto o = status_options();
  o.fail_if_missing = true;
  auto plan = validate(o, env());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->retention.keep, 3);
  EXPECT_EQ(plan->retention.missing, Missing::kFail);
  EXPECT_EQ(plan->retention.upkeep, Upkeep::kOff);
  o.keep = "0";
  EXPECT_EQ(validate(o, env())->retention.keep, 0);
}

TEST(Retention, TheKeepersRecordEarlierPinsNewestBuildFirst) {
  const std::string repo = "r.io/app:";
  const std::vector<Keeper> keepers = {
      {"m1", repo + "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "stopped", "2025-01-01T00:00:00Z"},
      {"m2", repo + "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X", "stopped", "2025-01-01T00:00:00Z"},
      {"m3", repo + "v1", "stopped", "2025-03-01T00:00:00Z"},
      {"m4", repo + "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X", "stopped", "2025-02-01T00:00:00Z"},  // twice: once
      {"m5", "other.io/app:deployment-01JG9B3K7N5P2Q4R6S8T0V1W2Z", "stopped", ""},                // foreign
      {"m6", repo + "live", "stopped", ""},
  };
  const auto own = std::vector<registry::Reference>{registry::parse_reference(repo + "live").value()};
  EXPECT_EQ(kept_earlier(repo + "live", keepers, own),
            (std::vector<std::string>{repo + "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X",
                                      repo + "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", repo + "v1"}));
}

TEST(Retention, AKeeperNeverRunsIsSmallAndMarked) {
  const auto r = keeper_request(kImage, 1700000000);
  EXPECT_EQ(r.skip_launch, fly::SkipLaunch::kYes);
  EXPECT_EQ(r.image, kImage);
  EXPECT_EQ(r.guest.cpu_kind, "shared");
  EXPECT_EQ(r.guest.cpus, 1);
  EXPECT_EQ(r.guest.memory_mb, 256);
  EXPECT_FALSE(r.check.has_value());
  EXPECT_FALSE(r.service.has_value());
  EXPECT_EQ(r.metadata.at(fly::markers::kKeeper), "true");
  EXPECT_EQ(r.metadata.count(fly::markers::kSmoke), 0u);
  EXPECT_EQ(r.name, keeper_name(kImage));
  EXPECT_NE(keeper_name(kImage), keeper_name(kImage + "x"));
  auto body = core::json::parse(fly::to_json(r), "keeper");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(std::string((*body)["config"]["restart"]["policy"].GetString()), "no");
  EXPECT_TRUE((*body)["skip_launch"].GetBool());
}

}  // namespace
}  // namespace flypin::cmd::pin_image
