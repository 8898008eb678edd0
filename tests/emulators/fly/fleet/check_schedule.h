#pragma once
// When a machine's checks run: Fly waits grace_period after the machine starts,
// then runs each check every interval on a fixed ticker, so a late or slow run
// does not push the later ones back.

#include <chrono>

namespace flypin::emulators::fly {

using SteadyTime = std::chrono::steady_clock::time_point;

inline SteadyTime first_check_due(SteadyTime started, std::chrono::milliseconds grace_period) {
  return started + grace_period;
}

/// The tick after `due` that is still ahead of `now` (ticks missed while a run was slow are skipped).
inline SteadyTime next_check_due(SteadyTime due, std::chrono::milliseconds interval, SteadyTime now) {
  if (interval <= std::chrono::milliseconds(0)) return now;
  const auto behind = now - due;
  return due + interval * (behind < interval ? 1 : behind / interval + 1);
}

}  // namespace flypin::emulators::fly
