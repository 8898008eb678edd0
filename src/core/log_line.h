#pragma once
// What may appear on one line of flypin's log. The Actions runner reads every
// line of a step's output for workflow commands: "::name::" at the start of a
// line (after blanks), and the legacy "##[name]" anywhere in it. Text we echo
// (flag values, API answers, machine output) must never become one, so a log
// record is always exactly one line and never carries "##[".

#include <string>
#include <string_view>

namespace flypin::core {

/// `text` made safe for one log line: CR and LF become the two characters
/// "\r" and "\n", other control characters "\xNN", and "##[" becomes "##\[".
std::string one_log_line(std::string_view text);

}  // namespace flypin::core
