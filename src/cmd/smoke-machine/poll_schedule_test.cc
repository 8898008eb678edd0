#include "cmd/smoke-machine/poll_schedule.h"

#include <gtest/gtest.h>

namespace flypin::cmd::smoke_machine {
namespace {

using namespace std::chrono_literals;
using TimePoint = core::Clock::TimePoint;

constexpr TimePoint kStarted{std::chrono::seconds(100)};

std::chrono::milliseconds after_start(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t - kStarted);
}

TEST(PollSchedule, ReadsJustAfterEachCheckRunWhenTheIntervalIsThePeriod) {
  PollSchedule polls(kStarted, 250ms);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 3ms, kStarted + 3ms)), 260ms);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 260ms, kStarted + 260ms)), 510ms);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 1010ms, kStarted + 1010ms)), 1260ms);
}

TEST(PollSchedule, LongIntervalsKeepTheUsualPeriodAndCatchEachRun) {
  PollSchedule polls(kStarted, 1s);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 10ms, kStarted + 10ms)), 260ms);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 760ms, kStarted + 760ms)), 1010ms);
  // A run due just after the usual period is waited for, not missed by a few ms.
  EXPECT_EQ(after_start(polls.next_after(kStarted + 790ms, kStarted + 790ms)), 1010ms);
}

TEST(PollSchedule, ShortIntervalsNeverReadFasterThanFivePerSecond) {
  PollSchedule polls(kStarted, 100ms);
  TimePoint polled = kStarted + 5ms;
  for (int i = 0; i < 20; ++i) {
    const TimePoint next = polls.next_after(polled, polled);
    EXPECT_GE(next - polled, PollSchedule::kMinGap);
    EXPECT_LE(next - polled, PollSchedule::kPeriod);
    EXPECT_EQ(after_start(next).count() % 100, 10) << "not just after a check run";
    polled = next;
  }
}

TEST(PollSchedule, WakingSlightlyLateDoesNotSkipACheckRun) {
  PollSchedule polls(kStarted, 200ms);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 210ms, kStarted + 211ms)), 410ms);
  // Much later counts from the read itself, so two reads are never closer than kMinGap.
  EXPECT_EQ(after_start(polls.next_after(kStarted + 210ms, kStarted + 260ms)), 510ms);
}

TEST(PollSchedule, WithoutACheckReadsEveryPeriod) {
  PollSchedule polls(kStarted, 0ms);
  EXPECT_EQ(after_start(polls.next_after(kStarted + 7ms, kStarted + 7ms)), 257ms);
}

}  // namespace
}  // namespace flypin::cmd::smoke_machine
