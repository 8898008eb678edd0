#pragma once
// Every app's log lines, as Fly's logs API serves them: the machines' own
// output (provider "app") and their lifecycle (provider "runner"), stamped in
// nanoseconds. A stamp is unique and increasing, so it is also the paging
// token: the next page holds only the entries after it. An entry becomes
// visible `ingestion_delay` after it arrived, as logs reach Fly's API late.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "emulators/fly/fleet/variants.h"
#include "emulators/fly/model/log_entry.h"

namespace flypin::emulators::fly {

class LogStore {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  using Stamp = std::function<long long()>;  // Unix nanoseconds

  static constexpr size_t kPageSize = 100;
  static constexpr size_t kKeptPerApp = 20000;
  static constexpr size_t kMaxMessage = 16 * 1024;

  LogStore();
  LogStore(Now now, Stamp stamp);

  void append(const std::string& app, LogLine line);
  /// An error (the 400 message) when next_token is not a token this API gave. An empty page keeps
  /// the token asked with, or (kAdvanced) moves it to now: lines still in flight are then past it.
  core::Result<LogPage> page(const std::string& app, const LogQuery& query, std::chrono::milliseconds ingestion_delay,
                             EmptyLogsPageToken empty_page = EmptyLogsPageToken::kKept);
  /// One machine's app output, one line each (for /_admin/machines/{id}/log).
  std::string output_of(const std::string& instance);
  /// Its last `count` app lines, oldest first.
  std::vector<std::string> last_output(const std::string& instance, size_t count);
  void clear();

 private:
  std::mutex mutex_;
  Now now_;
  Stamp stamp_;
  long long last_ns_ = 0;
  std::map<std::string, std::deque<LogEntry>> apps_;
};

}  // namespace flypin::emulators::fly
