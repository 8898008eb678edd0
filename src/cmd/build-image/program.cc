#include "cmd/build-image/program.h"

#include "cmd/build-image/build_image.h"
#include "cmd/build-image/outputs.h"
#include "cmd/build-image/summary.h"

namespace flypin::cmd::build_image {

Finished Program::run(const Plan& plan, World& world) {
  Deps deps{world.processes, world.http, world.env, world.io, world.clock};
  return finished(plan, build_image::run(plan, deps));
}

}  // namespace flypin::cmd::build_image
