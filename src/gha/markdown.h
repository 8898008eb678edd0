#pragma once
// Step-summary Markdown: the one home for putting text that anyone may
// control (a server's answer, an error that quotes one, an app's log line)
// into a summary so that it renders as that text and nothing else — no image,
// link, HTML tag, emphasis, extra table column or line comes out of it — and
// for keeping a summary under the size GitHub accepts.

#include <cstddef>
#include <string>
#include <string_view>

namespace flypin::gha {

/// Literal text on one line, for a table cell or a sentence: line breaks
/// become spaces, and every character that Markdown or HTML reads as syntax
/// here (\ ` * ~ [ ] < > | &) is backslash-escaped.
std::string markdown_cell(std::string_view text);

/// Where a code span stands: a table cell (GFM splits cells at "|" even inside
/// code, so it is escaped there) or running text.
enum class Within { kTable, kText };

/// `text` as a code span that cannot be closed early: fenced by one more
/// backtick than the longest run it holds (and padded when it has any), line
/// breaks as spaces. HTML and Markdown are not read inside a code span.
std::string markdown_code(std::string_view text, Within within = Within::kTable);

/// Text for inside <pre>...</pre>: &, < and > as entities, so that no tag
/// (not even "</pre>") comes out of it.
std::string html_text(std::string_view text);

/// GitHub drops a step summary over 1 MiB whole; flypin writes at most this
/// much, the rest of the report is in the step's log.
inline constexpr std::size_t kMaxSummaryBytes = 900 * 1024;

/// `markdown` when it fits in `limit` bytes; else cut at a line boundary, the
/// blocks it leaves open (<pre>, <details>, a ``` fence) closed, and a note of
/// how much was cut.
std::string capped_summary(std::string markdown, std::size_t limit = kMaxSummaryBytes);

}  // namespace flypin::gha
