#include "cmd/smoke-machine/program.h"

#include "cmd/smoke-machine/outputs.h"
#include "cmd/smoke-machine/smoke_machine.h"
#include "cmd/smoke-machine/summary.h"

namespace flypin::cmd::smoke_machine {

Finished Program::run(const Plan& plan, World& world) {
  Deps deps{world.http, world.clock, world.io};
  return finished(plan, smoke_machine::run(plan, deps));
}

}  // namespace flypin::cmd::smoke_machine
