#pragma once
// Fly-like rate limits: a token bucket per (token, action). Mutating actions
// 1 req/s burst 3; reads (get, list, wait, events) 5 req/s burst 10.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace flypin::flyemu {

class RateLimiter {
 public:
  /// 0 when allowed, else the seconds to put in Retry-After.
  int admit(const std::string& token, const std::string& action);
  void clear();

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace flypin::flyemu
