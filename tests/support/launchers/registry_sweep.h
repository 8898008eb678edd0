#pragma once
// The local stack's model of Fly's registry pruning, for end-to-end tests:
// tests/support/testbed/sweep_registry.py deletes from a LocalRegistry every
// deployment-* tag that no machine of the Fly emulator references.

#include <string>
#include <vector>

#include "support/testbed/testbed.h"

namespace flypin::e2e {

struct SweepResult {
  int exit_code = -1;
  std::vector<std::string> pruned;  // host/repo:tag, sorted
  std::vector<std::string> kept;
  std::string err;
};

/// Sweeps `repository` (every repository when ""), asking the emulator at `fly_api_url` what its machines reference.
SweepResult sweep_registry(const testbed::LocalRegistry& registry, const std::string& fly_api_url,
                           const std::string& repository = "");

}  // namespace flypin::e2e
