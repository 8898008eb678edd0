#pragma once
// Machine, MachineEvent and CheckStatus as the Machines API renders them.

#include <string>
#include <vector>

#include "emulators/fly/model/machine.h"

namespace flypin::emulators::fly {

/// kSummary is list?summary=true: no config, checks or events.
enum class Detail { kFull, kSummary };

std::string machine_json(const Machine& m);
std::string machines_json(const std::vector<Machine>& machines, Detail detail = Detail::kFull);
std::string events_json(const Machine& m);
/// {"error": message} (plus "status" when given), per ErrorResponse.
std::string error_json(const std::string& message, const std::string& status = "");

}  // namespace flypin::emulators::fly
