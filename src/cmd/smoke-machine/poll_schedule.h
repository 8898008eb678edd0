#pragma once
// When smoke-machine reads the machine while it waits for health. GET machine
// is limited to 5 req/s, and Fly runs a check on a fixed ticker every interval
// from the machine's start: a read placed just after a check run sees its
// result at once, where a free-running poll sees it up to a poll period late.

#include <chrono>

#include "core/clock.h"

namespace flypin::cmd::smoke_machine {

class PollSchedule {
 public:
  static constexpr std::chrono::milliseconds kPeriod{250};    // the usual spacing of reads
  static constexpr std::chrono::milliseconds kMinGap{200};    // never closer: 5 req/s
  static constexpr std::chrono::milliseconds kLate{50};       // how much later than kPeriod a read may wait for a run
  static constexpr std::chrono::milliseconds kSettle{10};     // after a check run, until its result is readable
  static constexpr std::chrono::milliseconds kWakeSlack{10};  // a read this late still counts from when it was due

  /// `started`: when the machine was seen started; `check_interval` 0: no check to follow.
  PollSchedule(core::Clock::TimePoint started, std::chrono::milliseconds check_interval)
      : started_(started), interval_(check_interval) {}

  /// The next read after one due at `due` and made at `now`: the first check run
  /// (plus kSettle) from kMinGap to kPeriod + kLate after it, else kPeriod after it.
  /// Gaps count from `due` when the read woke only slightly late, so that waking
  /// a millisecond late does not skip the next check run.
  core::Clock::TimePoint next_after(core::Clock::TimePoint due, core::Clock::TimePoint now) const;

 private:
  core::Clock::TimePoint started_;
  std::chrono::milliseconds interval_;
};

}  // namespace flypin::cmd::smoke_machine
