#pragma once
// The last lines one machine printed, as a failure report needs them: read
// through the logs API (fly/logs_client.h) from the start of the machine's
// logs, keeping only the newest lines, and waiting for ingestion (logs arrive
// late) until a line stamped at or after the failure has arrived or a wait
// runs out. A refusal (401/403/404, common with deploy tokens) is an answer,
// not a failure: the caller reports it in one line and carries on.
//
// Polling is never faster than flyctl's: flyctl (superfly/flyctl
// logs/polling.go) asks again 128 ms after an empty page (minWait 64 ms,
// doubled) and backs off to 4096 ms on errors, stopping at once on 401/404 and
// after 10 errors in a row. We wait at least those 128 ms after every read,
// double the pause while nothing new arrives (up to 1 s) and on errors (up to
// 4096 ms), and stop on refusals, after 10 errors in a row, and when the API
// cannot be reached twice in a row (a refused connection costs a failure's
// verdict a few hundred milliseconds, not the whole --logs-wait).

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "fly/log_entry.h"
#include "fly/logs_client.h"

namespace flypin::fly {

/// flyctl's idle polling interval (logs/polling.go: backoff(minWait = 64 ms)).
inline constexpr std::chrono::milliseconds kFlyctlLogsPollInterval{128};

enum class Completeness { kComplete, kMaybeIncomplete };

/// What the logs say about one machine at a failure.
struct MachineLogs {
  std::vector<LogEntry> lines;  // the newest ones kept, oldest first
  Completeness completeness = Completeness::kComplete;
  /// Why the lines may be incomplete, one line for the user ("" when complete).
  std::string note;
  /// Set when the logs API refused (is_logs_refused) or kept failing; `lines`
  /// are whatever arrived before.
  std::optional<core::Error> unavailable;

  /// The last line the app itself printed (provider "app"), or nullptr.
  const LogEntry* last_app_line() const;
};

struct MachineLogOptions {
  std::size_t keep = 40;  // lines kept: the newest
  /// And at most this many bytes of them (older lines give way): what a failure
  /// report carries into a step summary and an output stays well under 1 MiB.
  std::size_t max_bytes = 256 * 1024;
  std::chrono::milliseconds min_interval = kFlyctlLogsPollInterval;
  std::chrono::milliseconds max_idle_interval{1000};
  std::chrono::milliseconds max_error_interval{4096};
  int max_errors_in_a_row = 10;
};

class MachineLogReader {
 public:
  MachineLogReader(LogsClient& client, core::Clock& clock, std::string app, std::string instance,
                   MachineLogOptions options = {});

  /// Reads what arrived since the last read, when a read is due (never sooner
  /// than the polling rules above allow); returns the new lines, oldest first.
  /// Nothing when not due, after a refusal, or after too many errors.
  std::vector<LogEntry> poll_new();

  /// The newest `keep` lines, after waiting until a line stamped at or after
  /// `at_or_after_unix_ns` has arrived (when given) or `wait` has passed. An
  /// interrupted sleep ends the wait.
  MachineLogs last_lines(std::optional<std::int64_t> at_or_after_unix_ns, std::chrono::milliseconds wait);

  /// Why reading stopped for good (a refusal, or errors), if it did.
  const std::optional<core::Error>& stopped() const { return stopped_; }

 private:
  /// One read of everything available; returns how many lines were new.
  std::size_t read_now();
  bool reached(std::optional<std::int64_t> at_or_after_unix_ns) const;

  LogsClient& client_;
  core::Clock& clock_;
  LogQuery query_;
  MachineLogOptions options_;
  std::deque<LogEntry> tail_;
  std::size_t tail_bytes_ = 0;
  std::size_t dropped_for_size_ = 0;  // lines within `keep` given way to max_bytes
  std::optional<std::int64_t> newest_ns_;
  core::Clock::TimePoint next_due_;
  std::optional<core::Clock::TimePoint> last_read_;  // when the last read began
  std::chrono::milliseconds pause_;
  int errors_in_a_row_ = 0;
  int unreachable_in_a_row_ = 0;
  std::optional<core::Error> last_error_;
  std::optional<core::Error> stopped_;
  bool more_pages_ = false;  // the last read stopped at its page cap
};

/// One line as flyctl prints it: `<timestamp> <provider>[<instance>] <region> [<level>] <text>`,
/// redacted and made one line.
std::string format_log_line(const LogEntry& entry);

}  // namespace flypin::fly
