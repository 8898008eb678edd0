#include "cmd/common/machine_log_lines.h"

#include <spdlog/spdlog.h>

#include "core/log_line.h"

namespace flypin::cmd {
namespace {

// Inside <pre> the lines are text, whatever they print.
std::string html_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

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
  std::string md;
  if (!logs.lines.empty()) {
    md += "\n<details><summary>Last " + std::to_string(logs.lines.size()) + " log lines of machine <code>" +
          machine_id + "</code></summary>\n\n<pre>\n";
    for (const auto& line : logs.lines) md += html_escaped(fly::format_log_line(line)) + "\n";
    md += "</pre>\n</details>\n";
  }
  if (!logs.note.empty()) md += "\n" + html_escaped(core::one_log_line(logs.note)) + "\n";
  return md;
}

}  // namespace flypin::cmd
