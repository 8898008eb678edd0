#include "registry/call_limits.h"

#include <algorithm>

namespace flypin::registry {

using std::chrono::milliseconds;

void LimitedHttpClient::limit(core::Clock& clock, CallLimits limits) {
  clock_ = &clock;
  limits_ = limits;
}

core::Result<core::HttpResponse> LimitedHttpClient::send(const core::HttpRequest& request) {
  if (!limits_) return inner_.send(request);
  core::HttpRequest bounded = request;
  const auto now = clock_->now();
  const auto call_deadline = std::min(now + limits_->per_call, std::max(now, limits_->run_deadline));
  const auto left = std::chrono::duration_cast<milliseconds>(call_deadline - now);
  bounded.total_timeout = std::clamp(left, milliseconds(1000), request.total_timeout);
  bounded.connect_timeout = std::min(request.connect_timeout, bounded.total_timeout);
  core::RetryPolicy policy = request.retry.value_or(core::RetryPolicy{});
  policy.max_attempts = std::min(policy.max_attempts, limits_->attempts);
  policy.deadline = call_deadline;
  policy.max_server_delay = std::min(policy.max_server_delay, limits_->per_call);
  bounded.retry = policy;
  return inner_.send(bounded);
}

std::optional<core::Error> LimitedHttpClient::refusal(const std::string& domain) const {
  if (!limits_) return std::nullopt;
  core::Error e;
  e.kind = core::ErrorKind::kTimeout;
  e.api = "registry";
  if (timed_out_.count(domain) != 0) {
    e.message = "registry " + domain + " did not answer in time earlier in this run: not asked again";
    return e;
  }
  if (clock_->now() >= limits_->run_deadline) {
    e.message = "the time for registry checks in this run is spent: registry " + domain + " not asked";
    return e;
  }
  return std::nullopt;
}

void LimitedHttpClient::note(const std::string& domain, const core::Error& error) {
  if (limits_ && error.kind == core::ErrorKind::kTimeout) timed_out_.insert(domain);
}

}  // namespace flypin::registry
