#include "cmd/smoke-machine/machine_output.h"

#include <spdlog/spdlog.h>

#include "core/log_line.h"
#include "core/redact.h"
#include "fly/machine_logs.h"

namespace flypin::cmd::smoke_machine {

void print_new_lines(gha::ActionsIO& io, const std::string& machine_id, const std::vector<fly::LogEntry>& lines) {
  if (lines.empty()) return;
  io.group_begin("output of machine " + machine_id + " (" + std::to_string(lines.size()) + " new lines)");
  for (const auto& line : lines) spdlog::info("  {}", fly::format_log_line(line));
  io.group_end();
}

std::optional<std::int64_t> failure_time(const fly::Machine& machine) {
  if (!fly::is_terminal_state(machine.state) || machine.events.empty()) return std::nullopt;
  long long newest = 0;
  for (const auto& event : machine.events) newest = std::max(newest, event.timestamp_ms);
  if (newest <= 0) return std::nullopt;
  return static_cast<std::int64_t>(newest) * 1'000'000;
}

std::string app_line_text(const fly::LogEntry& entry) {
  constexpr std::size_t kMax = 300;
  std::string text = core::one_log_line(core::redact(entry.text()));
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

}  // namespace flypin::cmd::smoke_machine
