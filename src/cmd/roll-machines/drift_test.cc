#include "cmd/roll-machines/drift.h"

#include <gtest/gtest.h>

namespace flypin::cmd::roll_machines {
namespace {

fly::Machine machine(const std::string& id, const std::string& state, const std::string& digest,
                     const std::string& region = "sin") {
  fly::Machine m;
  m.id = id;
  m.state = state;
  m.region = region;
  m.image_ref.digest = digest;
  return m;
}

TEST(DriftReport, CountsPerDigestAndStateAndListsTheDrifted) {
  std::vector<fly::Machine> listed{machine("c", "stopped", "sha256:old", "ams"), machine("a", "started", "sha256:pin"),
                                   machine("b", "stopped", "sha256:old"), machine("d", "destroyed", "sha256:old"),
                                   machine("s", "started", "sha256:old")};
  auto r = drift_report(listed, {"s"}, "sha256:pin");
  EXPECT_EQ(r.selected, 3);
  EXPECT_EQ(r.on_pin, 1);
  EXPECT_EQ(r.smoke_skipped, 1);
  ASSERT_EQ(r.drifted.size(), 2u);
  EXPECT_EQ(r.drifted[0].id, "b");
  EXPECT_EQ(r.drifted[1].region, "ams");
  ASSERT_EQ(r.counts.size(), 2u);
  EXPECT_EQ(r.counts[0].digest, "sha256:old");
  EXPECT_EQ(r.counts[0].count, 2);
  EXPECT_EQ(r.counts[1].state, "started");
}

TEST(DriftReport, AKeeperIsNeverSelected) {
  auto keeper = machine("k", "stopped", "sha256:old");
  keeper.config.metadata["flypin_keeper"] = "true";
  auto r = drift_report({keeper, machine("u", "stopped", "sha256:pin")}, {}, "sha256:pin");
  EXPECT_EQ(r.selected, 1);
  EXPECT_EQ(r.keepers_skipped, 1);
  EXPECT_TRUE(r.drifted.empty());
  // As a summary list shows it: no metadata, known by the keepers' own list.
  r = drift_report({machine("k", "stopped", "sha256:old")}, {}, "sha256:pin", {"k"});
  EXPECT_EQ(r.selected, 0);
  EXPECT_EQ(r.keepers_skipped, 1);
}

TEST(DriftReport, SmokeMetadataIsNeverSelectedAndConfigDigestMustAgree) {
  auto smoke = machine("x", "stopped", "sha256:old");
  smoke.config.metadata["flypin_smoke"] = "true";
  auto split = machine("y", "stopped", "sha256:pin");
  split.config.image = "registry.example/app@sha256:other";
  auto r = drift_report({smoke, split}, {}, "sha256:pin");
  EXPECT_EQ(r.smoke_skipped, 1);
  ASSERT_EQ(r.drifted.size(), 1u);
  EXPECT_EQ(r.drifted[0].id, "y");
  EXPECT_TRUE(on_pin(machine("z", "started", "sha256:pin"), "sha256:pin"));
}

TEST(DriftReport, ParkedIsStoppedSuspendedOrCreated) {
  EXPECT_TRUE(is_parked("stopped"));
  EXPECT_TRUE(is_parked("suspended"));
  EXPECT_TRUE(is_parked("created")) << "never started, or updated with skip_launch (FIDELITY U3)";
  EXPECT_FALSE(is_parked("started"));
  EXPECT_FALSE(is_parked("failed"));
}

TEST(DriftReport, AMachineOnAHostThatIsNotOkOrWithoutADigestIsUnknownNeverDrifted) {
  auto away = machine("h", "started", "");
  away.host_status = "unreachable";
  auto no_ref = machine("n", "stopped", "");
  auto by_config = machine("c", "stopped", "");
  by_config.config.image = "registry.example/app@sha256:pin";
  auto r = drift_report({away, no_ref, by_config}, {}, "sha256:pin");
  EXPECT_EQ(r.selected, 3);
  EXPECT_TRUE(r.drifted.empty());
  ASSERT_EQ(r.unknown.size(), 2u);
  EXPECT_EQ(r.unknown[0].id, "h");
  EXPECT_EQ(r.on_pin, 1) << "a config image by digest says as much as an image_ref";
}

}  // namespace
}  // namespace flypin::cmd::roll_machines
