#pragma once

#include <string>

#include "cmd/smoke-machine/plan.h"
#include "cmd/smoke-machine/smoke_machine.h"

namespace flypin::cmd::smoke_machine {

/// The Markdown step summary for a finished run.
std::string summary_markdown(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::smoke_machine
