#include "cmd/pin-image/program.h"

#include "cmd/pin-image/outputs.h"
#include "cmd/pin-image/pin_image.h"
#include "cmd/pin-image/summary.h"

namespace flypin::cmd::pin_image {

Finished Program::run(const Plan& plan, World& world) {
  Deps deps{world.http, world.http, world.http, world.http, world.clock, world.processes, world.env, world.io};
  return finished(plan, pin_image::run(plan, deps));
}

}  // namespace flypin::cmd::pin_image
