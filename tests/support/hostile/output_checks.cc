#include "support/hostile/output_checks.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace flypin::hostile {
namespace {

std::vector<std::string> runner_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
      lines.push_back(line);
      line.clear();
    } else {
      line += text[i];
    }
  }
  return lines;
}

bool has(std::string_view text, std::string_view what) { return text.find(what) != std::string_view::npos; }

// The line with its code spans (a run of n backticks up to the next run of
// exactly n) and backslash escapes removed: what is left is read as Markdown.
std::string outside_code_spans(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size();) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      out += '_';  // an escaped character is literal text
      i += 2;
      continue;
    }
    if (line[i] != '`') {
      out += line[i++];
      continue;
    }
    size_t n = 0;
    while (i + n < line.size() && line[i + n] == '`') ++n;
    size_t close = i + n;
    bool closed = false;
    while (close < line.size()) {
      close = line.find('`', close);
      if (close == std::string_view::npos) break;
      size_t m = 0;
      while (close + m < line.size() && line[close + m] == '`') ++m;
      if (m == n) {
        closed = true;
        break;
      }
      close += m;
    }
    if (!closed) {  // an unclosed run is literal backticks
      out.append(n, '`');
      i += n;
      continue;
    }
    out += "(code)";
    i = close + n;
  }
  return out;
}

bool is_ours(std::string_view tag_start) {
  // The tags flypin's own summaries use around what they show.
  static constexpr std::array<std::string_view, 8> kOwn{"<details>", "</details>", "<summary>", "</summary>",
                                                        "<pre>",     "</pre>",     "<code>",    "</code>"};
  return std::any_of(kOwn.begin(), kOwn.end(), [&](std::string_view t) { return tag_start.starts_with(t); });
}

bool raw_tag(std::string_view text) {
  for (size_t i = text.find('<'); i != std::string_view::npos; i = text.find('<', i + 1)) {
    if (i + 1 >= text.size()) break;
    const char next = text[i + 1];
    if ((std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!') && !is_ours(text.substr(i)))
      return true;
  }
  return false;
}

// A line break in a value began a line (a heading, a row) with the planted
// text, or an unescaped "|" split a cell right before it.
bool made_by_a_line_break(std::string_view trimmed, std::string_view text, const std::string& marker) {
  if (trimmed.starts_with(marker)) return true;
  if (trimmed.starts_with("#") && has(trimmed, marker)) return true;
  return has(text, "|" + marker);
}

// The annotation a program writes for its own failure ("::error title=<program> failed::<message>"): a
// command by design, whose message (escaped, gha::escape_data) may quote what a server said.
bool is_own_annotation(std::string_view line) {
  static constexpr std::array<std::string_view, 4> kPrograms{"build-image", "pin-image", "smoke-machine",
                                                             "roll-machines"};
  for (std::string_view kind : {"::error title=", "::warning title="}) {
    if (!line.starts_with(kind)) continue;
    const auto title = line.substr(kind.size());
    for (auto program : kPrograms) {
      if (title.starts_with(program) && title.substr(program.size()).starts_with(" failed::")) return !has(line, "##[");
    }
  }
  return false;
}

}  // namespace

std::string forged_markup() {
  const std::string m = kForged;
  return "x) ![p](http://x.test/p.png) [run](http://x.test/r) <img src=http://x.test/i> `|" + m + "\n# " + m +
         "\n```\n</pre><img src=http://x.test/j>" + m + "`` <script>";
}

std::string forged_command() { return std::string("##[set-output name=machine-id]") + kForged; }

std::vector<std::string> workflow_commands(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : runner_lines(text)) {
    const auto start = line.find_first_not_of(" \t");
    if ((start != std::string::npos && line.compare(start, 2, "::") == 0) || has(line, "##[")) out.push_back(line);
  }
  return out;
}

std::vector<std::string> forged_commands(const std::string& text, const std::string& marker) {
  auto commands = workflow_commands(text);
  std::erase_if(commands, [&](const std::string& line) { return !has(line, marker) || is_own_annotation(line); });
  return commands;
}

std::vector<std::string> markdown_injections(const std::string& summary, const std::string& marker) {
  std::vector<std::string> found;
  bool in_fence = false;
  bool in_pre = false;
  for (const auto& line : runner_lines(summary)) {
    const auto start = line.find_first_not_of(" \t");
    const std::string_view trimmed =
        start == std::string::npos ? std::string_view() : std::string_view(line).substr(start);
    if (in_pre) {
      // HTML, not Markdown: only a tag can do harm here, and "</pre>" ends it.
      const auto end = trimmed.find("</pre>");
      if (raw_tag(trimmed.substr(0, end))) found.push_back(line);
      if (end != std::string_view::npos) in_pre = false;
      continue;
    }
    if (trimmed.starts_with("```")) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    const std::string text = outside_code_spans(line);
    if (has(text, "](") || has(text, "![")) {
      found.push_back(line);
    } else if (raw_tag(text)) {
      found.push_back(line);
    } else if (!marker.empty() && made_by_a_line_break(trimmed, text, marker)) {
      found.push_back(line);
    }
    if (has(line, "<pre>") && !has(line, "</pre>")) in_pre = true;
  }
  return found;
}

}  // namespace flypin::hostile
