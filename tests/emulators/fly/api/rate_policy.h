#pragma once
// Fly's rate limits, per action and per machine, as "Working with the
// Machines API" documents them (FIDELITY R1): Get Machine 5 req/s burst 10,
// every other action (create, list, update, wait, events, lease, stop, start,
// restart, delete) 1 req/s burst 3. A request on one machine counts against
// that machine's bucket; create and list count against the app's. The logs
// API is another service with no documented limit: not limited here.

#include <string>

#include "emulators/common/token_bucket.h"

namespace flypin::emulators::fly {

/// The action a /v1 request counts against ("create", "get", "wait", ...).
std::string action_of(const std::string& method, const std::string& path);
/// What the action is limited per: "machine:<id>" for a machine's path, else "app:<name>".
std::string scope_of(const std::string& path);
BucketRule rule_for(const std::string& action);
/// False for what the Machines API limits do not cover (the logs API).
bool rate_limited(const std::string& action);

/// One bucket per (scope, action).
class RateLimits {
 public:
  /// 0 when allowed, else the seconds to put in Retry-After.
  int admit(const std::string& scope, const std::string& action) {
    return buckets_.admit(scope + "\n" + action, rule_for(action));
  }
  void clear() { buckets_.clear(); }

 private:
  TokenBucket buckets_;
};

}  // namespace flypin::emulators::fly
