#include "gha/markdown.h"

#include <algorithm>

namespace flypin::gha {
namespace {

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  static constexpr std::string_view kSyntax = "\\`*~[]<>|&";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (is_line_break(c)) {
      out += ' ';
    } else {
      if (kSyntax.find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text, Within within) {
  std::string body;
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
    if (is_line_break(c)) {
      body += ' ';
    } else if (c == '|' && within == Within::kTable) {
      body += "\\|";
    } else {
      body += c;
    }
  }
  const std::string fence(longest + 1, '`');
  // One space each side is stripped again by the reader; it keeps a backtick at
  // either end of the text from joining the fence.
  const std::string pad = longest > 0 ? " " : "";
  return fence + pad + body + pad + fence;
}

std::string html_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string capped_summary(std::string markdown, std::size_t limit) {
  if (markdown.size() <= limit) return markdown;
  const std::size_t total = markdown.size();
  // Room for the closing tags and the note.
  const std::size_t keep_at_most = limit > 512 ? limit - 512 : 0;
  std::size_t keep = markdown.rfind('\n', keep_at_most);
  keep = keep == std::string::npos ? 0 : keep + 1;
  markdown.resize(keep);
  std::string closing;
  if (count_of(markdown, "\n```") % 2 == 1 || markdown.starts_with("```")) closing += "```\n";
  if (count_of(markdown, "<pre>") > count_of(markdown, "</pre>")) closing += "</pre>\n";
  if (count_of(markdown, "<details>") > count_of(markdown, "</details>")) closing += "</details>\n";
  markdown += closing;
  markdown += "\n**This summary was cut:** " + std::to_string(total - keep) + " of " + std::to_string(total) +
              " bytes are not shown (GitHub drops a step summary over 1 MiB); the step's log has the whole report.\n";
  return markdown;
}

}  // namespace flypin::gha
