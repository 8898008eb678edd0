#pragma once
// Retries as a decorator around any HttpClient: transport errors, 408, 429
// and 5xx are retried for idempotent calls with capped exponential backoff
// and full jitter, honouring Retry-After and x-ratelimit-reset.

#include <chrono>
#include <functional>
#include <optional>
#include <random>

#include "core/clock.h"
#include "core/http.h"

namespace flypin::core {

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{8'000};
  /// Server-requested waits longer than this are not honoured; we give up instead.
  std::chrono::milliseconds max_server_delay{60'000};
  /// When set, retries go on until this time instead of stopping after
  /// max_attempts (cleanup that must not give up after a few seconds of 429s).
  /// No wait and no attempt runs past it; a server asking for a longer wait
  /// ends the retries at once.
  std::optional<Clock::TimePoint> deadline;

  /// Retry until `deadline`, honouring whatever wait the server asks for within it.
  static RetryPolicy until(Clock::TimePoint deadline);
};

/// Called before each retry sleep, for progress logs.
using RetryObserver =
    std::function<void(const HttpRequest&, int attempt, std::chrono::milliseconds delay, const std::string& reason)>;

class RetryingHttpClient : public HttpClient {
 public:
  RetryingHttpClient(HttpClient& inner, Clock& clock, RetryPolicy policy = {},
                     std::uint64_t seed = std::random_device{}());

  Result<HttpResponse> send(const HttpRequest& request) override;
  void set_observer(RetryObserver observer) { observer_ = std::move(observer); }

 private:
  std::chrono::milliseconds backoff(int attempt);
  std::chrono::milliseconds time_left();

  HttpClient& inner_;
  Clock& clock_;
  RetryPolicy policy_;
  std::mt19937_64 rng_;
  RetryObserver observer_;
};

/// The wait a server asked for, from Retry-After (seconds or HTTP date) or
/// x-ratelimit-reset (seconds, or an epoch time when large).
std::optional<std::chrono::milliseconds> server_requested_delay(const Headers& headers, std::int64_t now_unix);

bool is_retryable_status(int status);

}  // namespace flypin::core
