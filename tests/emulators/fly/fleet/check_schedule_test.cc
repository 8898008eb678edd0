#include "emulators/fly/fleet/check_schedule.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

using std::chrono::milliseconds;

TEST(CheckSchedule, FirstRunWaitsForTheGracePeriod) {
  const SteadyTime start{};
  EXPECT_EQ(first_check_due(start, milliseconds(0)), start);
  EXPECT_EQ(first_check_due(start, milliseconds(1500)), start + milliseconds(1500));
}

TEST(CheckSchedule, RunsOnAFixedTickerHoweverLateARunStarted) {
  const SteadyTime start{};
  const milliseconds interval(250);
  // A run that starts 40 ms late does not move the next tick.
  EXPECT_EQ(next_check_due(start, interval, start + milliseconds(40)), start + milliseconds(250));
  EXPECT_EQ(next_check_due(start + milliseconds(250), interval, start + milliseconds(251)), start + milliseconds(500));
  // A run that took longer than an interval skips the ticks it missed.
  EXPECT_EQ(next_check_due(start, interval, start + milliseconds(600)), start + milliseconds(750));
  EXPECT_EQ(next_check_due(start, interval, start + milliseconds(500)), start + milliseconds(750));
}

}  // namespace
}  // namespace flypin::emulators::fly
