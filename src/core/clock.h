#pragma once
// Time seam: real code sleeps interruptibly; tests advance a fake clock.

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

/// Deterministic clock for tests: sleeping advances time instantly.
class FakeClock : public Clock {
 public:
  TimePoint now() override { return now_; }
  std::int64_t unix_seconds() override {
    return 1'700'000'000 + std::chrono::duration_cast<std::chrono::seconds>(now_.time_since_epoch()).count();
  }
  bool sleep_for(std::chrono::milliseconds duration) override {
    now_ += duration;
    slept_ += duration;
    return true;
  }
  std::chrono::milliseconds slept() const { return slept_; }

 private:
  TimePoint now_{};
  std::chrono::milliseconds slept_{0};
};

SystemClock& system_clock();

}  // namespace flypin::core
