#pragma once
// The testable body of smoke-machine: boot the image on a throwaway Fly
// machine, prove it healthy, and destroy the machine on every path.

#include <optional>
#include <string>
#include <vector>

#include "cmd/common/run_result.h"
#include "cmd/smoke-machine/cleanup.h"
#include "cmd/smoke-machine/deps.h"
#include "cmd/smoke-machine/plan.h"
#include "fly/machine_logs.h"

namespace flypin::cmd::smoke_machine {

struct Outcome {
  std::string machine_id;
  std::string machine_name;
  std::string region;
  std::string image_digest;
  long long boot_ms = 0;
  long long healthy_ms = 0;
  bool restarted = false;
  bool destroyed = false;                // the API confirmed it
  std::vector<std::string> reaped;       // --reap: ids destroyed
  std::optional<Leftover> leftover;      // a machine this run created that is still there (or may be)
  std::optional<fly::MachineLogs> logs;  // the machine's last lines, read when the smoke failed
};

/// The outcome, and why the run failed (the leftover, if any, named last).
using Result = RunResult<Outcome>;

Result run(const Plan& plan, Deps& deps);

}  // namespace flypin::cmd::smoke_machine
