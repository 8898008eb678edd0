#pragma once
// When a machine counts as healthy, for every program that judges one
// (tests/emulators/fly/FIDELITY.md C1-C7): every check its config names
// reports passing, and a check not (yet) listed is not passing, so an empty
// or partial list is never healthy (Fly lists a check once it has run); the
// bg_deployments_compat* checks that flaps adds for old flyctls are ignored,
// as fly-go strips them; and a status is believed only once each check has
// had the time to run since the machine (re)started, because results may be
// carried over from the run or the version before.

#include <chrono>
#include <string>

#include "fly/machine.h"

namespace flypin::fly {

enum class Health { kHealthy, kNotYet };

struct HealthVerdict {
  Health health = Health::kNotYet;
  std::string why;  // what is missing, one line ("" when healthy)
};

/// A check flaps adds for compatibility (fly-go's RemoveCompatChecks): never judged.
bool is_compat_check(const std::string& name);

/// How long after a start every configured check has had a run of its own:
/// the longest grace period + interval + timeout (0 without checks).
std::chrono::milliseconds settle_time(const MachineConfig& config);

enum class Settled { kNo, kYes };
/// `settled`: settle_time has passed since the machine was seen to start.
HealthVerdict health_of(const Machine& machine, Settled settled);

}  // namespace flypin::fly
