#pragma once
// Rules the fleet's files share: its errors, the config as echoed, which states are active.

#include <string>
#include <vector>

#include "core/error.h"
#include "emulators/fly/fleet/variants.h"
#include "emulators/fly/model/machine.h"

namespace flypin::emulators::fly {

/// An error the API answers with `status`.
core::Error http_error(int status, std::string message);
/// The config as echoed: what was sent, with the guest the machine really got.
std::string effective_config(const std::string& config_json, const Guest& guest);
/// A machine with a process (or about to have one).
bool is_active(const std::string& state);
/// Check results before each check's first run: none listed, or "warning" (the variant).
std::vector<CheckResult> first_run_results(const std::vector<CheckSpec>& checks, ChecksBeforeFirstRun form,
                                           const std::string& now);
/// The results of a new version or run of `checks`: those of the same name carried over (kept)
/// or every one back to its first-run form (reset).
std::vector<CheckResult> results_after_restart(const std::vector<CheckSpec>& checks,
                                               const std::vector<CheckResult>& before, const FlyVariants& variants,
                                               const std::string& now);

}  // namespace flypin::emulators::fly
