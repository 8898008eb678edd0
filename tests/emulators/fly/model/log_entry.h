#pragma once
// One line of an app's logs, as the logs API serves it, and a page of them.

#include <chrono>
#include <string>
#include <vector>

namespace flypin::emulators::fly {

struct LogLine {
  std::string instance;  // machine id
  std::string region;
  std::string provider;  // app | runner
  std::string level;     // info | error
  std::string message;
};

struct LogEntry {
  LogLine line;
  long long timestamp_ns = 0;
  std::chrono::steady_clock::time_point arrived;
};

struct LogQuery {
  std::string next_token;  // "" for the start
  std::string instance;    // "" for every machine
  std::string region;      // "" for every region
};

struct LogPage {
  std::vector<LogEntry> entries;
  std::string next_token;  // the last entry's stamp; the query's own when the page is empty
};

}  // namespace flypin::emulators::fly
