#include "core/retry.h"

#include <algorithm>
#include <ctime>
#include <limits>
#include <string>

namespace flypin::core {

namespace {

std::optional<std::int64_t> parse_int(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > 1'000'000'000'000LL) return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> parse_http_date(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

std::optional<std::chrono::milliseconds> server_requested_delay(const Headers& headers, std::int64_t now_unix) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  if (auto ra = headers.get("Retry-After")) {
    if (auto secs = parse_int(*ra)) return std::chrono::duration_cast<milliseconds>(seconds(*secs));
    if (auto when = parse_http_date(*ra)) return milliseconds(std::max<std::int64_t>(0, (*when - now_unix) * 1000));
  }
  if (auto reset = headers.get("x-ratelimit-reset")) {
    if (auto v = parse_int(*reset)) {
      // Large values are epoch seconds, small ones a count of seconds.
      std::int64_t secs = *v > 1'000'000'000 ? std::max<std::int64_t>(0, *v - now_unix) : *v;
      return std::chrono::duration_cast<milliseconds>(seconds(secs));
    }
  }
  return std::nullopt;
}

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, Clock& clock, RetryPolicy policy, std::uint64_t seed)
    : inner_(inner), clock_(clock), policy_(policy), rng_(seed) {}

std::chrono::milliseconds RetryingHttpClient::backoff(const RetryPolicy& policy, int attempt) {
  auto cap = policy.base_delay * (1LL << std::min(attempt - 1, 20));
  if (cap > policy.max_delay) cap = policy.max_delay;
  // Full jitter, but never less than a quarter of the cap: no hot loops.
  std::uniform_int_distribution<long long> dist(cap.count() / 4, cap.count());
  return std::chrono::milliseconds(dist(rng_));
}

std::chrono::milliseconds RetryingHttpClient::time_left(const RetryPolicy& policy) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(*policy.deadline - clock_.now());
}

Result<HttpResponse> RetryingHttpClient::send(const HttpRequest& request) {
  const RetryPolicy& policy = request.retry ? *request.retry : policy_;
  const bool may_repeat = request.idempotent() || request.retry_unsafe;
  // Since when every attempt failed unsent (max(): the last one got through).
  Clock::TimePoint unreachable_since = Clock::TimePoint::max();
  for (int attempt = 1;; ++attempt) {
    HttpRequest bounded = request;
    if (policy.deadline) {
      // A hanging server must not carry an attempt past the deadline either.
      bounded.total_timeout = std::clamp(time_left(policy), std::chrono::milliseconds(1000), request.total_timeout);
    }
    auto result = inner_.send(bounded);
    std::string reason;
    std::optional<std::chrono::milliseconds> delay;
    // A request that never left may be sent again, whatever its method.
    bool may_retry = may_repeat;
    if (!result.ok()) {
      if (!result.error().retryable() || policy.transport == TransportRetry::kAnswer) return result;
      reason = result.error().message;
      if (result.error().delivery == Delivery::kNotSent) {
        may_retry = true;
        unreachable_since = std::min(unreachable_since, clock_.now());
        if (policy.give_up_unreachable_after && clock_.now() - unreachable_since >= *policy.give_up_unreachable_after) {
          return result;
        }
      } else {
        unreachable_since = Clock::TimePoint::max();
      }
    } else if (policy.retry_status(result->status)) {
      reason = "HTTP " + std::to_string(result->status);
      // Only a rate limit or a declared outage says how long to wait; a reset
      // header on some other 5xx is not a promise about recovery.
      if (result->status == 429 || result->status == 503) {
        delay = server_requested_delay(result->headers, clock_.unix_seconds());
      }
    } else {
      return result;
    }
    if (!may_retry || attempt >= policy.max_attempts) return result;
    if (delay && *delay > policy.max_server_delay) return result;
    auto wait = delay ? std::max(*delay, backoff(policy, attempt) / 4) : backoff(policy, attempt);
    if (policy.deadline) {
      const auto left = time_left(policy);
      if (left <= std::chrono::milliseconds(0) || (delay && *delay > left)) return result;
      wait = std::min(wait, left);
    }
    if (observer_) observer_(request, attempt, wait, reason);
    if (!clock_.sleep_for(wait)) return Error::cancelled();
  }
}

}  // namespace flypin::core
