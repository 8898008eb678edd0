#include "rate_limiter.h"

#include <algorithm>

namespace flypin::supabase_emulator {

RateDecision RateLimiter::take(const std::string& token) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  auto& w = windows_[token];
  if (w.used == 0 || now - w.start >= window_) {
    w.start = now;
    w.used = 0;
  }
  RateDecision d;
  d.limit = limit_;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(w.start + window_ - now);
  d.reset_seconds = std::max<int>(1, static_cast<int>((left.count() + 999) / 1000));
  if (w.used >= limit_) {
    d.allowed = false;
    d.remaining = 0;
    return d;
  }
  ++w.used;
  d.remaining = limit_ - w.used;
  return d;
}

void RateLimiter::reset() {
  std::lock_guard lock(mutex_);
  windows_.clear();
}

}  // namespace flypin::supabase_emulator
