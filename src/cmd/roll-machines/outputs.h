#pragma once
// roll-machines' outputs, typed until cmd::finish writes them.

#include "cmd/common/outputs.h"
#include "cmd/roll-machines/roll_machines.h"

namespace flypin::cmd::roll_machines {

OutputList outputs_of(const Plan& plan, const Result& result);

/// The drift report as one JSON object: counts per digest and state, the drifted machines.
std::string report_json(const DriftReport& drift);

}  // namespace flypin::cmd::roll_machines
