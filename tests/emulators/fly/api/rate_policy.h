#pragma once
// Fly's rate limits, per token and action: mutating actions (create, update,
// stop, start, restart, delete) 1 req/s burst 3; reads (get, list, wait,
// events, logs) 5 req/s burst 10.

#include <string>

#include "token_bucket.h"

namespace flypin::emulators::fly {

/// The action a /v1 request counts against ("create", "get", "wait", ...).
std::string action_of(const std::string& method, const std::string& path);
BucketRule rule_for(const std::string& action);

/// One bucket per (token, action).
class RateLimits {
 public:
  /// 0 when allowed, else the seconds to put in Retry-After.
  int admit(const std::string& token, const std::string& action) {
    return buckets_.admit(token + "\n" + action, rule_for(action));
  }
  void clear() { buckets_.clear(); }

 private:
  TokenBucket buckets_;
};

}  // namespace flypin::emulators::fly
