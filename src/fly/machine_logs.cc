#include "fly/machine_logs.h"

#include <algorithm>

#include "core/log_line.h"
#include "core/redact.h"

namespace flypin::fly {
namespace {

using std::chrono::milliseconds;

std::size_t entry_bytes(const LogEntry& e) { return e.message.size() + e.error_message.size(); }

std::string seconds_text(milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

}  // namespace

const LogEntry* MachineLogs::last_app_line() const {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (it->provider == "app" && !it->text().empty()) return &*it;
  }
  return nullptr;
}

MachineLogReader::MachineLogReader(LogsClient& client, core::Clock& clock, std::string app, std::string instance,
                                   MachineLogOptions options)
    : client_(client),
      clock_(clock),
      query_{std::move(app), std::move(instance), "", ""},
      options_(options),
      next_due_(clock.now()),
      pause_(options.min_interval) {}

std::size_t MachineLogReader::read_now() {
  last_read_ = clock_.now();
  auto batch = client_.read_available(query_);
  const auto now = clock_.now();
  if (!batch.ok()) {
    // An API that cannot be reached twice in a row (a refused connection, no
    // address) will not deliver late lines either: a failure's verdict does
    // not wait for it.
    const bool unreachable = batch.error().delivery == core::Delivery::kNotSent;
    unreachable_in_a_row_ = unreachable ? unreachable_in_a_row_ + 1 : 0;
    if (is_logs_refused(batch.error()) || batch.error().kind == core::ErrorKind::kCancelled ||
        ++errors_in_a_row_ >= options_.max_errors_in_a_row || unreachable_in_a_row_ >= 2) {
      stopped_ = batch.error();
    }
    last_error_ = batch.error();
    pause_ = std::min(std::max(pause_ * 2, options_.min_interval), options_.max_error_interval);
    next_due_ = now + pause_;
    return 0;
  }
  errors_in_a_row_ = 0;
  unreachable_in_a_row_ = 0;
  last_error_.reset();
  query_.next_token = batch->next_token;
  more_pages_ = batch->more == MorePages::kYes;
  std::size_t added = 0;
  for (auto& entry : batch->entries) {
    if (!query_.instance.empty() && !entry.instance.empty() && entry.instance != query_.instance) continue;
    if (entry.unix_ns) newest_ns_ = std::max(newest_ns_.value_or(*entry.unix_ns), *entry.unix_ns);
    tail_bytes_ += entry_bytes(entry);
    tail_.push_back(std::move(entry));
    while (tail_.size() > options_.keep || (tail_.size() > 1 && tail_bytes_ > options_.max_bytes)) {
      if (tail_.size() <= options_.keep) ++dropped_for_size_;
      tail_bytes_ -= entry_bytes(tail_.front());
      tail_.pop_front();
    }
    ++added;
  }
  pause_ = added > 0 || more_pages_ ? options_.min_interval
                                    : std::min(pause_ * 2, std::max(options_.max_idle_interval, options_.min_interval));
  next_due_ = now + pause_;
  return added;
}

std::vector<LogEntry> MachineLogReader::poll_new() {
  if (stopped_ || clock_.now() < next_due_) return {};
  const std::size_t added = read_now();
  const auto n = static_cast<std::ptrdiff_t>(std::min(added, tail_.size()));
  return std::vector<LogEntry>(tail_.end() - n, tail_.end());
}

bool MachineLogReader::reached(std::optional<std::int64_t> at_or_after_unix_ns) const {
  return !at_or_after_unix_ns || (newest_ns_ && *newest_ns_ >= *at_or_after_unix_ns);
}

MachineLogs MachineLogReader::last_lines(std::optional<std::int64_t> at_or_after_unix_ns, milliseconds wait) {
  const auto start = clock_.now();
  const auto deadline = start + wait;
  // A failure is worth a read as soon as flyctl's interval allows, whatever
  // the idle back-off of poll_new() had reached.
  if (last_read_) next_due_ = std::min(next_due_, *last_read_ + options_.min_interval);
  bool read_once = false;
  while (!stopped_) {
    const auto now = clock_.now();
    if (read_once && (now >= deadline || (!more_pages_ && reached(at_or_after_unix_ns)))) break;
    if (now < next_due_) {
      if (next_due_ > deadline && read_once) break;
      if (!clock_.sleep_for(std::chrono::ceil<milliseconds>(next_due_ - now))) break;
    }
    read_now();
    read_once = true;
  }
  MachineLogs logs;
  logs.lines.assign(tail_.begin(), tail_.end());
  // A read that failed last leaves the lines in doubt: always when there is no
  // failure time to have reached, else unless a line from that time arrived.
  if (stopped_ || (last_error_ && (!at_or_after_unix_ns || !reached(at_or_after_unix_ns)))) {
    logs.unavailable = stopped_ ? stopped_ : last_error_;
    logs.completeness = Completeness::kMaybeIncomplete;
    logs.note = is_logs_refused(*logs.unavailable)
                    ? logs.unavailable->message
                    : "could not read the machine's logs: " + logs.unavailable->describe();
  } else if (more_pages_) {
    logs.completeness = Completeness::kMaybeIncomplete;
    logs.note = "the machine's logs kept coming; these may not be the newest lines";
  } else if (!reached(at_or_after_unix_ns)) {
    logs.completeness = Completeness::kMaybeIncomplete;
    logs.note = "the logs may be incomplete: no line from the time of the failure arrived within " +
                seconds_text(std::chrono::duration_cast<milliseconds>(clock_.now() - start));
  }
  if (dropped_for_size_ > 0) {
    logs.note += std::string(logs.note.empty() ? "" : "; ") + std::to_string(dropped_for_size_) +
                 " older lines were cut to keep the report under " + std::to_string(options_.max_bytes / 1024) + " KiB";
  }
  return logs;
}

std::string format_log_line(const LogEntry& e) {
  std::string line = e.timestamp + " " + (e.provider.empty() ? std::string("app") : e.provider) + "[" + e.instance +
                     "] " + e.region + " [" + e.level + "] " + e.text();
  return core::one_log_line(core::redact(line));
}

}  // namespace flypin::fly
