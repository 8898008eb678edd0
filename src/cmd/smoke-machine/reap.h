#pragma once
// --reap: destroy leftover smoke machines of the app older than a threshold (F14).

#include <string>
#include <vector>

#include "cmd/smoke-machine/deps.h"
#include "cmd/smoke-machine/options.h"
#include "core/result.h"

namespace flypin::cmd::smoke {

/// Ids of the machines destroyed.
core::Result<std::vector<std::string>> reap(const Plan& plan, Deps& deps);

/// The flypin_run metadata value for this run.
std::string run_label(const Plan& plan);

}  // namespace flypin::cmd::smoke
