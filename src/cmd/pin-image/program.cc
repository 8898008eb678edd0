#include "cmd/pin-image/program.h"

#include "cmd/pin-image/outputs.h"
#include "cmd/pin-image/pin_image.h"
#include "cmd/pin-image/summary.h"

namespace flypin::cmd::pin_image {

Finished Program::run(const Plan& plan, World& world) {
  Deps deps{world.http, world.http, world.http, world.clock, world.processes, world.env, world.io};
  const auto report = pin_image::run(plan, deps);
  return {outputs_of(plan.mode, report.outcome), summary_markdown(plan, report), report.error};
}

}  // namespace flypin::cmd::pin_image
