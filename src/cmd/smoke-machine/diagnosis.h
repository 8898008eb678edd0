#pragma once
// Why a machine did not become healthy, in one line, after logging the events
// that show it (exit code, OOM, pull errors): F3, F4, F6, F8.

#include <string>

#include "core/error.h"
#include "fly/machine.h"

namespace flypin::cmd::smoke_machine {

/// Log the machine's recent events, most recent last.
void log_events(const std::vector<fly::Event>& events);

/// The error for a machine that stopped, failed or vanished before it was healthy.
core::Error machine_failed(const fly::Machine& machine, const std::string& phase);

/// The error for a machine whose process is up but whose health never passed (F5).
core::Error health_failing(const fly::Machine& machine, const std::string& path, int port, const std::string& waited);

}  // namespace flypin::cmd::smoke_machine
