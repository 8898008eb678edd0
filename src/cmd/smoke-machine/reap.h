#pragma once
// --reap: destroy leftover smoke machines of the app older than a threshold
// (F14), within the cleanup deadline, each destroy confirmed.

#include <string>
#include <vector>

#include "cmd/smoke-machine/deps.h"
#include "cmd/smoke-machine/plan.h"
#include "cmd/smoke-machine/smoke_machine.h"

namespace flypin::cmd::smoke_machine {

/// The smoke machines of the app (of this run, of --scope) older than
/// --older-than, destroyed; the ids in Outcome::reaped.
Result reap(const Plan& plan, Deps& deps);

/// The flypin_run metadata value for this run (fly::markers::kRun).
std::string run_label(const Plan& plan);

}  // namespace flypin::cmd::smoke_machine
