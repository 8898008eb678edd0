#include "fly/markers.h"

#include <gtest/gtest.h>

#include <set>

namespace flypin::fly::markers {
namespace {

TEST(Markers, ASmokeMachineIsWhatTheSmokeFilterLists) {
  Machine m;
  EXPECT_FALSE(is_smoke(m));
  m.config.metadata = smoke_filter();
  EXPECT_TRUE(is_smoke(m));
  m.config.metadata[kSmoke] = "false";
  EXPECT_FALSE(is_smoke(m));
}

TEST(Markers, AKeeperIsWhatTheKeeperFilterListsAndNoSmokeMachine) {
  Machine m;
  EXPECT_FALSE(is_keeper(m));
  m.config.metadata = keeper_filter();
  EXPECT_TRUE(is_keeper(m));
  EXPECT_FALSE(is_smoke(m));
  m.config.metadata[kKeeper] = "1";
  EXPECT_FALSE(is_keeper(m));
}

TEST(Markers, EveryKeyIsFlypinsOwnAndDistinct) {
  const std::set<std::string> keys{kSmoke, kRun, kRepository, kJob, kScope, kCreated, kCreate, kKeeper};
  EXPECT_EQ(keys.size(), 8u);
  for (const auto& key : keys) EXPECT_TRUE(key.starts_with("flypin_")) << key;
}

}  // namespace
}  // namespace flypin::fly::markers
