#pragma once
// The step summary: the drift table, what an update did, a failed machine's
// log lines (as every program shows them: cmd/common/machine_log_lines.h).

#include <string>

#include "cmd/roll-machines/plan.h"
#include "cmd/roll-machines/roll_machines.h"

namespace flypin::cmd::roll_machines {

std::string summary_markdown(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::roll_machines
