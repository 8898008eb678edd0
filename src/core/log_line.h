#pragma once
// What may appear on one line of flypin's output. The Actions runner reads
// every line of a step's stdout and stderr for workflow commands: "::name::"
// at the start of a line (after blanks), and the legacy "##[name]" anywhere in
// it. Text we echo (flag values, API answers, machine and builder output) must
// never become one. This is the one home of that rule: a log record is always
// exactly one line that neither starts with "::" nor carries "##[", and a
// --json line carries no "##[" either.

#include <string>
#include <string_view>

namespace flypin::core {

/// `text` made safe for one log line: CR and LF become the two characters
/// "\r" and "\n", other control characters "\xNN", "##[" becomes "##\[", and a
/// "::" after leading blanks becomes ":\:".
std::string one_log_line(std::string_view text);

/// A one-line JSON text with every "##[" written "##\u005b": the same JSON
/// value (outside strings JSON never has a '#'), no legacy command for the
/// runner. A JSON line begins with '{' or '[', never with "::".
std::string command_free_json(std::string_view json);

}  // namespace flypin::core
