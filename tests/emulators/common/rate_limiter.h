#pragma once
// A fixed-window request limit per key (a token, an address): the window
// starts with a key's first request and ends `window` later, as GitHub's
// hourly and Supabase's per-minute limits do.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace flypin::emulators {

struct RateDecision {
  bool allowed = true;
  int limit = 0;
  int used = 0;  // requests counted in this window, this one included
  int remaining = 0;
  long long reset_epoch = 0;  // UTC seconds when the window ends
  int reset_seconds = 0;      // until the window ends, at least 1
};

class RateLimiter {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;

  RateLimiter(
      int limit, std::chrono::seconds window, Now now = [] { return std::chrono::system_clock::now(); })
      : limit_(limit), window_(window), now_(std::move(now)) {}

  /// Counts the request when allowed; a refused request does not use up the window.
  RateDecision take(const std::string& key) { return take(key, limit_); }
  /// As above with a limit of its own for this key (e.g. unauthenticated callers).
  RateDecision take(const std::string& key, int limit);
  /// New limit and window for every key; forgets all windows.
  void reconfigure(int limit, std::chrono::seconds window);
  void reset();

 private:
  struct Window {
    std::chrono::system_clock::time_point start;
    int used = 0;
  };
  std::mutex mutex_;
  int limit_;
  std::chrono::seconds window_;
  Now now_;
  std::map<std::string, Window> windows_;
};

}  // namespace flypin::emulators
