#pragma once
// Destroying what a run created, on every path, within a deadline of its own
// (--cleanup-timeout). The API may be throttling or down right then, so every
// call is retried until that deadline (core::RetryPolicy::until), honouring
// Retry-After, instead of giving up after a few seconds. A signal does not cut
// cleanup short. Only a destroy the API confirmed counts; whatever is left is
// a Leftover, named with the command that removes it.

#include <optional>
#include <string>

#include "cmd/smoke-machine/deps.h"
#include "cmd/smoke-machine/plan.h"
#include "fly/client.h"

namespace flypin::cmd::smoke_machine {

/// A machine a run created that still exists, or may.
struct Leftover {
  std::string id;  // empty when only its name is known (a create whose answer was lost)
  std::string name;
  std::string marker;  // the create's marker (fly::markers::kCreate), when the id is unknown
  std::string reason;  // why it is still there

  /// One line: what is left, why, and the command that removes it (or finds it).
  std::string describe(const std::string& app) const;
};

/// "fly machine destroy <id> --app <app> --force"
std::string destroy_command(const std::string& app, const std::string& id);

class Cleanup {
 public:
  /// The deadline starts now: plan.cleanup_timeout from here.
  Cleanup(const Plan& plan, Deps& deps);

  /// Destroys the machine and waits until the API confirms it is gone.
  core::Status destroy(const std::string& id);

  /// For a create whose fate is unknown: the id of the machine carrying
  /// `marker`; nullopt once the API has said there is none for `patience`
  /// (a create cut off in flight may land a while later).
  core::Result<std::optional<std::string>> find(const std::string& name, const std::string& marker,
                                                std::chrono::milliseconds patience);

 private:
  const Plan& plan_;
  Deps& deps_;
  core::Clock::TimePoint deadline_;
  fly::Client fly_;
};

}  // namespace flypin::cmd::smoke_machine
