#include "emulators/fly/fleet/log_store.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace flypin::emulators::fly {
namespace {

long long unix_ns_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LogStore::LogStore() : LogStore([] { return std::chrono::steady_clock::now(); }, unix_ns_now) {}

LogStore::LogStore(Now now, Stamp stamp) : now_(std::move(now)), stamp_(std::move(stamp)) {}

void LogStore::append(const std::string& app, LogLine line) {
  if (line.message.size() > kMaxMessage) line.message.resize(kMaxMessage);
  std::lock_guard lock(mutex_);
  LogEntry entry{std::move(line), std::max(stamp_(), last_ns_ + 1), now_()};
  last_ns_ = entry.timestamp_ns;
  auto& entries = apps_[app];
  entries.push_back(std::move(entry));
  if (entries.size() > kKeptPerApp) entries.pop_front();
}

core::Result<LogPage> LogStore::page(const std::string& app, const LogQuery& query,
                                     std::chrono::milliseconds ingestion_delay, EmptyLogsPageToken empty_page) {
  long long after = 0;
  if (!query.next_token.empty()) {
    char* end = nullptr;
    errno = 0;
    after = std::strtoll(query.next_token.c_str(), &end, 10);
    if (*end != '\0' || errno != 0 || after < 0) return core::Error::usage("invalid next_token");
  }
  LogPage out;
  out.next_token = query.next_token;
  std::lock_guard lock(mutex_);
  if (empty_page == EmptyLogsPageToken::kAdvanced) out.next_token = std::to_string(std::max(stamp_(), last_ns_));
  auto it = apps_.find(app);
  if (it == apps_.end()) return out;
  const auto visible_before = now_() - ingestion_delay;
  const auto& entries = it->second;
  auto from = std::upper_bound(entries.begin(), entries.end(), after,
                               [](long long ns, const LogEntry& e) { return ns < e.timestamp_ns; });
  for (; from != entries.end() && out.entries.size() < kPageSize; ++from) {
    // Entries arrive in stamp order, so the first one still in flight ends the page.
    if (from->arrived > visible_before) break;
    if (!query.instance.empty() && from->line.instance != query.instance) continue;
    if (!query.region.empty() && from->line.region != query.region) continue;
    out.entries.push_back(*from);
    out.next_token = std::to_string(from->timestamp_ns);
  }
  return out;
}

std::string LogStore::output_of(const std::string& instance) {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [app, entries] : apps_) {
    for (const auto& e : entries) {
      if (e.line.instance == instance && e.line.provider == "app") out += e.line.message + "\n";
    }
  }
  return out;
}

std::vector<std::string> LogStore::last_output(const std::string& instance, size_t count) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [app, entries] : apps_) {
    for (auto it = entries.rbegin(); it != entries.rend() && out.size() < count; ++it) {
      if (it->line.instance == instance && it->line.provider == "app") out.insert(out.begin(), it->line.message);
    }
  }
  return out;
}

void LogStore::clear() {
  std::lock_guard lock(mutex_);
  apps_.clear();
}

}  // namespace flypin::emulators::fly
