#pragma once
// A token-bucket request limit per key: `burst` requests at once, then
// `rate` a second, as Fly limits its Machines API per token and action.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace flypin::emulators {

struct BucketRule {
  double rate = 1.0;   // tokens added per second
  double burst = 1.0;  // bucket size, and what a new key starts with
};

class TokenBucket {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  explicit TokenBucket(Now now = [] { return std::chrono::steady_clock::now(); }) : now_(std::move(now)) {}

  /// 0 when the request may go (it uses one token), else the whole seconds
  /// until one is back (for Retry-After).
  int admit(const std::string& key, BucketRule rule);
  void clear();

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };
  std::mutex mutex_;
  Now now_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace flypin::emulators
