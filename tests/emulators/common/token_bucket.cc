#include "emulators/common/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace flypin::emulators {

int TokenBucket::admit(const std::string& key, BucketRule rule) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = rule.burst;
    b.refilled = now;
  }
  const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  b.tokens = std::min(rule.burst, b.tokens + elapsed * rule.rate);
  b.refilled = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rule.rate)));
}

void TokenBucket::clear() {
  std::lock_guard lock(mutex_);
  buckets_.clear();
}

}  // namespace flypin::emulators
