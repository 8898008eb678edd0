#pragma once
// Time seam: real code sleeps interruptibly; tests advance a fake clock
// (tests/support/doubles/fake_clock.h).

#include <chrono>
#include <cstdint>

namespace flypin::core {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
  /// Wall-clock seconds since the epoch (for Retry-After dates, ages).
  virtual std::int64_t unix_seconds() = 0;
  /// Returns false when interrupted before the duration passed.
  virtual bool sleep_for(std::chrono::milliseconds duration) = 0;
};

class SystemClock : public Clock {
 public:
  TimePoint now() override;
  std::int64_t unix_seconds() override;
  bool sleep_for(std::chrono::milliseconds duration) override;
};

SystemClock& system_clock();

}  // namespace flypin::core
