#pragma once
// Waiting for one version of a machine to be started and healthy, as Fly
// really answers (tests/emulators/fly/FIDELITY.md): the wait endpoint is
// looped (408 is "not yet"); a GET that still says starting after the wait
// said started is waited out (reads are eventually consistent, R6); a
// machine on another version has been reverted or replaced; and health is
// fly::health_of: every check its config names passing, compat checks
// ignored, each check given the time to run since the start. A machine
// without checks must still be started a few seconds later.

#include <chrono>
#include <functional>
#include <string>

#include "core/clock.h"
#include "fly/client.h"

namespace flypin::cmd::roll_machines {

struct HealthWait {
  std::string app;
  std::string id;
  std::string version;  // the instance_id that must be started and healthy
  core::Clock::TimePoint deadline;
  /// Runs between calls (keeping the lease alive); a failed Status stops the wait.
  std::function<core::Status()> between;
};

enum class WaitEnd { kHealthy, kUnhealthy, kInterrupted };

struct HealthOutcome {
  WaitEnd end = WaitEnd::kUnhealthy;
  std::string why;  // one line ("" when healthy)
};

HealthOutcome wait_healthy(fly::Client& fly, core::Clock& clock, const HealthWait& wait);

}  // namespace flypin::cmd::roll_machines
