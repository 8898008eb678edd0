#pragma once
// The Fly logs API as flyctl reads it (shared/specs/fly-logs-api.md):
// GET {base}/api/v1/apps/{app}/logs?next_token=<t>[&instance=<id>][&region=<r>].
// Not part of the Machines API: another base URL (FLY_LOGS_API_URL, default
// https://api.fly.io), the same token. Logs are a diagnosis aid, so refusals
// (401/403/404, common with deploy tokens) are a distinct, expected error that
// callers report in one line and carry on. Redirects are never followed: the
// token goes to the base URL's origin only.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/http.h"
#include "core/retry_policy.h"
#include "fly/log_entry.h"

namespace flypin::fly {

inline constexpr const char* kLogsApiName = "Fly logs API";
inline constexpr const char* kDefaultLogsApiUrl = "https://api.fly.io";
/// Error::codes entry of a refusal (401, 403, 404): see is_logs_refused().
inline constexpr const char* kLogsRefusedCode = "logs-refused";

struct LogsSettings {
  std::string base_url = kDefaultLogsApiUrl;
  std::string token;
  /// Which variable the token came from, for error messages (never its value).
  std::string credential = "FLY_API_TOKEN";
  /// About 100 entries a page; room for long lines, still a bound on a hostile server.
  std::size_t max_body = 4 * core::kMiB;
  std::chrono::milliseconds timeout{15'000};
  /// The calls' retry rule when not the HttpClient's (a program's: once, see fly/access.h).
  std::optional<core::RetryPolicy> retry;
  /// A line longer than this is cut (and says so): 40 lines of 1 MiB would
  /// make a failure report too large for a step summary, an output or memory.
  std::size_t max_line = 4 * core::kKiB;
};

struct LogQuery {
  std::string app;
  std::string instance;    // machine id; "" for every machine
  std::string region;      // dropped when `instance` is set, as flyctl does
  std::string next_token;  // "" on the first call
};

enum class MorePages { kNo, kYes };

struct LogBatch {
  std::vector<LogEntry> entries;    // in the order served (oldest first)
  std::string next_token;           // for the next call: only newer entries
  MorePages more = MorePages::kNo;  // the page cap stopped the reading, not the end of the logs
};

class LogsClient {
 public:
  LogsClient(core::HttpClient& http, LogsSettings settings);

  /// One GET. A page with no entries means nothing newer has arrived yet.
  core::Result<LogPage> page(const LogQuery& query);

  /// Pages from `query.next_token` on, until a page has no entries, the token
  /// stops moving or `max_pages` pages were read: everything ingested so far.
  /// The token of an empty page is not adopted (flyctl's rule).
  core::Result<LogBatch> read_available(LogQuery query, int max_pages = 10);

  const LogsSettings& settings() const { return settings_; }

 private:
  LogsSettings settings_;
  core::HttpClient& http_;
};

/// True for the error of a 401, 403 or 404 answer: the token may not read logs
/// (deploy tokens often may not) or the app is unknown to the logs API.
bool is_logs_refused(const core::Error& error);

}  // namespace flypin::fly
