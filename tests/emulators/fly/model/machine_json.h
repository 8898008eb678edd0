#pragma once
// Machine, MachineEvent and CheckStatus as the Machines API renders them.

#include <string>
#include <vector>

#include "emulators/fly/model/machine.h"

namespace flypin::emulators::fly {

/// kSummary is list?summary=true: no config, checks, events or host_status.
enum class Detail { kFull, kSummary };
enum class SummaryImageRef { kKept, kLeftOut };

/// How a machine is rendered, beyond the machine itself.
struct Rendering {
  Detail detail = Detail::kFull;
  SummaryImageRef summary_image_ref = SummaryImageRef::kKept;
  /// Status of the bg_deployments_compat check flaps adds to a machine with checks.
  std::string compat_check_status = "passing";
};

/// A machine whose host_status is not ok has no config (only incomplete_config) and an empty image_ref.
std::string machine_json(const Machine& m, const Rendering& rendering = {});
std::string machines_json(const std::vector<Machine>& machines, const Rendering& rendering = {});
std::string events_json(const Machine& m);
/// The name of the compatibility check flaps inserts (fly-go strips every check whose name starts so).
inline constexpr const char* kCompatCheckName = "bg_deployments_compat_health";

/// {"error": message} (plus "status" when given), per ErrorResponse.
std::string error_json(const std::string& message, const std::string& status = "");

}  // namespace flypin::emulators::fly
