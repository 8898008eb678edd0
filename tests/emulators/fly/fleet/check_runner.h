#pragma once
// A machine's checks, run for real inside its network namespace as Fly runs
// them: HTTP checks pass on 2xx (the body is the output), TCP checks on a
// connect; anything else is critical with a Go-like message.

#include <sys/types.h>

#include <string>

#include "emulators/fly/model/machine.h"

namespace flypin::emulators::fly {

struct CheckOutcome {
  std::string status;  // passing | critical
  std::string output;
};

/// One run of `spec` against 127.0.0.1 in pid's netns (0: the host's).
CheckOutcome run_check(const CheckSpec& spec, pid_t netns_pid);

}  // namespace flypin::emulators::fly
