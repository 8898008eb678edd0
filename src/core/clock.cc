#include "core/clock.h"

#include "core/interrupt.h"

namespace flypin::core {

Clock::TimePoint SystemClock::now() { return std::chrono::steady_clock::now(); }

std::int64_t SystemClock::unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool SystemClock::sleep_for(std::chrono::milliseconds duration) { return interruptible_sleep(duration); }

SystemClock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace flypin::core
