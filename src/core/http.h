#pragma once
// The HTTP seam. Everything that talks to a server takes an HttpClient&, so
// tests can count requests, inject faults and retry without wall time.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/retry_policy.h"

namespace flypin::core {

/// Ordered header list with case-insensitive lookup.
class Headers {
 public:
  Headers() = default;
  Headers(std::initializer_list<std::pair<std::string, std::string>> init) : items_(init) {}

  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  void set(const std::string& name, std::string value);
  std::optional<std::string> get(std::string_view name) const;
  std::vector<std::string> get_all(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

bool iequals(std::string_view a, std::string_view b);
/// Without the optional whitespace (spaces and tabs) around a header value or part of one.
std::string_view trim_ows(std::string_view s);

inline constexpr std::size_t kKiB = 1024;
inline constexpr std::size_t kMiB = 1024 * kKiB;
/// The body cap of a call that does not choose one: room for a Fly machine
/// list of a large app, and still a bound on what a hostile server costs.
inline constexpr std::size_t kDefaultMaxBody = 16 * kMiB;

/// A response that has begun (its first header line arrived) must keep
/// coming: fewer than `min_bytes` (headers and body) in any `window` is a
/// stall, and the transfer is abandoned. Before the first byte only the
/// request's timeouts apply, so long-polling calls are unaffected.
struct StallLimit {
  std::size_t min_bytes = kKiB;
  std::chrono::milliseconds window{5'000};
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};
  /// Which API this request belongs to, for error messages ("registry", ...).
  std::string api;
  /// Non-idempotent calls (POST) are retried only when the caller says so.
  bool retry_unsafe = false;
  /// The largest (decoded) response body this call accepts; the transfer is
  /// aborted as soon as a body exceeds it. Choose it by what the call needs.
  std::size_t max_body = kDefaultMaxBody;
  StallLimit stall;
  /// This call's retry policy when it differs from its client's (a long poll
  /// whose 408 means "not yet", cleanup that retries until its own deadline).
  std::optional<RetryPolicy> retry;

  bool idempotent() const;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  bool success() const { return status >= 200 && status < 300; }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// Transport failures come back as an Error; any HTTP status is a response.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

/// Build an Error of kind kHttp for an unexpected response.
Error http_error(const HttpRequest& request, const HttpResponse& response, std::string message);

/// Body excerpt for errors: at most `limit` bytes, one line, redacted.
std::string body_excerpt(std::string_view body, size_t limit = 300);

/// "4 MiB", "512 KiB", "300 bytes": a size limit for messages.
std::string size_text(std::size_t bytes);

}  // namespace flypin::core
