#pragma once
// pin-image as cmd::run_program sees it (cmd/common/run_program.h).

#include "cmd/common/outputs.h"
#include "cmd/common/world.h"
#include "cmd/pin-image/options.h"
#include "cmd/pin-image/plan.h"

namespace flypin::cmd::pin_image {

struct Program {
  static constexpr const char* kName = "pin-image";
  static constexpr const char* kDescription =
      "Prove an image exists in its registry, then pin it in the Supabase Edge Function secret that decides which "
      "image every Fly machine boots.";
  using Options = pin_image::Options;
  static constexpr auto add_flags = &pin_image::add_flags;
  static constexpr auto validate = &pin_image::validate;
  /// Deps from the real world, the run, and its outputs and summary.
  static Finished run(const Plan& plan, World& world);
};

}  // namespace flypin::cmd::pin_image
