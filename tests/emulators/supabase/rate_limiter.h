#pragma once
// Fixed-window request limit per token, as the Management API applies it
// (120 requests a minute by default).

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace flypin::supabase_emulator {

struct RateDecision {
  bool allowed = true;
  int limit = 0;
  int remaining = 0;
  int reset_seconds = 0;  // until the window ends, at least 1
};

class RateLimiter {
 public:
  RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

  /// Counts the request when allowed; a refused request does not use up the window.
  RateDecision take(const std::string& token);
  void reset();

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int used = 0;
  };
  std::mutex mutex_;
  int limit_;
  std::chrono::seconds window_;
  std::map<std::string, Window> windows_;
};

}  // namespace flypin::supabase_emulator
