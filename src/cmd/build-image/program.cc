#include "cmd/build-image/program.h"

#include "cmd/build-image/build_image.h"
#include "cmd/build-image/outputs.h"
#include "cmd/build-image/summary.h"

namespace flypin::cmd::build_image {

Finished Program::run(const Plan& plan, World& world) {
  Deps deps{world.processes, world.http, world.env, world.io, world.clock};
  auto outcome = build_image::run(plan, deps);
  if (!outcome.ok()) return {.error = std::move(outcome).error()};
  return {outputs_of(*outcome), summary_markdown(*outcome), std::nullopt};
}

}  // namespace flypin::cmd::build_image
