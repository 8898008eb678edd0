#pragma once
// The machine's own output (fly/machine_logs.h) as smoke-machine shows it
// while it waits: new lines inside a collapsed group under Actions, the time a
// failure's lines lead up to, and the app's last line for the error. The last
// lines on failure are shown as every program shows them
// (cmd/common/machine_log_lines.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fly/log_entry.h"
#include "fly/machine.h"
#include "gha/actions_io.h"

namespace flypin::cmd::smoke_machine {

/// The app's new lines as they arrive (nothing when `lines` is empty).
void print_new_lines(gha::ActionsIO& io, const std::string& machine_id, const std::vector<fly::LogEntry>& lines);

/// When the machine stopped (its newest event, unix ns) if it is no longer
/// running: the logs are complete once a line from then on has arrived.
/// nullopt for a machine still up (health failing, timeout): read what is there.
std::optional<std::int64_t> failure_time(const fly::Machine& machine);

/// A line's text for the one-line error: redacted, one line, at most 300 characters.
std::string app_line_text(const fly::LogEntry& entry);

}  // namespace flypin::cmd::smoke_machine
