#pragma once
// smoke-machine as cmd::run_program sees it (cmd/common/run_program.h).

#include "cmd/common/outputs.h"
#include "cmd/common/world.h"
#include "cmd/smoke-machine/options.h"
#include "cmd/smoke-machine/plan.h"

namespace flypin::cmd::smoke_machine {

struct Program {
  static constexpr const char* kName = "smoke-machine";
  static constexpr const char* kDescription =
      "Boot an image on a throwaway Fly machine in the given region and size, prove /health answers, and destroy "
      "the machine on every path.";
  using Options = smoke_machine::Options;
  static constexpr auto add_flags = &smoke_machine::add_flags;
  static constexpr auto validate = &smoke_machine::validate;
  /// Deps from the real world, the run, and its outputs and summary.
  static Finished run(const Plan& plan, World& world);
};

}  // namespace flypin::cmd::smoke_machine
