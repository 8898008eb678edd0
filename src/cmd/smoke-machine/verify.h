#pragma once
// Read-back checks: the machine is where and what we asked for (F8, F10, F11).

#include "cmd/smoke-machine/plan.h"
#include "core/result.h"
#include "fly/machine.h"

namespace flypin::cmd::smoke_machine {

core::Status verify_placement(const Plan& plan, const fly::Machine& machine);

}  // namespace flypin::cmd::smoke_machine
