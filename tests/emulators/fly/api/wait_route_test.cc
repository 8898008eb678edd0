#include "emulators/fly/api/wait_route.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

httplib::Request with(std::initializer_list<std::pair<std::string, std::string>> params) {
  httplib::Request req;
  for (const auto& [k, v] : params) req.params.emplace(k, v);
  return req;
}

TEST(WaitQuery, DefaultsToStartedWithinSixtySeconds) {
  auto q = parse_wait_query(with({}));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->states, std::vector<std::string>{"started"});
  EXPECT_EQ(q->timeout, std::chrono::seconds(60));
}

TEST(WaitQuery, TimeoutIsSecondsOrAGoDurationWithinOneToSixty) {
  EXPECT_EQ(parse_wait_query(with({{"timeout", "30"}}))->timeout, std::chrono::seconds(30));
  EXPECT_EQ(parse_wait_query(with({{"timeout", "1m"}}))->timeout, std::chrono::seconds(60));
  EXPECT_EQ(parse_wait_query(with({{"timeout", "0"}})).error().message,
            "invalid_argument: timeout 0 is outside [1s, 1m0s]");
  EXPECT_EQ(parse_wait_query(with({{"timeout", "61"}})).error().message,
            "invalid_argument: timeout 61 is outside [1s, 1m0s]");
  EXPECT_FALSE(parse_wait_query(with({{"timeout", "99999999999999999999"}})).ok());
  EXPECT_EQ(parse_wait_query(with({{"timeout", "soon"}})).error().message,
            "invalid_argument: invalid timeout \"soon\"");
}

TEST(WaitQuery, StatesAreCommaSeparatedOrRepeatedAndSettledMeansAnyResting) {
  auto q = parse_wait_query(with({{"state", "stopped,destroyed"}, {"state", "failed"}}));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->states, (std::vector<std::string>{"stopped", "destroyed", "failed"}));
  auto settled = parse_wait_query(with({{"state", "settled"}}));
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->states.front(), "settled");
  EXPECT_NE(std::find(settled->states.begin(), settled->states.end(), "destroyed"), settled->states.end());
  EXPECT_EQ(parse_wait_query(with({{"state", "running"}})).error().message, "invalid state \"running\"");
}

TEST(WaitQuery, VersionWinsOverInstanceId) {
  EXPECT_EQ(parse_wait_query(with({{"version", "v1"}, {"instance_id", "i1"}}))->instance_id, "v1");
  EXPECT_EQ(parse_wait_query(with({{"instance_id", "i1"}}))->instance_id, "i1");
}

}  // namespace
}  // namespace flypin::emulators::fly
