#include "fly/health.h"

#include <gtest/gtest.h>

namespace flypin::fly {
namespace {

using namespace std::chrono_literals;

Machine with_checks(std::vector<CheckStatus> reported, std::vector<std::string> configured) {
  Machine m;
  m.state = "started";
  for (auto& name : configured) m.config.checks.push_back({name, 1s, 2s, 0s});
  m.checks = std::move(reported);
  return m;
}

TEST(Health, EveryConfiguredCheckMustReportPassing) {
  EXPECT_EQ(health_of(with_checks({{"health", "passing", "ok", ""}}, {"health"}), Settled::kYes).health,
            Health::kHealthy);
  auto empty = health_of(with_checks({}, {"health"}), Settled::kYes);
  EXPECT_EQ(empty.health, Health::kNotYet) << "an empty list is not healthy";
  EXPECT_EQ(empty.why, "check health has not reported yet");
  auto partial = health_of(with_checks({{"a", "passing", "", ""}}, {"a", "b"}), Settled::kYes);
  EXPECT_EQ(partial.health, Health::kNotYet) << "nor is a partial one";
  auto failing = health_of(with_checks({{"a", "critical", "connection refused", ""}}, {"a"}), Settled::kYes);
  EXPECT_EQ(failing.why, "check a critical: connection refused");
}

TEST(Health, CompatChecksAreIgnoredAndOtherReportedChecksCount) {
  auto m =
      with_checks({{"health", "passing", "", ""}, {"bg_deployments_compat_health", "warning", "", ""}}, {"health"});
  EXPECT_EQ(health_of(m, Settled::kYes).health, Health::kHealthy);
  m.checks.push_back({"servicecheck-00-http-8080", "critical", "503", ""});
  EXPECT_EQ(health_of(m, Settled::kYes).health, Health::kNotYet);
  auto services = with_checks({}, {});
  services.config.service_checks = 1;
  EXPECT_EQ(health_of(services, Settled::kYes).health, Health::kNotYet) << "a service check not yet listed";
}

TEST(Health, AStatusIsBelievedOnlyOnceEveryCheckHadItsRun) {
  auto m = with_checks({{"health", "passing", "", ""}}, {"health"});
  EXPECT_EQ(health_of(m, Settled::kNo).health, Health::kNotYet) << "it may be the run before's";
  m.config.checks = {{"a", 15s, 10s, 5s}, {"b", 1s, 2s, 0s}};
  EXPECT_EQ(settle_time(m.config), 30s);
  EXPECT_EQ(settle_time(MachineConfig{}), 0s);
}

}  // namespace
}  // namespace flypin::fly
