#include "core/retry_policy.h"

#include <limits>

namespace flypin::core {

bool is_retryable_status(int status) { return status == 408 || status == 429 || (status >= 500 && status <= 599); }

RetryPolicy RetryPolicy::until(Clock::TimePoint deadline) {
  RetryPolicy policy;
  policy.max_attempts = std::numeric_limits<int>::max();
  policy.max_server_delay = std::chrono::hours(24);
  policy.deadline = deadline;
  return policy;
}

RetryPolicy RetryPolicy::unapplied_only() {
  RetryPolicy policy;
  policy.retry_status = [](int status) { return status == 429; };
  policy.transport = TransportRetry::kAnswer;
  return policy;
}

RetryPolicy RetryPolicy::once() {
  RetryPolicy policy;
  policy.max_attempts = 1;
  return policy;
}

}  // namespace flypin::core
