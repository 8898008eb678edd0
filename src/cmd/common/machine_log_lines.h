#pragma once
// A machine's last log lines (fly/machine_logs.h) where a failure report
// shows them: on the log, in a collapsed group under Actions, and in the step
// summary, collapsed too: the error above them says what failed, the lines
// say why. smoke-machine and roll-machines both show them so.

#include <string>

#include "fly/machine_logs.h"
#include "gha/actions_io.h"

namespace flypin::cmd {

/// The lines oldest first, one log line each, and one line more when they may
/// be incomplete or could not be read (naming the token variable, never its value).
void print_last_lines(gha::ActionsIO& io, const std::string& machine_id, const fly::MachineLogs& logs);

/// The same for the step summary: a <details> block of the lines, and the note.
std::string last_lines_markdown(const std::string& machine_id, const fly::MachineLogs& logs);

}  // namespace flypin::cmd
