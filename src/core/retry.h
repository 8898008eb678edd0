#pragma once
// Retries as a decorator around any HttpClient: transport errors and the
// statuses of the policy (core/retry_policy.h: 408, 429 and 5xx unless a
// request says otherwise) are retried for idempotent calls with capped
// exponential backoff and full jitter, honouring Retry-After and
// x-ratelimit-reset. One client serves every call of a program: a request
// that needs another rule carries its own policy (HttpRequest::retry).

#include <chrono>
#include <functional>
#include <optional>
#include <random>

#include "core/clock.h"
#include "core/http.h"
#include "core/retry_policy.h"

namespace flypin::core {

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
  std::chrono::milliseconds backoff(const RetryPolicy& policy, int attempt);
  std::chrono::milliseconds time_left(const RetryPolicy& policy);

  HttpClient& inner_;
  Clock& clock_;
  RetryPolicy policy_;
  std::mt19937_64 rng_;
  RetryObserver observer_;
};

/// The wait a server asked for, from Retry-After (seconds or HTTP date) or
/// x-ratelimit-reset (seconds, or an epoch time when large).
std::optional<std::chrono::milliseconds> server_requested_delay(const Headers& headers, std::int64_t now_unix);

}  // namespace flypin::core
