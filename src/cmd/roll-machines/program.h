#pragma once
// roll-machines as cmd::run_program sees it (cmd/common/run_program.h).

#include "cmd/common/outputs.h"
#include "cmd/common/world.h"
#include "cmd/roll-machines/options.h"
#include "cmd/roll-machines/plan.h"

namespace flypin::cmd::roll_machines {

struct Program {
  static constexpr const char* kName = "roll-machines";
  static constexpr const char* kDescription =
      "Report which Fly machines are not on the pinned image, and move them to it: stopped ones in place, running "
      "ones canary first.";
  using Options = roll_machines::Options;
  static constexpr auto add_flags = &roll_machines::add_flags;
  static constexpr auto validate = &roll_machines::validate;
  static Finished run(const Plan& plan, World& world);
};

}  // namespace flypin::cmd::roll_machines
