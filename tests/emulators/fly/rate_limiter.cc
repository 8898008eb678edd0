#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace flypin::flyemu {

int RateLimiter::admit(const std::string& token, const std::string& action) {
  bool read = action == "get" || action == "list" || action == "wait" || action == "events";
  double rate = read ? 5.0 : 1.0;
  double burst = read ? 10.0 : 3.0;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(token + "\n" + action);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = burst;
    b.refilled = now;
  }
  double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  b.tokens = std::min(burst, b.tokens + elapsed * rate);
  b.refilled = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate)));
}

void RateLimiter::clear() {
  std::lock_guard lock(mu_);
  buckets_.clear();
}

}  // namespace flypin::flyemu
