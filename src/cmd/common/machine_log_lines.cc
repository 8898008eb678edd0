#include "cmd/common/machine_log_lines.h"

#include <spdlog/spdlog.h>

#include "core/log_line.h"
#include "gha/markdown.h"

namespace flypin::cmd {

void print_last_lines(gha::ActionsIO& io, const std::string& machine_id, const fly::MachineLogs& logs) {
  if (!logs.lines.empty()) {
    const std::string title =
        "last " + std::to_string(logs.lines.size()) + " log lines of machine " + machine_id + " (oldest first)";
    io.group_begin(title);
    spdlog::info("{}:", title);
    for (const auto& line : logs.lines) spdlog::info("  {}", fly::format_log_line(line));
    io.group_end();
  } else if (!logs.unavailable) {
    spdlog::info("machine {} printed nothing to its logs", machine_id);
  }
  if (!logs.note.empty()) spdlog::warn("{}", logs.note);
}

std::string last_lines_markdown(const std::string& machine_id, const fly::MachineLogs& logs) {
  // <pre>, not a ``` fence: a log line of ``` would close a fence; inside it
  // the lines are text (gha::html_text), whatever they print.
  std::string md;
  if (!logs.lines.empty()) {
    md += "\n<details><summary>Last " + std::to_string(logs.lines.size()) + " log lines of machine <code>" +
          gha::html_text(machine_id) + "</code></summary>\n\n<pre>\n";
    for (const auto& line : logs.lines) md += gha::html_text(fly::format_log_line(line)) + "\n";
    md += "</pre>\n</details>\n";
  }
  if (!logs.note.empty()) md += "\n" + gha::html_text(core::one_log_line(logs.note)) + "\n";
  return md;
}

}  // namespace flypin::cmd
