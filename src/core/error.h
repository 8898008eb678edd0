#pragma once
// Errors as data: library code returns an Error inside a Result; only cmd/
// turns one into an exit status.

#include <string>
#include <vector>

namespace flypin::core {

enum class ErrorKind {
  kUsage,      // bad flag, bad input, missing credential: exit 2, no network call made
  kNetwork,    // connection refused, DNS, reset, TLS
  kTimeout,    // a request or an overall deadline ran out
  kHttp,       // the server answered with an unexpected status
  kDecode,     // the server answered something we could not parse or would not accept (too deep, too large)
  kNotFound,   // a thing we were asked to prove exists does not
  kCheck,      // an operation ran but its result failed verification
  kCancelled,  // SIGINT or SIGTERM arrived
  kInternal,   // a local failure (file, process)
};

/// Whether another attempt could help. Most errors leave that to their kind;
/// a few are final although their kind usually is not: a certificate that
/// failed verification, a body over its cap, a transfer that stalled.
enum class Finality { kByKind, kFinal };

/// Whether a failed request may have reached the server. A refused connection
/// or a name that does not resolve proves it did not: nothing can have happened
/// there, so even a create may be sent again, and a caller need not look for
/// what it might have made.
enum class Delivery { kMaybeDelivered, kNotSent };

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;  // one line, already free of secrets
  std::string api;      // "registry", "Fly Machines API", "Supabase Management API"
  std::string method;   // HTTP method, when a request was involved
  std::string url;      // redacted URL
  int http_status = 0;
  std::string body_excerpt;        // first bytes of the response body, redacted
  std::vector<std::string> codes;  // e.g. registry error codes, Fly error code
  Finality finality = Finality::kByKind;
  Delivery delivery = Delivery::kMaybeDelivered;

  /// Transport errors, timeouts, 408, 429 and 5xx are worth another try, unless final.
  bool retryable() const;
  /// One line for a human: message, then status and request where known.
  std::string describe() const;

  static Error usage(std::string message);
  static Error internal(std::string message);
  static Error check(std::string message);
  static Error not_found(std::string message);
  static Error cancelled();
};

const char* error_kind_name(ErrorKind kind);

}  // namespace flypin::core
