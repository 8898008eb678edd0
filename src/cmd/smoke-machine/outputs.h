#pragma once

#include "cmd/common/outputs.h"
#include "cmd/smoke-machine/smoke_machine.h"

namespace flypin::cmd::smoke_machine {

/// A run's results, in the order they go to --json and GITHUB_OUTPUT. A smoke:
/// machine-id, region, image-digest, boot-ms, healthy-ms, logs (the last lines,
/// on failure), logs-note (why they may be incomplete); a reap: reaped,
/// reaped-ids. Both: leftover-machine-id (a machine that could not be
/// destroyed, "" when none). A failed run's go out too.
OutputList outputs_of(const Plan& plan, const Result& result);

}  // namespace flypin::cmd::smoke_machine
