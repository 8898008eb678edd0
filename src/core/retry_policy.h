#pragma once
// When a call is worth another attempt: the one rule for HTTP statuses, and
// the policy a RetryingHttpClient (core/retry.h) applies, for the whole client
// or for one request (HttpRequest::retry).

#include <chrono>
#include <optional>

#include "core/clock.h"

namespace flypin::core {

/// 408, 429 and 5xx: asked again, the server may answer differently.
bool is_retryable_status(int status);

/// Which HTTP statuses a policy tries again; any other status is the answer.
using StatusPredicate = bool (*)(int status);

/// Whether a transport error (a cut connection, a timeout) is tried again.
/// kAnswer: it is the answer, for a change whose caller must first find out
/// whether it happened (the request may have been applied, its answer lost).
enum class TransportRetry { kRetry, kAnswer };

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
  /// With a deadline: a server that cannot be reached at all (no connection,
  /// no address) for this long is down, and waiting out the deadline is
  /// pointless (a smoke's waits; cleanup keeps trying until its deadline).
  std::optional<std::chrono::milliseconds> give_up_unreachable_after;
  StatusPredicate retry_status = is_retryable_status;
  TransportRetry transport = TransportRetry::kRetry;

  /// Retry until `deadline`, honouring whatever wait the server asks for within it.
  static RetryPolicy until(Clock::TimePoint deadline);
  /// One attempt, whatever happens (probes whose caller loops on its own).
  static RetryPolicy once();
  /// Only what says the request was not applied (429) is tried again; a transport error, a 408 or
  /// a 5xx is ambiguous and comes back to the caller, who reads the resource before anything else.
  static RetryPolicy unapplied_only();
};

}  // namespace flypin::core
