#include "emulators/common/rate_limiter.h"

#include <algorithm>

namespace flypin::emulators {

RateDecision RateLimiter::take(const std::string& key, int limit) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  auto& w = windows_[key];
  if (w.used == 0 || now - w.start >= window_) {
    w.start = now;
    w.used = 0;
  }
  RateDecision d;
  d.limit = limit;
  const auto end = w.start + window_;
  d.reset_epoch = std::chrono::duration_cast<std::chrono::seconds>(end.time_since_epoch()).count();
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - now);
  d.reset_seconds = std::max<int>(1, static_cast<int>((left.count() + 999) / 1000));
  if (w.used >= limit) {
    d.allowed = false;
    d.used = w.used;
    d.remaining = 0;
    return d;
  }
  ++w.used;
  d.used = w.used;
  d.remaining = limit - w.used;
  return d;
}

void RateLimiter::reconfigure(int limit, std::chrono::seconds window) {
  std::lock_guard lock(mutex_);
  limit_ = limit;
  window_ = window;
  windows_.clear();
}

void RateLimiter::reset() {
  std::lock_guard lock(mutex_);
  windows_.clear();
}

}  // namespace flypin::emulators
