#include "cmd/smoke-machine/poll_schedule.h"

namespace flypin::cmd::smoke_machine {

core::Clock::TimePoint PollSchedule::next_after(core::Clock::TimePoint due, core::Clock::TimePoint now) const {
  const auto polled = now - due <= kWakeSlack ? due : now;
  const auto usual = polled + kPeriod;
  if (interval_ <= std::chrono::milliseconds(0)) return usual;
  const auto earliest = polled + kMinGap;
  const auto first_tick = started_ + kSettle;
  auto tick = first_tick;
  if (tick < earliest)
    tick += interval_ * ((earliest - first_tick + interval_ - core::Clock::TimePoint::duration(1)) / interval_);
  return tick <= usual + kLate ? tick : usual;
}

}  // namespace flypin::cmd::smoke_machine
