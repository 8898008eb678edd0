#pragma once
// What a hostile test looks for in what a program printed or wrote: workflow
// commands the Actions runner would obey (stdout and stderr), and Markdown or
// HTML that a server's text turned live in a step summary. One home for both
// rules, so every suite checks the same thing.

#include <string>
#include <vector>

namespace flypin::hostile {

/// The word a hostile server plants in what it says, to be found again.
inline constexpr const char* kForged = "FORGED";

/// Text a server could answer where flypin expects a region, a state, a run
/// URL or a log line: an image, links, tags (one closing </pre>), a table
/// column and a heading behind line breaks, backticks that would close a code
/// span, each carrying kForged.
std::string forged_markup();

/// A legacy workflow command carrying kForged, as an app's log line or a server's field could hold it.
std::string forged_command();

/// Lines the runner would take as a workflow command: "::" at the start after
/// leading blanks, or "##[" anywhere. Lines end at \n, \r and \r\n, as the
/// runner reads them.
std::vector<std::string> workflow_commands(const std::string& text);

/// Workflow commands in `text` that are not the program's own: lines that
/// carry `marker` (the text a hostile server planted), other than the
/// program's annotation of its own failure ("::error title=<program>
/// failed::...", its message escaped and free of "##[").
std::vector<std::string> forged_commands(const std::string& text, const std::string& marker);

/// Places where `summary` would render something other than literal text:
/// outside code spans, fenced blocks and <pre> blocks, an image or a link
/// ("](" or "!["), a raw tag ("<" + letter, "</", "<!") other than the few
/// flypin writes itself, a line a line break made (beginning with `marker`, or
/// a heading carrying it), or an unescaped "|" right before `marker`; inside
/// <pre>, any raw tag. Each finding is the offending line.
std::vector<std::string> markdown_injections(const std::string& summary, const std::string& marker);

}  // namespace flypin::hostile
