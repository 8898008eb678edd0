#pragma once
// A deterministic core::Clock: sleeping advances time instantly, so retry and
// backoff tests take no wall time.

#include <chrono>
#include <cstdint>

#include "core/clock.h"

namespace flypin::doubles {

class FakeClock : public core::Clock {
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

}  // namespace flypin::doubles
