#pragma once
// build-image as cmd::run_program sees it (cmd/common/run_program.h).

#include "cmd/build-image/options.h"
#include "cmd/build-image/plan.h"
#include "cmd/common/outputs.h"
#include "cmd/common/world.h"

namespace flypin::cmd::build_image {

struct Program {
  static constexpr const char* kName = "build-image";
  static constexpr const char* kDescription =
      "Build an image, push it under an immutable deployment-<ULID> tag, and confirm the tag and its digest through "
      "the registry API.";
  using Options = build_image::Options;
  static constexpr auto add_flags = &build_image::add_flags;
  static constexpr auto validate = &build_image::validate;
  /// Deps from the real world, the run, and its outputs and summary.
  static Finished run(const Plan& plan, World& world);
};

}  // namespace flypin::cmd::build_image
