#pragma once
// One line of a Fly app's logs as the logs API serves it
// (shared/specs/fly-logs-api.md), and the page that carries it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flypin::fly {

struct LogEntry {
  std::string id;
  std::string timestamp;                // as served, RFC 3339 with nanoseconds
  std::optional<std::int64_t> unix_ns;  // parsed; nullopt when the server sent something else
  std::string message;                  // raw: not yet redacted or made one line
  std::string level;
  std::string instance;  // machine id
  std::string region;
  std::string provider;       // "app", "runner", "proxy" or "" when absent
  std::string error_message;  // meta.error.message: flyctl prints it instead of `message`

  /// What flyctl shows as the line: the error message when set, else the message.
  const std::string& text() const { return error_message.empty() ? message : error_message; }
};

struct LogPage {
  std::vector<LogEntry> entries;
  std::string next_token;  // "" when the answer had none (keep the previous one)
};

}  // namespace flypin::fly
