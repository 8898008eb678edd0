#pragma once
// roll-machines: the fleet follows the pin. Resolve the pinned image's digest
// (proving first, with --project-ref, that it is what the secret names), list
// the app's machines, report the drift, and with --update move the drifted
// ones to the pin.

#include <optional>
#include <string>
#include <vector>

#include "cmd/common/run_result.h"
#include "cmd/roll-machines/deps.h"
#include "cmd/roll-machines/drift.h"
#include "cmd/roll-machines/machine_roll.h"
#include "cmd/roll-machines/plan.h"
#include "fly/machine_logs.h"

namespace flypin::cmd::roll_machines {

struct Outcome {
  std::string image;          // as given
  std::string digest;         // resolved pinned digest
  bool pin_verified = false;  // --project-ref: the secret names this image
  DriftReport drift;
  std::vector<MachineOutcome> rolled;  // every machine an update touched, in order
  /// --update all: the last log lines of the machine that failed on the pin, and its id.
  std::optional<fly::MachineLogs> logs;
  std::string logs_machine_id;
};

using Result = RunResult<Outcome>;

Result run(const Plan& plan, Deps& deps);

/// How many rolled machines ended so.
long long count_of(const Outcome& outcome, RollResult result);
/// The plain words for a selection (or an app) with no machine in it.
std::string no_machine_text(const Plan& plan);

}  // namespace flypin::cmd::roll_machines
